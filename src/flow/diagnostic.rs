//! A problem found in a flow file, printed as `path:line:col: error: message`.

use std::fmt;
use std::path::{Path, PathBuf};

use super::path::{JsonPath, LineIndex, locate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where in the document; `None` for problems of the file as a whole.
    pub path: Option<JsonPath>,
    /// Point at the key rather than its value (unknown fields).
    pub at_key: bool,
    /// Line and column, from 1; filled in by [`Diagnostics::locate`].
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    pub fn error(path: JsonPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: Some(path),
            at_key: false,
            position: None,
        }
    }

    pub fn warning(path: JsonPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: None,
            at_key: false,
            position: Some((line, column)),
        }
    }

    /// A problem of the file as a whole (it cannot be read): no place in
    /// its text.
    pub fn whole_file(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: None,
            at_key: false,
            position: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: severity: message (at path)`, or `file: severity:
    /// message` for the file as a whole: a line and column there would
    /// send the user looking for a syntax error.
    pub fn render(&self, file: &Path) -> String {
        let mut s = match self.position {
            Some((line, col)) => format!(
                "{}:{line}:{col}: {}: {}",
                file.display(),
                self.severity,
                self.message
            ),
            None => format!("{}: {}: {}", file.display(), self.severity, self.message),
        };
        if let Some(path) = &self.path
            && !path.0.is_empty()
        {
            s.push_str(&format!(" (at {path})"));
        }
        s
    }
}

/// All the problems of one file, with their positions.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    pub file: PathBuf,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The file itself could not be read (missing, a folder, not UTF-8 …):
    /// there is nothing in it to fix.
    pub fn unreadable(&self) -> bool {
        self.items.iter().any(|d| d.is_error() && d.path.is_none())
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// Fills in line and column for every path, from the file's text. The
    /// text is parsed again here, so clean files never pay for positions.
    pub fn locate(&mut self, text: &str) {
        let placed = |d: &Diagnostic| d.position.is_some() || d.path.is_none();
        if self.items.iter().all(placed) {
            return;
        }
        let options = jsonc_parser::ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let ast = jsonc_parser::parse_to_ast(text, &Default::default(), &options)
            .ok()
            .and_then(|r| r.value);
        let lines = LineIndex::new(text);
        for d in &mut self.items {
            if placed(d) {
                continue;
            }
            let offset = match (&ast, &d.path) {
                (Some(root), Some(path)) => locate(root, path, d.at_key),
                _ => 0,
            };
            d.position = Some(lines.position(text, offset));
        }
        self.items.sort_by_key(|d| d.position);
    }

    pub fn render(&self) -> Vec<String> {
        self.items.iter().map(|d| d.render(&self.file)).collect()
    }
}
