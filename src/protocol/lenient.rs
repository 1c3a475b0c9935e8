//! Lenient mode: JSON5 and the documentation's own habits (comments, trailing
//! and missing commas, single quotes, unquoted keys) rewritten as strict JSON,
//! so one decoder serves both modes.
//!
//! The rewrite keeps the keys in the order they were written (the Inspector
//! and a raw send show what the user typed) and refuses what strict JSON
//! could not carry: a key written twice, `NaN` or `Infinity`, nesting deeper
//! than [`MAX_DEPTH`].

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Range;
use jsonc_parser::errors::ParseErrorKind;

use super::error::{DecodeError, MAX_DEPTH};

/// Reads `text` as JSON5 and writes it back as compact strict JSON.
pub fn normalize_lenient(text: &str) -> Result<String, DecodeError> {
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .map_err(|e| match e.kind() {
        ParseErrorKind::NestingDepthExceeded => DecodeError::TooDeep,
        kind => DecodeError::Syntax {
            line: e.line_display(),
            column: e.column_display(),
            message: kind.to_string(),
            hint: None,
        },
    })?;
    let Some(value) = parsed.value else {
        return Err(DecodeError::Empty);
    };
    let mut out = String::with_capacity(text.len());
    Writer {
        text,
        out: &mut out,
    }
    .value(&value, 0)?;
    Ok(out)
}

struct Writer<'t, 'o> {
    text: &'t str,
    out: &'o mut String,
}

impl Writer<'_, '_> {
    fn value(&mut self, value: &Value, depth: usize) -> Result<(), DecodeError> {
        // The same bound as serde_json's on the strict path.
        let container = matches!(value, Value::Array(_) | Value::Object(_));
        if container && depth + 1 >= MAX_DEPTH {
            return Err(DecodeError::TooDeep);
        }
        match value {
            Value::StringLit(s) => self.string(&s.value),
            Value::NumberLit(n) => {
                let number = json_number(n.value).ok_or_else(|| {
                    self.error(&n.range, format!("`{}` is not a JSON number", n.value))
                })?;
                self.out.push_str(&number);
            }
            Value::BooleanLit(b) => self.out.push_str(if b.value { "true" } else { "false" }),
            Value::NullKeyword(_) => self.out.push_str("null"),
            Value::Array(array) => {
                self.out.push('[');
                for (i, element) in array.elements.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(element, depth + 1)?;
                }
                self.out.push(']');
            }
            Value::Object(object) => {
                self.out.push('{');
                let mut seen: Vec<&str> = Vec::with_capacity(object.properties.len());
                for (i, prop) in object.properties.iter().enumerate() {
                    let (name, range) = match &prop.name {
                        ObjectPropName::String(s) => (s.value.as_ref(), &s.range),
                        ObjectPropName::Word(w) => (w.value, &w.range),
                    };
                    // Objects are small; a linear look beats hashing here.
                    if seen.contains(&name) {
                        return Err(self.error(range, format!("the key `{name}` appears twice")));
                    }
                    seen.push(name);
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.string(name);
                    self.out.push(':');
                    self.value(&prop.value, depth + 1)?;
                }
                self.out.push('}');
            }
        }
        Ok(())
    }

    fn string(&mut self, s: &str) {
        // Writing a &str as JSON has no failure path.
        self.out
            .push_str(&serde_json::to_string(s).unwrap_or_default());
    }

    fn error(&self, range: &Range, message: String) -> DecodeError {
        let before = &self.text[..range.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        DecodeError::Syntax {
            line,
            column,
            message,
            hint: None,
        }
    }
}

/// A JSON5 number in JSON: `0x1F` → `31`, `+1` → `1`, `.5` → `0.5`, `5.` →
/// `5.0`; `None` for what JSON has no number for (`NaN`, `Infinity`, a hex
/// number past i64).
fn json_number(literal: &str) -> Option<String> {
    let (negative, digits) = match literal.as_bytes().first() {
        Some(b'-') => (true, &literal[1..]),
        Some(b'+') => (false, &literal[1..]),
        _ => (false, literal),
    };
    let sign = if negative { "-" } else { "" };
    if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        let n = i64::from_str_radix(hex, 16).ok()?;
        return Some(format!("{sign}{n}"));
    }
    let filled = match digits.find('.') {
        Some(dot) => {
            let mut s = String::with_capacity(digits.len() + 2);
            if dot == 0 {
                s.push('0');
            }
            s.push_str(&digits[..=dot]);
            let after = &digits[dot + 1..];
            if !after.starts_with(|c: char| c.is_ascii_digit()) {
                s.push('0');
            }
            s.push_str(after);
            s
        }
        None => digits.to_owned(),
    };
    let number = format!("{sign}{filled}");
    // serde_json's grammar is JSON's: it says whether this is a number.
    serde_json::from_str::<serde_json::Number>(&number)
        .ok()
        .map(|_| number)
}

/// Top-level objects and arrays one after another, each with the line it
/// starts on; comments and text between them are skipped. An unclosed last
/// one runs to the end (its decode then says what is wrong).
pub fn split_documents(input: &str) -> Vec<(usize, &str)> {
    let bytes = input.as_bytes();
    let mut docs = Vec::new();
    let (mut depth, mut start, mut line, mut start_line) = (0usize, 0usize, 1usize, 1usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => line += 1,
            b'"' | b'\'' if depth > 0 => {
                // Strings only count inside a document; skip to the close.
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'\n' => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    line += usize::from(bytes[i] == b'\n');
                    i += 1;
                }
                i += 1;
            }
            b'{' | b'[' => {
                if depth == 0 {
                    start = i;
                    start_line = line;
                }
                depth += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    docs.push((start_line, &input[start..=i]));
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth > 0 {
        docs.push((start_line, &input[start..]));
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_written_order() {
        let json = normalize_lenient("{z: 1, a: 'x', m: [1, 2,],}").unwrap();
        assert_eq!(json, r#"{"z":1,"a":"x","m":[1,2]}"#);
    }

    #[test]
    fn json5_numbers_become_json_numbers() {
        assert_eq!(json_number("0x1F").as_deref(), Some("31"));
        assert_eq!(json_number("-0x10").as_deref(), Some("-16"));
        assert_eq!(json_number("+1").as_deref(), Some("1"));
        assert_eq!(json_number(".5").as_deref(), Some("0.5"));
        assert_eq!(json_number("5.").as_deref(), Some("5.0"));
        assert_eq!(json_number("1e3").as_deref(), Some("1e3"));
        assert_eq!(json_number("NaN"), None);
        assert_eq!(json_number("Infinity"), None);
    }

    #[test]
    fn a_key_written_twice_is_refused_where_it_is() {
        let err = normalize_lenient("{src: '15',\n  src: '99'}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2, column 3: the key `src` appears twice"
        );
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        let err = normalize_lenient("{a: Infinity}").unwrap_err();
        assert!(err.to_string().contains("`Infinity` is not a JSON number"));
    }

    #[test]
    fn nesting_past_the_strict_limit_is_too_deep() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(
            normalize_lenient(&nested(MAX_DEPTH)),
            Err(DecodeError::TooDeep)
        );
        assert!(normalize_lenient(&nested(MAX_DEPTH - 1)).is_ok());
        // Strict mode draws the line at the same depth.
        assert!(serde_json::from_str::<serde_json::Value>(&nested(MAX_DEPTH)).is_err());
        assert!(serde_json::from_str::<serde_json::Value>(&nested(MAX_DEPTH - 1)).is_ok());
    }

    #[test]
    fn comments_alone_are_empty() {
        assert_eq!(normalize_lenient("// nothing\n"), Err(DecodeError::Empty));
    }
}
