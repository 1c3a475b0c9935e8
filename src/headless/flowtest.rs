//! Flow tests: a flow, the user's steps and the messages expected, matched
//! by kind and the fields that matter so cosmetic edits do not break them.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::script::{ScriptError, Step, check_times};
use crate::session::{Line, LineData, LineKind};

#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "FlowTestFile")]
pub struct FlowTest {
    /// The flow file, relative to the test file.
    pub flow: PathBuf,
    pub description: String,
    pub start_at: Option<String>,
    pub steps: Vec<Step>,
    /// In order; other messages may come between them.
    pub expect: Vec<Expect>,
}

/// A flow test as written, before its script's times are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowTestFile {
    flow: PathBuf,
    #[serde(default)]
    description: String,
    start_at: Option<String>,
    /// Optional here only so that its absence is told in words.
    steps: Option<Vec<Step>>,
    expect: Vec<Expect>,
}

impl TryFrom<FlowTestFile> for FlowTest {
    type Error = ScriptError;

    fn try_from(file: FlowTestFile) -> Result<Self, ScriptError> {
        let steps = file.steps.ok_or(ScriptError::NoSteps)?;
        check_times(file.start_at.as_deref(), &steps)?;
        Ok(FlowTest {
            flow: file.flow,
            description: file.description,
            start_at: file.start_at,
            steps,
            expect: file.expect,
        })
    }
}

/// What one expected message must have; absent fields match anything.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `in` (from the service) or `out` (from the user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<String>,
    /// `text`, `custom` or `update`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The custom message's src.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    /// The exact text of a text message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A part of the text, or of the custom JSON as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// A part of the custom JSON: every key given must be there with this
    /// value (objects compared the same way, arrays item by item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_only: Option<bool>,
}

impl Expect {
    pub fn matches(&self, line: &Line) -> bool {
        let data = line.data_value();
        let text = match &data {
            Value::String(s) if line.kind == LineKind::Text => Some(s.as_str()),
            _ => None,
        };
        self.dir.as_deref().is_none_or(|d| d == line.dir.as_str())
            && self.kind.as_deref().is_none_or(|k| k == line.kind.as_str())
            && self.online_only.is_none_or(|o| o == line.online_only)
            && self
                .src
                .as_deref()
                .is_none_or(|s| data.get("src").and_then(Value::as_str) == Some(s))
            && self.text.as_deref().is_none_or(|t| text == Some(t))
            && self.contains.as_deref().is_none_or(|c| match text {
                Some(t) => t.contains(c),
                None => data.to_string().contains(c) || raw_contains(line, c),
            })
            && self.data.as_ref().is_none_or(|d| subset(d, &data))
    }
}

fn raw_contains(line: &Line, needle: &str) -> bool {
    match &line.data {
        LineData::Custom(data) => data.contains(needle),
        LineData::Text(t) => t.contains(needle),
    }
}

/// `expected` is found in `actual`: objects by their given keys, arrays
/// item by item (same length), anything else equal.
pub fn subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| subset(x, y))
        }
        _ => expected == actual,
    }
}

/// The result of one test.
#[derive(Debug)]
pub struct Outcome {
    pub file: PathBuf,
    pub flow_file: PathBuf,
    pub failure: Option<String>,
    pub visited: HashSet<String>,
}

/// Finds the expectations in order; on failure, says which one and shows
/// what came after the last match.
pub fn compare(expect: &[Expect], lines: &[Line]) -> Result<(), String> {
    let mut from = 0;
    for (n, e) in expect.iter().enumerate() {
        match lines[from..].iter().position(|l| e.matches(l)) {
            Some(i) => from += i + 1,
            None => {
                let mut msg = format!(
                    "expected #{} {} was not found{}:\n",
                    n + 1,
                    serde_json::to_string(e).unwrap_or_default(),
                    if from == 0 {
                        String::new()
                    } else {
                        format!(" after transcript line {from}")
                    }
                );
                if lines.len() == from {
                    msg.push_str("      (the transcript ends there)\n");
                }
                for (i, line) in lines.iter().enumerate().skip(from).take(12) {
                    msg.push_str(&format!(
                        "  {:>4}  {}\n",
                        i + 1,
                        super::format::line_text(line)
                    ));
                }
                if lines.len() > from + 12 {
                    msg.push_str(&format!("        … {} more\n", lines.len() - from - 12));
                }
                return Err(msg);
            }
        }
    }
    Ok(())
}

/// The test files under `path`: a file itself, or every `*.json` in a
/// folder named `tests` below a directory.
pub fn discover(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    if !path.is_dir() {
        return Err(format!("{}: no such file or folder", path.display()));
    }
    let mut found = BTreeSet::new();
    let mut stack = vec![path.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "json")
                && dir.file_name().is_some_and(|n| n == "tests")
            {
                found.insert(p);
            }
        }
    }
    Ok(found.into_iter().collect())
}
