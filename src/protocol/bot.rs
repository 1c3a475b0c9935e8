//! What the bot sends besides choices: rich text (src 30), streamed text
//! (31), thinking (35), robot commands (13) and bot status (25).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::message::{SrcPayload, fields};
use super::summary::{number, quote};
use super::warning::{Check, WarningKind};

/// src 30: `content` is Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RichText {
    pub content: String,
}

/// src 31: `chunks` and `isFinished` are top-level; the message is updated
/// in place while chunks arrive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamText {
    #[serde(default)]
    pub chunks: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_finished: Option<i64>,
}

impl StreamText {
    pub fn text(&self) -> String {
        self.chunks.concat()
    }

    pub fn finished(&self) -> bool {
        self.is_finished == Some(1)
    }
}

/// src 35: `thinkingStatus` is top-level: 0 shown, 1 hidden.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thinking {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking_status: Option<i64>,
}

impl Thinking {
    pub fn shown(&self) -> bool {
        self.thinking_status.unwrap_or(0) == 0
    }
}

/// src 13: always hidden; the command is kept for the Inspector.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RobotCommand {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<RobotCommandContent>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RobotCommandContent {
    #[serde(default)]
    pub command: String,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// Rewrites the target of every Markdown image `![alt](target)`.
pub fn map_markdown_images(markdown: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find("![") {
        let after_alt = rest[start..].find("](").map(|i| start + i + 2);
        let Some(target_start) = after_alt else { break };
        let Some(len) = rest[target_start..].find(')') else {
            break;
        };
        let target = &rest[target_start..target_start + len];
        out.push_str(&rest[..target_start]);
        if target.contains(char::is_whitespace) {
            out.push_str(target);
        } else {
            out.push_str(&f(target));
        }
        out.push(')');
        rest = &rest[target_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The targets of the Markdown images in a text.
pub fn markdown_images(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    map_markdown_images(markdown, |t| {
        found.push(t.to_owned());
        t.to_owned()
    });
    found
}

impl SrcPayload for RichText {
    fn check(&self, check: &mut Check) {
        for target in markdown_images(&self.content) {
            check.url("content", &target, false);
        }
    }

    fn summary(&self) -> String {
        quote(&self.content)
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content)
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([("content", json!(self.content))])
    }
}

impl SrcPayload for StreamText {
    fn check(&self, check: &mut Check) {
        if let Some(v) = self.is_finished.filter(|v| !(0..=1).contains(v)) {
            check.warn("isFinished", WarningKind::UnknownFinishedFlag(v));
        }
        check.misplaced(&[
            ("chunks", self.chunks.is_empty()),
            ("isFinished", self.is_finished.is_none()),
        ]);
    }

    fn summary(&self) -> String {
        let state = if self.finished() {
            "finished"
        } else {
            "streaming"
        };
        format!(
            "{} chunks, {state}, {}",
            self.chunks.len(),
            quote(&self.text())
        )
    }

    fn preview(&self) -> Option<&str> {
        self.chunks.first().map(String::as_str)
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([
            ("text", json!(self.text())),
            ("isFinished", json!(self.is_finished)),
        ])
    }
}

impl SrcPayload for Thinking {
    fn check(&self, check: &mut Check) {
        if let Some(v) = self.thinking_status.filter(|v| !(0..=1).contains(v)) {
            check.warn("thinkingStatus", WarningKind::UnknownThinkingStatus(v));
        }
        check.misplaced(&[("thinkingStatus", self.thinking_status.is_none())]);
    }

    fn summary(&self) -> String {
        format!("thinkingStatus {}", number(self.thinking_status))
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([("thinkingStatus", json!(self.thinking_status))])
    }
}

impl SrcPayload for RobotCommand {
    fn check(&self, _: &mut Check) {}

    fn summary(&self) -> String {
        self.content
            .as_ref()
            .map(|c| format!("command {:?}", c.command))
            .unwrap_or_default()
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        Map::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_image_targets_are_rewritten() {
        let md = "Intro ![chart](img/a.png) and [link](x) ![b](https://e.com/b.png)";
        let out = map_markdown_images(md, |t| format!("<{t}>"));
        assert_eq!(
            out,
            "Intro ![chart](<img/a.png>) and [link](x) ![b](<https://e.com/b.png>)"
        );
        assert_eq!(markdown_images(md), ["img/a.png", "https://e.com/b.png"]);
    }
}
