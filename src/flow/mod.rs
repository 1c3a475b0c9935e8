//! Flow files: the model, loading with positions for diagnostics, the
//! checks behind `desksim check`, and the JSON Schema editors use.
//! Nothing here runs a flow (that is `backend::local`).

pub mod check;
pub mod defaults;
mod diagnostic;
pub mod file;
pub mod hours;
mod load;
pub mod model;
mod path;
pub mod text;

pub use defaults::{TextKey, Texts};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use load::{LoadedFlow, MAX_FLOW_BYTES, load, load_str};
pub use model::*;
pub use path::JsonPath;

/// The JSON Schema of flow files, as committed in `flows/flow.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Flow);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
