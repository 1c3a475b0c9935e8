//! The files the app opens at start: the flows of the conversation list
//! and the product cards of the picker.

use std::path::{Path, PathBuf};

use crate::protocol::{self, ProductCard};

/// The flows of the conversation list: `first` (the `--flow` file), then
/// the examples in `dir` with the default flow leading them.
pub fn flow_files(first: Option<&Path>, dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = first.map(Path::to_owned).into_iter().collect();
    let default = PathBuf::from(crate::DEFAULT_FLOW);
    let default_name = default.file_name().map(|n| n.to_owned());
    let mut examples: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json") && !p.ends_with("flow.schema.json")
                })
                .collect()
        })
        .unwrap_or_default();
    examples.sort_by_key(|p| {
        (
            p.file_name().map(|n| n.to_owned()) != default_name,
            p.clone(),
        )
    });
    let same = |a: &Path, b: &Path| std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok();
    for e in examples {
        if !files.iter().any(|f| same(f, &e)) {
            files.push(e);
        }
    }
    if files.is_empty() {
        files.push(default);
    }
    files
}

/// The product cards of the picker; a file that is missing or broken
/// gives none, and says why. A card's picture travels to the service as it
/// is, so only http(s) addresses are kept (the others are named).
pub fn load_cards(file: &Path) -> Result<(Vec<ProductCard>, Vec<String>), String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("{}: cannot read the product cards: {e}", file.display()))?;
    let mut cards: Vec<ProductCard> = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a list of product cards: {e}", file.display()))?;
    let mut dropped = Vec::new();
    for card in &mut cards {
        if !card.pic.is_empty() && !protocol::is_http(&card.pic) {
            dropped.push(format!(
                "{}: the picture of {:?} is not an http(s) address ({:?}); the card goes without it",
                file.display(),
                card.header,
                card.pic
            ));
            card.pic.clear();
        }
    }
    Ok((cards, dropped))
}
