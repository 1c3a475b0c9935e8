//! Where in a flow file a problem is: a JSON path (`nodes[3].items[1].next`)
//! and, found from the text only when a problem is reported, its line and
//! column.

use std::fmt;

use jsonc_parser::ast::{ObjectProp, Value};
use jsonc_parser::common::Ranged;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(key.to_owned()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// Appends a serde_path_to_error path (`items[1].next`).
    pub fn join_serde(&self, path: &serde_path_to_error::Path) -> Self {
        let mut p = self.clone();
        for seg in path.iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => p.0.push(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => p.0.push(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Enum { variant } => {
                    p.0.push(Seg::Key(variant.clone()))
                }
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        p
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Line and column (both from 1) of byte offsets in a text.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Column counts characters, as editors do.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset.min(text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// Finds the byte offset a path points at: the value, or with `at_key`
/// the key naming it. Stops at the deepest part that exists.
pub fn locate(root: &Value, path: &JsonPath, at_key: bool) -> usize {
    let mut node = root;
    let mut offset = node.range().start;
    for (i, seg) in path.0.iter().enumerate() {
        let last = i + 1 == path.0.len();
        match (seg, node) {
            (Seg::Key(k), Value::Object(obj)) => {
                let Some(prop) = obj
                    .properties
                    .iter()
                    .find(|p: &&ObjectProp| p.name.as_str() == k)
                else {
                    return offset;
                };
                offset = if last && at_key {
                    prop.range.start
                } else {
                    prop.value.range().start
                };
                node = &prop.value;
            }
            (Seg::Index(n), Value::Array(arr)) => {
                let Some(el) = arr.elements.get(*n) else {
                    return offset;
                };
                offset = el.range().start;
                node = el;
            }
            _ => return offset,
        }
    }
    offset
}
