//! Session-level signals: trigger (src 7), seat status (26), the user ending
//! the human session (27), client tips (37), and the messages whose payload
//! no client reads (kept whole for the Inspector).

use serde::{Deserialize, Serialize};

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
