//! Opening a link in the user's browser, off the UI thread (a launcher
//! may take its time), and saying why when it cannot.

use std::sync::mpsc;

/// Opens a link; `Err` says why it could not, in words.
pub type Opener = fn(&str) -> Result<(), String>;

/// The computer's default browser.
pub fn system_browser(url: &str) -> Result<(), String> {
    webbrowser::open(url).map_err(|e| e.to_string())
}

pub struct Links {
    opener: Opener,
    failed_tx: mpsc::Sender<String>,
    failed: mpsc::Receiver<String>,
}

impl Links {
    pub fn new(opener: Opener) -> Self {
        let (failed_tx, failed) = mpsc::channel();
        Links {
            opener,
            failed_tx,
            failed,
        }
    }

    /// Opens `url` in the background; `wake` is called when it failed.
    pub fn open(&self, url: String, wake: impl FnOnce() + Send + 'static) {
        if !crate::protocol::is_http(&url) {
            let _sent = self
                .failed_tx
                .send(format!("cannot open {url}: only http(s) links open"));
            wake();
            return;
        }
        let (opener, tx) = (self.opener, self.failed_tx.clone());
        let spawned = std::thread::Builder::new()
            .name("desksim-link".into())
            .spawn(move || {
                if let Err(why) = opener(&url) {
                    let _sent = tx.send(format!("cannot open {url}: {why}"));
                    wake();
                }
            });
        if let Err(e) = spawned {
            let _sent = self.failed_tx.send(format!(
                "cannot open the link: no thread to open it on ({e})"
            ));
        }
    }

    /// Why the links opened since the last call could not be.
    pub fn failures(&self) -> Vec<String> {
        self.failed.try_iter().collect()
    }
}
