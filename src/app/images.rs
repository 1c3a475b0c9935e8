//! Pictures for cards and rich text: an egui image loader that fetches
//! `http(s)` addresses (reqwest) and reads `file://` paths, decodes with the
//! `image` crate and downscales to display size, all on the tokio runtime,
//! never on the UI thread. Results are cached by address.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use egui::ColorImage;
use egui::load::{ImageLoadResult, ImageLoader, ImagePoll, LoadError, SizeHint};

/// Pictures are downscaled to fit this box (pixels): enough for a card on
/// a high-density screen, small enough to upload in a frame.
pub const MAX_SIDE: u32 = 720;
/// Bigger downloads or files are refused.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone)]
enum Slot {
    Loading,
    Ready(Arc<ColorImage>),
    Failed(String),
}

pub struct DeskImageLoader {
    runtime: tokio::runtime::Handle,
    http: Option<reqwest::Client>,
    cache: Arc<Mutex<HashMap<String, Slot>>>,
}

impl DeskImageLoader {
    pub fn new(runtime: tokio::runtime::Handle) -> Self {
        crate::net::install_crypto();
        // Without CA certificates reqwest cannot build a client; file
        // pictures still load and http ones get a clear error.
        let http = reqwest::Client::builder().timeout(TIMEOUT).build().ok();
        DeskImageLoader {
            runtime,
            http,
            cache: Arc::default(),
        }
    }
}

impl ImageLoader for DeskImageLoader {
    fn id(&self) -> &str {
        concat!(module_path!(), "::DeskImageLoader")
    }

    fn load(&self, ctx: &egui::Context, uri: &str, _: SizeHint) -> ImageLoadResult {
        let is_file = uri.starts_with("file://");
        if !is_file && !crate::protocol::is_http(uri) {
            return Err(LoadError::NotSupported);
        }
        // A message names the file: only pictures are read, whatever a
        // service puts in a `pic`.
        if is_file && !is_picture_path(uri) {
            return Err(LoadError::Loading(
                "only local pictures (png, jpg, gif, webp) are shown".into(),
            ));
        }
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| LoadError::Loading("image cache poisoned".into()))?;
        match cache.get(uri) {
            Some(Slot::Ready(image)) => {
                return Ok(ImagePoll::Ready {
                    image: image.clone(),
                });
            }
            Some(Slot::Failed(e)) => return Err(LoadError::Loading(e.clone())),
            Some(Slot::Loading) => return Ok(ImagePoll::Pending { size: None }),
            None => {}
        }
        cache.insert(uri.to_owned(), Slot::Loading);
        drop(cache);
        let (uri, cache, ctx, http) = (
            uri.to_owned(),
            self.cache.clone(),
            ctx.clone(),
            self.http.clone(),
        );
        self.runtime.spawn(async move {
            let slot = match fetch(&uri, http).await {
                Ok(bytes) => match tokio::task::spawn_blocking(move || decode(&bytes)).await {
                    Ok(Ok(image)) => Slot::Ready(Arc::new(image)),
                    Ok(Err(e)) => Slot::Failed(e),
                    Err(e) => Slot::Failed(format!("decoding stopped: {e}")),
                },
                Err(e) => Slot::Failed(e),
            };
            if let Ok(mut cache) = cache.lock() {
                cache.insert(uri, slot);
            }
            ctx.request_repaint();
        });
        Ok(ImagePoll::Pending { size: None })
    }

    fn forget(&self, uri: &str) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(uri);
        }
    }

    fn forget_all(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }

    fn byte_size(&self) -> usize {
        self.cache.lock().map_or(0, |c| {
            c.values()
                .map(|s| match s {
                    Slot::Ready(i) => i.pixels.len() * 4,
                    _ => 0,
                })
                .sum()
        })
    }

    fn has_pending(&self) -> bool {
        self.cache
            .lock()
            .is_ok_and(|c| c.values().any(|s| matches!(s, Slot::Loading)))
    }
}

async fn fetch(uri: &str, http: Option<reqwest::Client>) -> Result<Vec<u8>, String> {
    if let Some(path) = uri.strip_prefix("file://") {
        let path = path.to_owned();
        return tokio::task::spawn_blocking(move || read_file(&path))
            .await
            .map_err(|e| e.to_string())?;
    }
    let http = http.ok_or("no HTTPS client (are CA certificates installed?)")?;
    let response = http
        .get(uri)
        .send()
        .await
        .map_err(|e| format!("cannot fetch: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("the server answered {}", response.status()));
    }
    if response
        .content_length()
        .is_some_and(|n| n as usize > MAX_BYTES)
    {
        return Err(format!("larger than {} MB", MAX_BYTES >> 20));
    }
    let mut response = response;
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("download broke off: {e}"))?
    {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_BYTES {
            return Err(format!("larger than {} MB", MAX_BYTES >> 20));
        }
    }
    Ok(bytes)
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?;
    if meta.len() as usize > MAX_BYTES {
        return Err(format!("{path}: larger than {} MB", MAX_BYTES >> 20));
    }
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

/// Decodes and downscales to fit [`MAX_SIDE`].
pub fn decode(bytes: &[u8]) -> Result<ColorImage, String> {
    let image = image::load_from_memory(bytes)
        .map_err(|e| format!("not a picture desksim can read: {e}"))?;
    let image = if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        image.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        image
    };
    let rgba = image.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

fn is_picture_path(uri: &str) -> bool {
    let ext = uri
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "webp")
}
