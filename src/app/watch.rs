//! Hot reload: when a flow file changes on disk it is loaded and checked
//! again on the watcher's own thread, and the result handed to the UI.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use notify::{RecursiveMode, Watcher};

use super::worker::ConvId;
use crate::flow::{self, LoadedFlow};

pub struct Reload {
    pub conv: ConvId,
    pub result: Loaded,
}

/// A flow file as the watcher found it.
pub enum Loaded {
    /// It loads; its `check` warnings as `check` prints them.
    Flow(Box<LoadedFlow>, Vec<String>),
    /// It has errors (and maybe warnings), as `check` prints them.
    Broken(Vec<String>),
    /// It was deleted (or renamed away).
    Deleted,
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
        let result = match event.kind {
            _ if !touches => return,
            notify::EventKind::Create(_) | notify::EventKind::Modify(_) => load(&watched),
            // Editors save by writing elsewhere and renaming over the file:
            // gone only if it is still gone.
            notify::EventKind::Remove(_) if !watched.exists() => Loaded::Deleted,
            _ => return,
        };
        if tx.send(Reload { conv, result }).is_ok() {
            wake();
        }
    })?;
    watcher.watch(&dir, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Loads and checks a flow, with its diagnostics as `check` prints them.
pub fn load(file: &Path) -> Loaded {
    match flow::load(file) {
        Ok((flow, warnings)) => Loaded::Flow(Box::new(flow), warnings.render()),
        Err(diagnostics) => Loaded::Broken(diagnostics.render()),
    }
}
