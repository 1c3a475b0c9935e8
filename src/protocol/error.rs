//! Decode errors: each says where (a JSON path or a line and column) and what
//! was expected, in words a QA engineer can act on.

use serde_json::Value;
use thiserror::Error;

/// serde_json's nesting limit; deeper input is refused, never recursed into.
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The text is not JSON (or, in lenient mode, not JSON5 either).
    #[error("line {line}, column {column}: {message}{}", hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    Syntax {
        line: usize,
        column: usize,
        message: String,
        hint: Option<String>,
    },
    #[error("{path}: expected {expected}, found {found}")]
    WrongType {
        path: String,
        expected: String,
        found: String,
    },
    #[error("{path}: missing (required)")]
    Missing { path: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    /// An error inside a custom message's `Data`, wrapped in an IM element.
    #[error("{path}: {source}")]
    Nested {
        path: String,
        source: Box<DecodeError>,
    },
    #[error("nested too deep: {MAX_DEPTH} levels of arrays and objects is the limit")]
    TooDeep,
    #[error("empty input: expected a JSON object")]
    Empty,
}

impl DecodeError {
    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn wrong_type(path: impl Into<String>, expected: &str, found: &Value) -> Self {
        DecodeError::WrongType {
            path: path.into(),
            expected: expected.to_owned(),
            found: describe(found),
        }
    }

    /// From a syntax error of serde_json.
    pub(crate) fn from_syntax(err: &serde_json::Error) -> Self {
        let message = strip_position(err);
        if message.contains("recursion limit") {
            return DecodeError::TooDeep;
        }
        if err.is_eof() && err.line() <= 1 && err.column() == 0 {
            return DecodeError::Empty;
        }
        DecodeError::Syntax {
            line: err.line(),
            column: err.column(),
            message,
            hint: None,
        }
    }

    /// From a data error found at `path` in `root` (the document, parsed
    /// again on this slow path to say what was found there).
    pub(crate) fn from_data(path: &str, err: &serde_json::Error, root: Option<&Value>) -> Self {
        let message = strip_position(err);
        let found = root.and_then(|root| lookup(root, path)).map(describe);
        if let Some(rest) = message.strip_prefix("invalid type: ")
            && let Some((_, expected)) = rest.split_once(", expected ")
        {
            return DecodeError::WrongType {
                path: display_path(path),
                expected: plain_expected(expected),
                found: found.unwrap_or_else(|| plain_found(rest)),
            };
        }
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|f| f.strip_suffix('`'))
        {
            return DecodeError::Missing {
                path: join(path, field),
            };
        }
        if let Some(field) = message
            .strip_prefix("duplicate field `")
            .and_then(|f| f.strip_suffix('`'))
        {
            return DecodeError::invalid(join(path, field), "the key appears twice");
        }
        if message.contains("recursion limit") {
            return DecodeError::TooDeep;
        }
        if let Some(rest) = message.strip_prefix("invalid value: ")
            && let Some((_, expected)) = rest.split_once(", expected ")
        {
            return DecodeError::WrongType {
                path: display_path(path),
                expected: plain_expected(expected),
                found: found.unwrap_or_else(|| plain_found(rest)),
            };
        }
        DecodeError::invalid(display_path(path), message)
    }
}

/// A serde message in JSON words, with what was found when known:
/// "expected a string, found a number (3)".
pub fn plain_serde_message(err: &serde_json::Error, found: Option<&Value>) -> String {
    let message = strip_position(err);
    let found = found.map(describe);
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((_, expected)) = rest.split_once(", expected ")
        {
            let found = found.unwrap_or_else(|| plain_found(rest));
            return format!("expected {}, found {found}", plain_expected(expected));
        }
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|f| f.strip_suffix('`'))
    {
        return format!("`{field}` is missing (required)");
    }
    message
}

fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

fn display_path(path: &str) -> String {
    if path.is_empty() || path == "." {
        "(top level)".to_owned()
    } else {
        path.to_owned()
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() || path == "." {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// serde's "expected" phrases, in JSON words.
fn plain_expected(expected: &str) -> String {
    let e = expected.trim();
    if e.starts_with("struct ") || e == "a map" || e.starts_with("map") {
        "an object".to_owned()
    } else if e == "a sequence" || e.starts_with("a sequence") {
        "an array".to_owned()
    } else if matches!(
        e,
        "i64" | "u64" | "i32" | "u32" | "u8" | "u16" | "i8" | "i16"
    ) {
        "a whole number".to_owned()
    } else if matches!(e, "f64" | "f32") {
        "a number".to_owned()
    } else if e == "a boolean" || e == "bool" {
        "true or false".to_owned()
    } else {
        e.to_owned()
    }
}

/// serde's "unexpected" phrases (`integer `3``, `sequence` …), in JSON words,
/// for when the document cannot be looked at again.
fn plain_found(message: &str) -> String {
    let unexpected = message.split(", expected").next().unwrap_or("").trim();
    let quoted = |prefix: &str| {
        unexpected
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        format!("a number ({n})")
    } else if let Some(b) = quoted("boolean ") {
        format!("a boolean ({b})")
    } else if let Some(s) = unexpected.strip_prefix("string ") {
        format!("a string ({s})")
    } else {
        match unexpected {
            "sequence" => "an array".to_owned(),
            "map" => "an object".to_owned(),
            "unit value" | "null" => "null".to_owned(),
            other => other.to_owned(),
        }
    }
}

/// "a number (3)", "a string (\"abc\")", "an object" …
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => {
            let shown: String = s.chars().take(40).collect();
            let more = if s.chars().count() > 40 { "…" } else { "" };
            format!("a string (\"{shown}{more}\")")
        }
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// Follows a serde_path_to_error path (`content.items[2].content`).
fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut node = root;
    if path.is_empty() || path == "." {
        return Some(node);
    }
    for part in path.split('.') {
        let (key, mut indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            node = node.get(key)?;
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let (index, after) = rest.split_once(']')?;
            node = node.get(index.parse::<usize>().ok()?)?;
            indexes = after;
        }
    }
    Some(node)
}
