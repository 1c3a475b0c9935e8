//! The flow's regexes, each compiled once: a form-heavy flow repeats the
//! same few patterns (order numbers, phones, emails) on many nodes, and
//! compiling one costs more than parsing the whole node.

use std::collections::HashMap;

use crate::flow::diagnostic::Diagnostic;
use crate::flow::path::JsonPath;

/// Each distinct pattern's verdict: `None` when it compiles, or why not.
#[derive(Default)]
pub(super) struct Patterns<'f> {
    verdicts: HashMap<&'f str, Option<String>>,
}

impl<'f> Patterns<'f> {
    /// Reports `pattern` at `path` when the engine could not use it. The
    /// pattern is compiled as the engine anchors it: the whole answer must
    /// match.
    pub(super) fn check(&mut self, pattern: &'f str, path: &JsonPath, out: &mut Vec<Diagnostic>) {
        let verdict = self
            .verdicts
            .entry(pattern)
            .or_insert_with(|| compile_error(pattern));
        if let Some(reason) = verdict {
            out.push(Diagnostic::error(
                path.clone(),
                format!("invalid regex {pattern:?}: {reason}"),
            ));
        }
    }

    /// How many patterns were compiled.
    #[cfg(test)]
    fn compiled(&self) -> usize {
        self.verdicts.len()
    }
}

/// Why the anchored pattern does not compile, in the regex crate's last
/// line (the lines before it draw the pattern with a caret).
fn compile_error(pattern: &str) -> Option<String> {
    let e = regex::Regex::new(&format!("^(?:{pattern})$")).err()?;
    let text = e.to_string();
    let last = text.lines().last().unwrap_or_default().trim();
    Some(
        last.strip_prefix("error:")
            .unwrap_or(last)
            .trim()
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_pattern_is_compiled_once_and_reported_at_each_use() {
        let mut patterns = Patterns::default();
        let mut out = Vec::new();
        for i in 0..100 {
            let path = JsonPath::root().key("nodes").index(i);
            patterns.check(r"NW-\d{6}", &path, &mut out);
            patterns.check("(unclosed", &path, &mut out);
        }
        assert_eq!(patterns.compiled(), 2);
        assert_eq!(out.len(), 100, "each use of the bad one is reported");
    }
}
