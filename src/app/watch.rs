//! Hot reload: when a flow file changes on disk it is loaded and checked
//! again on the watcher's own thread, and the result handed to the UI.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use notify::{RecursiveMode, Watcher};

use super::worker::ConvId;
use crate::flow::{self, LoadedFlow};

pub struct Reload {
    pub conv: ConvId,
    /// The new flow, or its `check` diagnostics.
    pub result: Result<LoadedFlow, Vec<String>>,
}

/// Watches `file` (through its folder, since editors replace files rather
/// than write them in place). Dropping the watcher stops it.
pub fn watch(
    conv: ConvId,
    file: &Path,
    tx: mpsc::Sender<Reload>,
    wake: impl Fn() + Send + 'static,
) -> notify::Result<notify::RecommendedWatcher> {
    let target: PathBuf = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_owned());
    let dir = target
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."));
    let watched = target.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let touches = event
            .paths
            .iter()
            .any(|p| std::fs::canonicalize(p).map_or_else(|_| p == &watched, |c| c == watched));
        let changes = matches!(
            event.kind,
            notify::EventKind::Create(_) | notify::EventKind::Modify(_)
        );
        if !(touches && changes) {
            return;
        }
        let result = load(&watched);
        if tx.send(Reload { conv, result }).is_ok() {
            wake();
        }
    })?;
    watcher.watch(&dir, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Loads and checks a flow, with its diagnostics as `check` prints them.
pub fn load(file: &Path) -> Result<LoadedFlow, Vec<String>> {
    flow::load(file).map(|(f, _)| f).map_err(|d| d.render())
}
