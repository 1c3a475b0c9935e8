//! Session-level signals: trigger (src 7), seat status (26), the user ending
//! the human session (27), client tips (37), and the messages whose payload
//! no client reads (kept whole for the Inspector).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::message::{SrcPayload, fields};
use super::summary::{quote, shorten};
use super::warning::{Check, WarningKind};

/// src 7 and src 27 carry the user's language at the top level.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trigger {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggered_content: Option<TriggeredContent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TriggeredContent {
    #[serde(default)]
    pub language: String,
}

/// src 26.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeatStatusMessage {
    pub content: SeatCommand,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeatCommand {
    #[serde(default)]
    pub command: String,
    #[serde(default)]
    pub content: String,
}

impl SeatCommand {
    pub const UPDATE: &'static str = "updateSeatStatus";
    pub const IN_SEAT: &'static str = "inSeat";
    pub const OUT_SEAT: &'static str = "outSeat";

    pub fn seat(&self) -> Option<SeatStatus> {
        match self.content.as_str() {
            Self::IN_SEAT => Some(SeatStatus::InSeat),
            Self::OUT_SEAT => Some(SeatStatus::OutSeat),
            _ => None,
        }
    }
}

/// Whether a human agent serves the user now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SeatStatus {
    InSeat,
    #[default]
    OutSeat,
}

/// src 37: a string in `content`, drawn as a centred grey tip.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClientTips {
    #[serde(default)]
    pub content: String,
}

/// A message whose payload no client interprets (11, 17, 18, 25, 36, 38):
/// `content` is kept as it came.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Opaque {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<serde_json::Value>,
}

/// A message that carries nothing besides its src (12, 19, 20, 24).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bare {}

impl SrcPayload for Trigger {
    fn check(&self, check: &mut Check) {
        check.misplaced(&[("triggeredContent", self.triggered_content.is_none())]);
    }

    fn summary(&self) -> String {
        match &self.triggered_content {
            Some(c) => format!("language {:?}", c.language),
            None => String::new(),
        }
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        Map::new()
    }
}

impl SrcPayload for SeatStatusMessage {
    fn check(&self, check: &mut Check) {
        let seat = &self.content;
        if seat.command != SeatCommand::UPDATE {
            check.warn(
                "content.command",
                WarningKind::UnknownSeatCommand(seat.command.clone()),
            );
        }
        if seat.seat().is_none() {
            check.warn(
                "content.content",
                WarningKind::UnknownSeatStatus(seat.content.clone()),
            );
        }
    }

    fn summary(&self) -> String {
        format!("{} {:?}", self.content.command, self.content.content)
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([("content", json!(self.content.content))])
    }
}

impl SrcPayload for ClientTips {
    fn check(&self, check: &mut Check) {
        if self.content.trim().is_empty() {
            check.warn("content", WarningKind::EmptyTip);
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

impl SrcPayload for Opaque {
    fn check(&self, _: &mut Check) {}

    fn summary(&self) -> String {
        self.content
            .as_ref()
            .map(|c| shorten(&c.to_string()))
            .unwrap_or_default()
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        Map::new()
    }
}

impl SrcPayload for Bare {
    fn check(&self, _: &mut Check) {}

    fn summary(&self) -> String {
        String::new()
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        Map::new()
    }
}
