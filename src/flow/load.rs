//! Reading a flow file: JSON with a typed shape, every problem collected as
//! a diagnostic with its place, never a panic and never the first error only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::check;
use super::diagnostic::{Diagnostic, Diagnostics};
use super::file::{FileError, read_text, without_byte_order_mark};
use super::model::*;
use super::path::JsonPath;
use crate::protocol::plain_serde_message;

/// Bigger files are refused before parsing.
pub const MAX_FLOW_BYTES: usize = 64 * 1024 * 1024;

/// A flow that loaded without errors (it may have warnings), ready to run.
#[derive(Debug, Clone)]
pub struct LoadedFlow {
    pub flow: Flow,
    /// The file it came from; local image paths are relative to its folder.
    pub file: PathBuf,
    index: HashMap<String, usize>,
}

impl LoadedFlow {
    /// A flow taken as it is, without `check`: for tests of what the engine
    /// does with flows that `check` would refuse.
    pub fn unchecked(flow: Flow, file: PathBuf) -> Self {
        let index = flow
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id().to_owned(), i))
            .collect();
        LoadedFlow { flow, file, index }
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.flow.nodes[i])
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn dir(&self) -> &Path {
        self.file.parent().unwrap_or(Path::new("."))
    }

    /// Markdown with its local image paths resolved (see [`Self::resolve_pic`]).
    pub fn resolve_markdown(&self, markdown: &str) -> String {
        crate::protocol::map_markdown_images(markdown, |target| self.resolve_pic(target))
    }

    /// A picture as it travels: a path under `settings.assets.dir` becomes
    /// its address under `settings.assets.base_url` (the same on every
    /// machine); http(s) addresses pass through.
    pub fn resolve_pic(&self, pic: &str) -> String {
        match &self.flow.settings.assets {
            Some(a) if !pic.is_empty() && !crate::protocol::is_http(pic) => {
                let base = a.base_url.trim_end_matches('/');
                format!("{base}/{}", pic.trim_start_matches("./"))
            }
            _ => pic.to_owned(),
        }
    }

    /// Where the flow's pictures are on this computer, under the address
    /// they are served from: `(base_url, dir)`.
    pub fn local_assets(&self) -> Option<(String, std::path::PathBuf)> {
        let a = self.flow.settings.assets.as_ref()?;
        let dir = self.dir().join(&a.dir);
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        Some((a.base_url.clone(), dir))
    }
}

/// Reads and checks a flow file.
pub fn load(file: &Path) -> Result<(LoadedFlow, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics {
        file: file.to_owned(),
        items: Vec::new(),
    };
    let text = match read_text(file, MAX_FLOW_BYTES as u64) {
        Ok(text) => text,
        Err(e) => {
            let at = match e {
                FileError::NotUtf8 { line, column } => Diagnostic::at(line, column, e.to_string()),
                // Not a place in the text: the file as a whole.
                _ => Diagnostic::whole_file(e.to_string()),
            };
            diags.items.push(at);
            return Err(diags);
        }
    };
    load_str(&text, file)
}

/// Checks a flow given as text (a leading byte-order mark is skipped);
/// `file` names it in diagnostics and anchors local image paths.
pub fn load_str(text: &str, file: &Path) -> Result<(LoadedFlow, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics {
        file: file.to_owned(),
        items: Vec::new(),
    };
    let text = without_byte_order_mark(text);
    let flow = parse(text, &mut diags.items);
    if let Some(flow) = &flow {
        check::check(
            flow,
            file.parent().unwrap_or(Path::new(".")),
            &mut diags.items,
        );
    }
    diags.locate(text);
    match flow {
        Some(flow) if !diags.has_errors() => {
            Ok((LoadedFlow::unchecked(flow, file.to_owned()), diags))
        }
        _ => Err(diags),
    }
}

/// The typed flow, or `None` with the reasons in `out`. Nodes are read one
/// by one so that every broken node is reported, each at its own place.
fn parse(text: &str, out: &mut Vec<Diagnostic>) -> Option<Flow> {
    let mut root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = if e.to_string().contains("recursion limit") {
                "nested too deeply".to_owned()
            } else {
                // Said first, so a file that is not a flow at all (or not
                // JSON) is told apart from a flow with a typo.
                format!("not JSON: {}", plain_serde_message(&e, None))
            };
            out.push(Diagnostic::at(e.line().max(1), e.column().max(1), message));
            return None;
        }
    };
    let Value::Object(map) = &mut root else {
        out.push(Diagnostic::error(
            JsonPath::root(),
            "a flow is a JSON object",
        ));
        return None;
    };
    let nodes = map.insert("nodes".to_owned(), Value::Array(Vec::new()));
    let head: Option<Flow> = typed(&root, &JsonPath::root(), out);
    let nodes_path = JsonPath::root().key("nodes");
    let nodes = match nodes {
        Some(Value::Array(nodes)) => nodes,
        Some(other) => {
            out.push(Diagnostic::error(
                nodes_path,
                format!("expected an array of nodes, found {}", kind_of(&other)),
            ));
            return None;
        }
        None => {
            out.push(Diagnostic::error(
                JsonPath::root(),
                "`nodes` is missing (required)",
            ));
            return None;
        }
    };
    let mut typed_nodes = Vec::with_capacity(nodes.len());
    let mut ok = true;
    for (i, node) in nodes.into_iter().enumerate() {
        match read_node(node, &nodes_path.index(i), out) {
            Some(n) => typed_nodes.push(n),
            None => ok = false,
        }
    }
    let mut flow = head?;
    if !ok {
        return None;
    }
    flow.nodes = typed_nodes;
    Some(flow)
}

fn read_node(mut body: Value, path: &JsonPath, out: &mut Vec<Diagnostic>) -> Option<Node> {
    // The tag is not a field of the node structs: taken out, not copied.
    let kind = match &mut body {
        Value::Object(map) => map.remove("type"),
        _ => None,
    };
    let Some(kind) = kind else {
        out.push(Diagnostic::error(path.clone(), "the node has no `type`"));
        return None;
    };
    let Value::String(kind) = kind else {
        out.push(Diagnostic::error(
            path.key("type"),
            format!("expected a string, found {}", kind_of(&kind)),
        ));
        return None;
    };
    let body = &body;
    Some(match kind.as_str() {
        "message" => Node::Message(typed(body, path, out)?),
        "branch" => Node::Branch(typed(body, path, out)?),
        "form" => Node::Form(typed(body, path, out)?),
        "condition" => Node::Condition(typed(body, path, out)?),
        "service_hours" => Node::ServiceHours(typed(body, path, out)?),
        "transfer" => Node::Transfer(typed(body, path, out)?),
        "satisfaction" => Node::Satisfaction(typed(body, path, out)?),
        "end" => Node::End(typed(body, path, out)?),
        other => {
            out.push(Diagnostic::error(
                path.key("type"),
                format!(
                    "unknown node type {other:?}; expected one of message, branch, form, condition, service_hours, transfer, satisfaction, end"
                ),
            ));
            return None;
        }
    })
}

fn typed<T: DeserializeOwned>(
    value: &Value,
    path: &JsonPath,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    // Path tracking costs on every value: only a failure is read again
    // with it, to say where.
    if let Ok(v) = T::deserialize(value) {
        return Some(v);
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let full = path.join_serde(e.path());
            let message = e.inner().to_string();
            let unknown_field =
                message.starts_with("unknown field") || message.starts_with("unknown variant");
            let found = lookup(value, e.path());
            let mut d = Diagnostic::error(full, plain_serde_message(e.inner(), found));
            d.at_key = unknown_field;
            out.push(d);
            None
        }
    }
}

fn lookup<'v>(root: &'v Value, path: &serde_path_to_error::Path) -> Option<&'v Value> {
    let mut node = root;
    for seg in path.iter() {
        node = match seg {
            serde_path_to_error::Segment::Seq { index } => node.get(*index)?,
            serde_path_to_error::Segment::Map { key } => node.get(key)?,
            _ => return None,
        };
    }
    Some(node)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
