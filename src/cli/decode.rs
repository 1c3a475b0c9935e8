//! `desksim decode [FILE|-] [--lenient] [--json]`: decodes one JSON document
//! or JSON lines and reports each message, its warnings or its error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::protocol::{self, Body, DecodeError, DecodeOptions, Decoded, Syntax, decode_any};

#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// The file to read; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// Accept JSON5: comments, trailing or missing commas, single quotes,
    /// unquoted keys (the documentation's own examples need it).
    #[arg(long)]
    pub lenient: bool,
    /// Print one normalized JSON object per message instead of text.
    #[arg(long)]
    pub json: bool,
}

/// One decoded or failed document, and where it came from.
struct Report {
    line: Option<usize>,
    result: Result<Vec<Decoded>, DecodeError>,
}

pub fn run(args: &DecodeArgs) -> ExitCode {
    let bytes = match super::read_input(args.file.as_deref()) {
        Ok(bytes) => bytes,
        Err(message) => return super::usage_error(&message),
    };
    let input = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "desksim: {}: not UTF-8 text (invalid byte at offset {})",
                super::input_name(args.file.as_deref()),
                e.utf8_error().valid_up_to()
            );
            return ExitCode::FAILURE;
        }
    };
    let opts = DecodeOptions {
        syntax: if args.lenient {
            Syntax::Lenient
        } else {
            Syntax::Strict
        },
        now_unix: Some(crate::clock::Clock::now(&crate::clock::SystemClock).unix_seconds()),
    };
    let reports = decode_input(&input, &opts);
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for report in &reports {
        failed |= report.result.is_err();
        let written = if args.json {
            write_json(&mut out, report)
        } else {
            write_text(&mut out, report)
        };
        if written.is_err() {
            // A closed pipe (`| head`) is not a decoding failure.
            break;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One document; or, when the whole does not decode, JSON lines (most of
/// its lines complete on their own), or documents one after another (the
/// documentation's examples, comments between them).
fn decode_input(input: &str, opts: &DecodeOptions) -> Vec<Report> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.trim().is_empty() {
        return vec![Report {
            line: None,
            result: Err(DecodeError::Empty),
        }];
    }
    let whole = decode_any(input, opts);
    if whole.is_ok() {
        return vec![Report {
            line: None,
            result: whole,
        }];
    }
    let lines: Vec<(usize, &str)> = input
        .lines()
        .enumerate()
        .filter(|(_, l)| !is_blank_or_comment(l))
        .map(|(i, l)| (i + 1, l))
        .collect();
    let complete = lines
        .iter()
        .filter(|(_, l)| is_complete_json(l, opts))
        .count();
    let parts = if lines.len() > 1 && complete * 2 >= lines.len() {
        lines
    } else {
        protocol::split_documents(input)
    };
    if parts.len() <= 1 {
        return vec![Report {
            line: None,
            result: whole,
        }];
    }
    parts
        .into_iter()
        .map(|(line, text)| Report {
            line: Some(line),
            result: decode_any(text, opts),
        })
        .collect()
}

fn is_blank_or_comment(line: &str) -> bool {
    let l = line.trim();
    l.is_empty() || l.starts_with("//") || (l.starts_with("/*") && l.ends_with("*/"))
}

/// A line that is a whole object or array by itself.
fn is_complete_json(line: &str, opts: &DecodeOptions) -> bool {
    let l = line.trim_start();
    if !(l.starts_with('{') || l.starts_with('[')) {
        return false;
    }
    match opts.syntax {
        Syntax::Strict => serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok(),
        Syntax::Lenient => protocol::normalize_lenient(line).is_ok(),
    }
}

fn place(report: &Report, element: usize, of: usize) -> String {
    let mut s = match report.line {
        Some(line) => format!("line {line}"),
        None => "document".to_owned(),
    };
    if of > 1 {
        s.push_str(&format!(", element {}", element + 1));
    }
    s
}

fn write_text(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    match &report.result {
        Err(e) => writeln!(out, "{}: error: {e}", place(report, 0, 1)),
        Ok(decoded) => {
            for (i, d) in decoded.iter().enumerate() {
                let head = place(report, i, decoded.len());
                match &d.body {
                    Body::Service(m) => {
                        let online = if m.online_only() {
                            " [online-only]"
                        } else {
                            ""
                        };
                        let summary = protocol::summary(m);
                        let sep = if summary.is_empty() { "" } else { ": " };
                        writeln!(
                            out,
                            "{head}: src {} {}{online}{sep}{summary}",
                            m.src(),
                            m.name()
                        )?;
                    }
                    Body::Text(t) => writeln!(out, "{head}: text {t:?}")?,
                    Body::OtherCustom => writeln!(
                        out,
                        "{head}: not a customer-service message (no \"customerServicePlugin\": 0)"
                    )?,
                    Body::OtherElement(kind) => {
                        writeln!(out, "{head}: {kind}, not a customer-service message")?
                    }
                }
                for w in &d.warnings {
                    writeln!(out, "  warning: {w}")?;
                }
            }
            Ok(())
        }
    }
}

/// One line of `--json` output; `message` is the canonical wire JSON, in
/// wire order.
#[derive(serde::Serialize)]
struct Row<'a> {
    line: Option<usize>,
    element: usize,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    online_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    msg_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_detail: Option<Value>,
}

impl Row<'_> {
    fn new(line: Option<usize>, element: usize, ok: bool) -> Self {
        Row {
            line,
            element,
            ok,
            kind: None,
            src: None,
            online_only: None,
            message: None,
            text: None,
            msg_type: None,
            warnings: Vec::new(),
            error: None,
            error_detail: None,
        }
    }
}

fn write_json(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    let decoded = match &report.result {
        Err(e) => {
            let mut row = Row::new(report.line, 0, false);
            row.error = Some(e.to_string());
            row.error_detail = Some(error_detail(e));
            return writeln!(out, "{}", serde_json::to_string(&row).unwrap_or_default());
        }
        Ok(decoded) => decoded,
    };
    for (i, d) in decoded.iter().enumerate() {
        let mut row = Row::new(report.line, i, true);
        match &d.body {
            Body::Service(m) => {
                row.kind = Some(m.name());
                row.src = Some(m.src());
                row.online_only = Some(m.online_only());
                row.message = RawValue::from_string(m.to_wire()).ok();
            }
            Body::Text(t) => {
                row.kind = Some("text");
                row.text = Some(t);
            }
            Body::OtherCustom => row.kind = Some("not customer-service"),
            Body::OtherElement(kind) => {
                row.kind = Some("other element");
                row.msg_type = Some(kind);
            }
        }
        row.warnings = d
            .warnings
            .iter()
            .map(|w| json!({"path": w.path, "message": w.kind.to_string()}))
            .collect();
        writeln!(out, "{}", serde_json::to_string(&row).unwrap_or_default())?;
    }
    Ok(())
}

fn error_detail(e: &DecodeError) -> Value {
    match e {
        DecodeError::Syntax {
            line,
            column,
            message,
            ..
        } => {
            json!({"kind": "syntax", "line": line, "column": column, "message": message})
        }
        DecodeError::WrongType {
            path,
            expected,
            found,
        } => {
            json!({"kind": "wrong_type", "path": path, "expected": expected, "found": found})
        }
        DecodeError::Missing { path } => json!({"kind": "missing", "path": path}),
        DecodeError::Invalid { path, message } => {
            json!({"kind": "invalid", "path": path, "message": message})
        }
        DecodeError::Nested { path, source } => {
            json!({"kind": "nested", "path": path, "inner": error_detail(source)})
        }
        DecodeError::TooDeep => json!({"kind": "too_deep"}),
        DecodeError::Empty => json!({"kind": "empty"}),
    }
}
