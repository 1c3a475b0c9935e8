//! Pictures for cards and rich text: an egui image loader that fetches
//! `http(s)` addresses (reqwest), decodes with the `image` crate and
//! downscales to display size, all on the tokio runtime, never on the UI
//! thread. Results are cached by address. Addresses under a flow's
//! `settings.assets.base_url` are read from its `dir` on this computer, so
//! the example flows work offline; `file://` addresses are never read (the
//! official clients load only http(s) pictures, and a message must not
//! make desksim read the user's disk).

use std::collections::HashMap;
use std::path::PathBuf;
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
    /// Addresses served from this computer: (base URL, folder).
    local: Mutex<Vec<(String, PathBuf)>>,
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
            local: Mutex::default(),
        }
    }

    /// Pictures under `base_url` are read from `dir` from now on.
    pub fn serve_locally(&self, base_url: &str, dir: PathBuf) {
        if let Ok(mut local) = self.local.lock()
            && !local.iter().any(|(b, d)| b == base_url && *d == dir)
        {
            local.push((base_url.to_owned(), dir));
        }
    }

    /// The file on this computer an address is served from, if any; never
    /// a path that climbs out of the folder.
    fn local_file(&self, uri: &str) -> Option<PathBuf> {
        let local = self.local.lock().ok()?;
        local.iter().find_map(|(base, dir)| {
            let rest = uri.strip_prefix(base.as_str())?;
            let rest = rest.split(['?', '#']).next().unwrap_or_default();
            let path = std::path::Path::new(rest);
            let inside = path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            (inside && !rest.is_empty()).then(|| dir.join(path))
        })
    }
}

impl ImageLoader for DeskImageLoader {
    fn id(&self) -> &str {
        concat!(module_path!(), "::DeskImageLoader")
    }

    fn load(&self, ctx: &egui::Context, uri: &str, _: SizeHint) -> ImageLoadResult {
        if uri.starts_with("file://") {
            return Err(LoadError::Loading(
                "a picture on this computer (file://) is not loaded: the official clients load only http(s) pictures".into(),
            ));
        }
        if !crate::protocol::is_http(uri) {
            return Err(LoadError::NotSupported);
        }
        let local = self.local_file(uri);
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
            let bytes = match local {
                Some(file) => tokio::task::spawn_blocking(move || read_file(&file))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|r| r),
                None => fetch(&uri, http).await,
            };
            let slot = match bytes {
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

fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if meta.len() as usize > MAX_BYTES {
        return Err(format!("{shown}: larger than {} MB", MAX_BYTES >> 20));
    }
    std::fs::read(path).map_err(|e| format!("{shown}: {e}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn loader() -> (tokio::runtime::Runtime, DeskImageLoader) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let loader = DeskImageLoader::new(runtime.handle().clone());
        (runtime, loader)
    }

    #[test]
    fn addresses_under_a_flow_s_assets_are_read_from_its_folder_and_never_above_it() {
        let (_rt, loader) = loader();
        loader.serve_locally(
            "https://desksim.example/assets/",
            PathBuf::from("/srv/assets"),
        );
        assert_eq!(
            loader.local_file("https://desksim.example/assets/retail/a.png"),
            Some(PathBuf::from("/srv/assets/retail/a.png"))
        );
        assert_eq!(
            loader.local_file("https://desksim.example/assets/../secret.png"),
            None
        );
        assert_eq!(
            loader.local_file("https://other.example/assets/a.png"),
            None
        );
    }

    #[test]
    fn a_file_address_is_never_read() {
        let (_rt, loader) = loader();
        let ctx = egui::Context::default();
        let result = loader.load(&ctx, "file:///etc/hostname.png", SizeHint::default());
        assert!(matches!(result, Err(LoadError::Loading(why)) if why.contains("http(s)")));
    }
}
