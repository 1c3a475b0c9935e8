//! What the bot sends besides choices: rich text (src 30), streamed text
//! (31), thinking (35), robot commands (13) and bot status (25).

use serde::{Deserialize, Serialize};

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
