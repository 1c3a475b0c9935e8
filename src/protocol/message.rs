//! `CsMessage`: one variant per `src` code, named as in the clients.

use serde::Serialize;

use super::bot::{RichText, RobotCommand, StreamText, Thinking};
use super::branch::{BotMessage, Branch, TaskBranch};
use super::card::{OrderCardMessage, ProductCardMessage};
use super::form::{Form, TaskForm};
use super::rating::{Rating, RatingRulesMessage, RatingSelected};
use super::status::{Bare, ClientTips, Opaque, SeatStatusMessage, Trigger};

/// A customer-service custom message (`customerServicePlugin: 0`).
#[derive(Debug, Clone, PartialEq)]
pub enum CsMessage {
    /// 7, user → backend, online-only.
    Trigger(Trigger),
    /// 9.
    Rating(Rating),
    /// 10, user → backend, online-only.
    RatingSelected(RatingSelected),
    /// 11: `'1'` online, `'2'` offline.
    ClientState(Opaque),
    /// 12.
    Typing(Bare),
    /// 13.
    RobotCommand(RobotCommand),
    /// 15.
    Branch(Branch),
    /// 17.
    Member(Opaque),
    /// 18.
    NoSeatOnline(Opaque),
    /// 19.
    End(Bare),
    /// 20.
    Timeout(Bare),
    /// 21.
    Form(Form),
    /// 22, both directions.
    ProductCard(ProductCardMessage),
    /// 23.
    RatingRules(RatingRulesMessage),
    /// 24, user → backend, online-only.
    RatingRequest(Bare),
    /// 25: `inBot` / `leaveBot`.
    BotStatus(Opaque),
    /// 26.
    SeatStatus(SeatStatusMessage),
    /// 27, user → backend, online-only.
    EndHumanService(Trigger),
    /// 28.
    OrderCard(OrderCardMessage),
    /// 29.
    BotMessage(BotMessage),
    /// 30.
    RichText(RichText),
    /// 31.
    StreamText(StreamText),
    /// 32.
    TaskBranch(TaskBranch),
    /// 33, both directions.
    TaskForm(TaskForm),
    /// 35.
    Thinking(Thinking),
    /// 36.
    ConcurrencyLimit(Opaque),
    /// 37.
    ClientTips(ClientTips),
    /// 38, for the agent only.
    AgentTips(Opaque),
    /// Any other src (including the reserved 1–6 and 8): kept whole.
    Unknown { src: String, raw: String },
}

/// Every src code desksim knows, with the name the Inspector shows.
pub const KNOWN_SRC: &[(&str, &str)] = &[
    ("7", "trigger"),
    ("9", "rating card"),
    ("10", "rating choice"),
    ("11", "client state"),
    ("12", "typing"),
    ("13", "robot command"),
    ("15", "branch"),
    ("17", "member"),
    ("18", "no seat online"),
    ("19", "session end"),
    ("20", "session timeout"),
    ("21", "form"),
    ("22", "product card"),
    ("23", "rating rules"),
    ("24", "rating request"),
    ("25", "bot status"),
    ("26", "seat status"),
    ("27", "end human service"),
    ("28", "order card"),
    ("29", "bot message"),
    ("30", "rich text"),
    ("31", "stream text"),
    ("32", "task branch"),
    ("33", "task form"),
    ("35", "thinking"),
    ("36", "concurrency limit"),
    ("37", "client tips"),
    ("38", "agent tips"),
];

/// Codes every client treats as constants and hides.
pub const RESERVED_SRC: &[&str] = &["1", "2", "3", "4", "5", "6", "8"];

impl CsMessage {
    pub fn src(&self) -> &str {
        use CsMessage::*;
        match self {
            Trigger(_) => "7",
            Rating(_) => "9",
            RatingSelected(_) => "10",
            ClientState(_) => "11",
            Typing(_) => "12",
            RobotCommand(_) => "13",
            Branch(_) => "15",
            Member(_) => "17",
            NoSeatOnline(_) => "18",
            End(_) => "19",
            Timeout(_) => "20",
            Form(_) => "21",
            ProductCard(_) => "22",
            RatingRules(_) => "23",
            RatingRequest(_) => "24",
            BotStatus(_) => "25",
            SeatStatus(_) => "26",
            EndHumanService(_) => "27",
            OrderCard(_) => "28",
            BotMessage(_) => "29",
            RichText(_) => "30",
            StreamText(_) => "31",
            TaskBranch(_) => "32",
            TaskForm(_) => "33",
            Thinking(_) => "35",
            ConcurrencyLimit(_) => "36",
            ClientTips(_) => "37",
            AgentTips(_) => "38",
            Unknown { src, .. } => src,
        }
    }

    /// A short name for people: "branch", "rating card", "unknown".
    pub fn name(&self) -> &'static str {
        src_name(self.src())
    }

    /// The spec asks these to be sent with `onlineUserOnly` (REST:
    /// `MsgLifeTime` 0): flags, not history.
    pub fn online_only(&self) -> bool {
        matches!(
            self,
            CsMessage::Trigger(_)
                | CsMessage::RatingSelected(_)
                | CsMessage::ClientState(_)
                | CsMessage::Typing(_)
                | CsMessage::RatingRequest(_)
                | CsMessage::EndHumanService(_)
        )
    }

    /// The custom message's `data` string as the official clients lay it
    /// out: `customerServicePlugin`, then `src` (always a string), then the
    /// payload keys in the order the documentation shows them.
    pub fn to_wire(&self) -> String {
        use CsMessage::*;
        let src = self.src();
        match self {
            Trigger(m) | EndHumanService(m) => wire(src, m),
            Rating(m) => wire(src, m),
            RatingSelected(m) => wire(src, m),
            ClientState(m) | Member(m) | NoSeatOnline(m) | BotStatus(m) | ConcurrencyLimit(m)
            | AgentTips(m) => wire(src, m),
            Typing(m) | End(m) | Timeout(m) | RatingRequest(m) => wire(src, m),
            RobotCommand(m) => wire(src, m),
            Branch(m) => wire(src, m),
            Form(m) => wire(src, m),
            ProductCard(m) => wire(src, m),
            RatingRules(m) => wire(src, m),
            SeatStatus(m) => wire(src, m),
            OrderCard(m) => wire(src, m),
            BotMessage(m) => wire(src, m),
            RichText(m) => wire(src, m),
            StreamText(m) => wire(src, m),
            TaskBranch(m) => wire(src, m),
            TaskForm(m) => wire(src, m),
            Thinking(m) => wire(src, m),
            ClientTips(m) => wire(src, m),
            Unknown { raw, .. } => raw.clone(),
        }
    }
}

/// The name of a src code, "unknown" when desksim does not know it.
pub fn src_name(src: &str) -> &'static str {
    KNOWN_SRC
        .iter()
        .find(|(code, _)| *code == src)
        .map(|(_, name)| *name)
        .unwrap_or(if RESERVED_SRC.contains(&src) {
            "reserved"
        } else {
            "unknown"
        })
}

#[derive(Serialize)]
struct Wire<'a, P> {
    #[serde(rename = "customerServicePlugin")]
    plugin: u8,
    src: &'a str,
    #[serde(flatten)]
    payload: &'a P,
}

fn wire<P: Serialize>(src: &str, payload: &P) -> String {
    // Serialising owned strings, numbers and JSON values into a String has
    // no failure path.
    serde_json::to_string(&Wire {
        plugin: 0,
        src,
        payload,
    })
    .unwrap_or_default()
}
