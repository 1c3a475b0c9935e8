//! The transcript: one line per message in and out, as `desksim play`
//! prints it and every reader reads it (a replay, `--compare`, flow tests):
//!
//! `{"t_ms": 1200, "dir": "in", "id": "d3", "kind": "custom", "online_only": false, "data": {…}}`
//!
//! `t_ms` counts from the conversation's start; `kind` is `text`, `custom`,
//! `update` (a message changed in place), `refused` (the service refused
//! the user's message `id`; `data` is `{"code", "reason"}`) or `recalled`
//! (the service took its message `id` back); `data` is the text, or the
//! custom message's JSON exactly as it travelled. A transcript may open
//! with a [`Header`] line. Reading never gives up at the first bad line:
//! the good lines are kept and each bad one is named.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::entry::{Direction, MessageId, Refusal};
use super::events::{BackendEvent, Event};
use super::receive::{Arrival, Incoming, Payload, Received, Sender};
use crate::protocol::{Outgoing, OutgoingBody};

/// The transcript format this desksim writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// One message of a transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub t_ms: i64,
    pub dir: Direction,
    pub id: MessageId,
    pub kind: LineKind,
    pub online_only: bool,
    pub data: LineData,
    /// The user typed it as a raw custom message (written only then).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub raw: bool,
    /// The agent who sent it (written only when the backend said).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Sender>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Text,
    Custom,
    /// A message the service changed in place (same id).
    Update,
    /// The service refused the user's message with this id.
    Refused,
    /// The service took back its message with this id.
    Recalled,
}

impl LineKind {
    /// As the transcript writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Text => "text",
            LineKind::Custom => "custom",
            LineKind::Update => "update",
            LineKind::Refused => "refused",
            LineKind::Recalled => "recalled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineData {
    Text(String),
    /// The custom message's `data`, as it travelled (JSON, or whatever
    /// the service sent when it was not).
    Custom(String),
}

impl LineData {
    pub fn as_str(&self) -> &str {
        match self {
            LineData::Text(t) | LineData::Custom(t) => t,
        }
    }
}

impl Serialize for LineData {
    /// Custom data goes out as the JSON it is, text (and custom data that
    /// is not JSON) as a string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LineData::Custom(data) => match serde_json::from_str::<&RawValue>(data) {
                Ok(raw) => raw.serialize(s),
                Err(_) => data.serialize(s),
            },
            LineData::Text(t) => t.serialize(s),
        }
    }
}

impl Line {
    /// The line of a message the service sent (`online_only` is read from
    /// the message once it is decoded).
    pub fn incoming(t_ms: i64, received: &Received) -> Line {
        let (kind, data) = match (&received.arrival, &received.payload) {
            (Arrival::Update, p) => (LineKind::Update, LineData::Custom(p.as_str().to_owned())),
            (Arrival::New, Payload::Custom(d)) => (LineKind::Custom, LineData::Custom(d.clone())),
            (Arrival::New, Payload::Text(t)) => (LineKind::Text, LineData::Text(t.clone())),
        };
        Line {
            t_ms,
            dir: Direction::In,
            id: received.id.clone(),
            kind,
            online_only: false,
            data,
            raw: false,
            from: received.from.clone(),
        }
    }

    /// The line of a message the user sent.
    pub fn outgoing(t_ms: i64, id: &str, outgoing: &Outgoing) -> Line {
        let (kind, data) = match &outgoing.body {
            OutgoingBody::Text { text, .. } => (LineKind::Text, LineData::Text(text.clone())),
            OutgoingBody::Custom { data } => (LineKind::Custom, LineData::Custom(data.clone())),
        };
        Line {
            t_ms,
            dir: Direction::Out,
            id: id.to_owned(),
            kind,
            online_only: outgoing.online_only,
            data,
            raw: false,
            from: None,
        }
    }

    /// A refusal of the user's message `id`.
    pub fn refused(t_ms: i64, id: &str, refusal: &Refusal) -> Line {
        let data = serde_json::json!({ "code": refusal.code, "reason": refusal.reason });
        Line {
            t_ms,
            dir: Direction::In,
            id: id.to_owned(),
            kind: LineKind::Refused,
            online_only: false,
            data: LineData::Custom(data.to_string()),
            raw: false,
            from: None,
        }
    }

    /// The service taking back its message `id`.
    pub fn recalled(t_ms: i64, id: &str) -> Line {
        Line {
            t_ms,
            dir: Direction::In,
            id: id.to_owned(),
            kind: LineKind::Recalled,
            online_only: false,
            data: LineData::Custom("null".to_owned()),
            raw: false,
            from: None,
        }
    }

    /// What the service side reported (for an `in` line).
    pub fn to_event(&self) -> BackendEvent {
        let (arrival, payload) = match (self.kind, &self.data) {
            (LineKind::Text, LineData::Text(t)) => (Arrival::New, Payload::Text(t.clone())),
            (LineKind::Text | LineKind::Custom, data) => {
                (Arrival::New, Payload::Custom(data.as_str().to_owned()))
            }
            (LineKind::Update, data) => {
                (Arrival::Update, Payload::Custom(data.as_str().to_owned()))
            }
            (LineKind::Refused, _) => {
                let value = self.data_value();
                return Event::Refused {
                    id: self.id.clone(),
                    code: value["code"].as_u64().and_then(|c| u32::try_from(c).ok()),
                    reason: value["reason"].as_str().unwrap_or_default().to_owned(),
                };
            }
            (LineKind::Recalled, _) => return Event::Recalled(self.id.clone()),
        };
        Event::Message(Incoming {
            id: self.id.clone(),
            arrival,
            payload,
            from: self.from.clone(),
        })
    }

    /// The message as the user sent it (for an `out` line).
    pub fn to_outgoing(&self) -> Outgoing {
        let body = match &self.data {
            LineData::Text(text) => OutgoingBody::Text {
                text: text.clone(),
                cloud_custom_data: None,
            },
            LineData::Custom(data) => OutgoingBody::Custom { data: data.clone() },
        };
        Outgoing {
            body,
            online_only: self.online_only,
        }
    }

    /// The data as a JSON value, for matching.
    pub fn data_value(&self) -> serde_json::Value {
        match &self.data {
            LineData::Text(t) => serde_json::Value::String(t.clone()),
            LineData::Custom(raw) => {
                serde_json::from_str(raw).unwrap_or_else(|_| serde_json::Value::String(raw.clone()))
            }
        }
    }
}

/// The line as written, before `data` is read by its kind.
#[derive(Deserialize)]
struct WrittenLine<'a> {
    t_ms: i64,
    dir: Direction,
    id: MessageId,
    kind: LineKind,
    #[serde(default)]
    online_only: bool,
    #[serde(borrow)]
    data: &'a RawValue,
    #[serde(default)]
    raw: bool,
    #[serde(default)]
    from: Option<Sender>,
}

impl<'a> TryFrom<WrittenLine<'a>> for Line {
    type Error = String;

    fn try_from(w: WrittenLine<'a>) -> Result<Line, String> {
        let text = w.data.get();
        let as_string = || serde_json::from_str::<String>(text).ok();
        let data = match w.kind {
            LineKind::Text => {
                LineData::Text(as_string().ok_or("a text line's \"data\" must be a string")?)
            }
            // A custom message that was not JSON travelled as a string.
            LineKind::Custom | LineKind::Update => {
                LineData::Custom(as_string().unwrap_or_else(|| text.to_owned()))
            }
            LineKind::Refused | LineKind::Recalled => LineData::Custom(text.to_owned()),
        };
        if w.dir == Direction::Out && !matches!(w.kind, LineKind::Text | LineKind::Custom) {
            return Err(format!(
                "the user's messages are text or custom, never {:?}",
                w.kind.as_str()
            ));
        }
        Ok(Line {
            t_ms: w.t_ms,
            dir: w.dir,
            id: w.id,
            kind: w.kind,
            online_only: w.online_only,
            data,
            raw: w.raw,
            from: w.from,
        })
    }
}

/// The first line of a transcript desksim keeps (a journal, a saved
/// conversation); a `play` transcript has none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Header {
    /// Always `"transcript"`: what marks the header line.
    pub desksim: String,
    pub version: u32,
    /// The flow file, when the embedded backend played it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// `embedded` or `tencent`.
    #[serde(default)]
    pub backend: String,
    /// The user ID, for a remote backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// When the conversation started, RFC 3339.
    #[serde(default)]
    pub started_at: String,
}

/// A transcript read back: its header, the lines that read, and what was
/// wrong with the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transcript {
    pub header: Option<Header>,
    pub lines: Vec<Line>,
    pub errors: Vec<TranscriptError>,
}

/// What is wrong with one line of a transcript (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TranscriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl Transcript {
    /// Reads JSON lines. A line that cannot be read is named in `errors`
    /// and skipped; a last line cut off in the middle (a crash while
    /// writing) is noted the same way.
    pub fn parse(text: &str) -> Transcript {
        let mut out = Transcript::default();
        let mut last_t = i64::MIN;
        for (n, line) in text.lines().enumerate() {
            let number = n + 1;
            let line = line.trim_start_matches('\u{feff}').trim();
            if line.is_empty() {
                continue;
            }
            let mut fail = |message: String| {
                out.errors.push(TranscriptError {
                    line: number,
                    message,
                })
            };
            if out.lines.is_empty() && out.header.is_none() && line.contains("\"desksim\"") {
                match serde_json::from_str::<Header>(line) {
                    Ok(h) if h.desksim == "transcript" && h.version == FORMAT_VERSION => {
                        out.header = Some(h)
                    }
                    Ok(h) if h.desksim == "transcript" => fail(format!(
                        "format version {} is not one this desksim reads (it reads {FORMAT_VERSION})",
                        h.version
                    )),
                    Ok(_) => fail("not a desksim transcript header".to_owned()),
                    Err(e) => fail(format!("not a desksim transcript header: {e}")),
                }
                continue;
            }
            let parsed = serde_json::from_str::<WrittenLine>(line)
                .map_err(|e| {
                    if e.is_eof() && !text.ends_with('\n') {
                        "cut off before its end (the writer stopped mid-line)".to_owned()
                    } else {
                        crate::protocol::plain_serde_message(&e, None)
                    }
                })
                .and_then(Line::try_from);
            match parsed {
                Ok(line) if line.t_ms < last_t => fail(format!(
                    "t_ms {} is earlier than the line before ({last_t}): lines must be in time order",
                    line.t_ms
                )),
                Ok(line) => {
                    last_t = line.t_ms;
                    out.lines.push(line);
                }
                Err(message) => fail(message),
            }
        }
        out
    }

    /// Whether nothing in the text was a transcript line.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.header.is_none()
    }
}
