//! `CsMessage`: one variant per `src` code, generated from the table at the
//! bottom of this file, the one place a src code is written. The table
//! gives each code its variant, payload type, name (English / Chinese), how
//! the user side shows it and whether it travels online-only; the payload type (in its family
//! file) says the rest through [`SrcPayload`]: its warnings, summary,
//! preview and the key fields `--compare` uses.

use serde::Serialize;
use serde_json::{Map, Value};

use super::bot::{RichText, RobotCommand, StreamText, Thinking};
use super::branch::{BotMessage, Branch, TaskBranch};
use super::card::{OrderCardMessage, ProductCardMessage};
use super::form::{Form, TaskForm};
use super::rating::{Rating, RatingRulesMessage, RatingSelected};
use super::status::{Bare, ClientTips, Opaque, SeatStatusMessage, Trigger};
use super::summary::shorten;
use super::warning::{Check, WarningKind};

/// What desksim knows of one src's payload beyond its wire shape. Every
/// payload type implements all of it, so a new src cannot forget a part.
pub(crate) trait SrcPayload {
    /// Adds the conformance warnings: what the spec forbids, or what an
    /// official client would hide, mis-draw or choke on.
    fn check(&self, check: &mut Check);
    /// A one-line account of the key fields (`desksim decode`, the
    /// Inspector, `play --format text`); empty when there is nothing to say.
    fn summary(&self) -> String;
    /// The conversation list's preview line, for a message that has text.
    fn preview(&self) -> Option<&str>;
    /// What a person would call the same message in two transcripts: texts,
    /// choices and states, not pictures, descriptions, ids or times that
    /// differ between deployments (`--compare`, `desksim diff`).
    fn key_fields(&self) -> Map<String, Value>;
}

/// Key fields from `(name, value)` pairs.
pub(crate) fn fields<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// How the user side shows a message from the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// A bubble or card in the chat.
    Card,
    /// A centred grey line (tips, no seat online).
    Line,
    /// A banner across the chat: every client hides these, desksim's users
    /// asked to see seat changes and ends.
    Banner,
    /// A transient indicator under the last message (typing, thinking).
    Indicator,
    /// Never in the chat (the Inspector shows it).
    Hidden,
}

/// Codes every client treats as constants and hides.
pub const RESERVED_SRC: &[&str] = &["1", "2", "3", "4", "5", "6", "8"];

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

/// The custom message's `data`: `customerServicePlugin`, then `src` (always
/// a string), then the payload keys in the order the documentation shows.
fn wire<P: Serialize>(src: &str, payload: &P) -> String {
    let wire = Wire {
        plugin: 0,
        src,
        payload,
    };
    // Every payload type is strings, integers and JSON values with string
    // keys: serde_json has no failure path for them.
    serde_json::to_string(&wire).expect("payload types serialise to JSON")
}

/// The src as a number when it is written as one ("7", "15"; not "07").
pub(super) fn src_number(src: &str) -> u16 {
    let canonical = !src.is_empty() && src.len() <= 3 && !src.starts_with('0');
    if canonical && src.bytes().all(|b| b.is_ascii_digit()) {
        src.parse().unwrap_or(u16::MAX)
    } else {
        u16::MAX
    }
}

/// Builds the enum and everything that goes by src from the table.
macro_rules! messages {
    ($(
        $(#[doc = $doc:literal])*
        $code:literal => $variant:ident($payload:ty), $name:literal / $name_zh:literal, $shown:ident, $online:literal;
    )*) => {
        /// A customer-service custom message (`customerServicePlugin: 0`).
        #[derive(Debug, Clone, PartialEq)]
        pub enum CsMessage {
            $(
                #[doc = concat!("src ", stringify!($code), ": ", $name, ".")]
                $(#[doc = $doc])*
                $variant($payload),
            )*
            /// Any other src (including the reserved 1–6 and 8): kept whole.
            Unknown { src: String, raw: String },
        }

        /// Every src code desksim knows, with the name the Inspector shows.
        pub const KNOWN_SRC: &[(&str, &str)] = &[$((stringify!($code), $name)),*];

        /// How the user side shows messages of a src code, when desksim
        /// knows it (even for one that fails to decode).
        pub fn shown_of(src: &str) -> Option<Shown> {
            match src_number(src) {
                $($code => Some(Shown::$shown),)*
                _ => None,
            }
        }

        impl CsMessage {
            pub fn src(&self) -> &str {
                match self {
                    $(CsMessage::$variant(_) => stringify!($code),)*
                    CsMessage::Unknown { src, .. } => src,
                }
            }

            /// A short name for people: "branch", "rating card", "unknown".
            pub fn name(&self) -> &'static str {
                match self {
                    $(CsMessage::$variant(_) => $name,)*
                    CsMessage::Unknown { src, .. } => src_name(src),
                }
            }

            /// The short name in Chinese, for the Chinese UI.
            pub fn name_zh(&self) -> &'static str {
                match self {
                    $(CsMessage::$variant(_) => $name_zh,)*
                    CsMessage::Unknown { .. } => "未知",
                }
            }

            /// How the user side shows it when the service sends it.
            pub fn shown(&self) -> Shown {
                match self {
                    $(CsMessage::$variant(_) => Shown::$shown,)*
                    CsMessage::Unknown { .. } => Shown::Hidden,
                }
            }

            /// The spec asks these to be sent with `onlineUserOnly` (REST:
            /// `OnlineOnlyFlag` 1): flags, not history.
            pub fn online_only(&self) -> bool {
                match self {
                    $(CsMessage::$variant(_) => $online,)*
                    CsMessage::Unknown { .. } => false,
                }
            }

            /// The custom message's `data` string as the official clients
            /// lay it out.
            pub fn to_wire(&self) -> String {
                match self {
                    $(CsMessage::$variant(m) => wire(stringify!($code), m),)*
                    CsMessage::Unknown { raw, .. } => raw.clone(),
                }
            }

            /// A one-line account of the key fields.
            pub fn summary(&self) -> String {
                match self {
                    $(CsMessage::$variant(m) => m.summary(),)*
                    CsMessage::Unknown { raw, .. } => shorten(raw),
                }
            }

            /// The conversation list's preview line, when the message has text.
            pub fn preview(&self) -> Option<&str> {
                match self {
                    $(CsMessage::$variant(m) => m.preview(),)*
                    CsMessage::Unknown { .. } => None,
                }
            }

            /// The src and the fields that carry meaning, for comparing two
            /// transcripts.
            pub fn key_fields(&self) -> Value {
                let mut fields = match self {
                    $(CsMessage::$variant(m) => m.key_fields(),)*
                    CsMessage::Unknown { raw, .. } => {
                        Map::from_iter([("raw".to_owned(), Value::String(raw.clone()))])
                    }
                };
                fields.retain(|_, v| !v.is_null());
                let mut out = Map::from_iter([("src".to_owned(), Value::from(self.src()))]);
                out.extend(fields);
                Value::Object(out)
            }

            pub(crate) fn check(&self, check: &mut Check) {
                match self {
                    $(CsMessage::$variant(m) => m.check(check),)*
                    CsMessage::Unknown { src, .. } => {
                        let kind = if RESERVED_SRC.contains(&src.as_str()) {
                            WarningKind::ReservedSrc(src.clone())
                        } else {
                            WarningKind::UnknownSrc(src.clone())
                        };
                        check.warn("src", kind);
                    }
                }
            }
        }

        /// Builds the message for `src`. An unknown src comes back with an
        /// empty `raw`, for the caller to fill with the whole text.
        pub(super) fn dispatch<'de, R: super::decode::PayloadReader<'de>>(
            src: &str,
            reader: R,
        ) -> Result<CsMessage, R::Error> {
            Ok(match src_number(src) {
                $($code => CsMessage::$variant(reader.read()?),)*
                _ => {
                    reader.read::<serde::de::IgnoredAny>()?;
                    CsMessage::Unknown {
                        src: src.to_owned(),
                        raw: String::new(),
                    }
                }
            })
        }
    };
}

messages! {
    /// User → backend, sent on opening the chat.
    7 => Trigger(Trigger), "trigger" / "触发", Hidden, true;
    /// The card sits under `menuContent`.
    9 => Rating(Rating), "rating card" / "评价卡片", Card, false;
    /// User → backend.
    10 => RatingSelected(RatingSelected), "rating choice" / "评价选择", Hidden, true;
    /// `'1'` online, `'2'` offline.
    11 => ClientState(Opaque), "client state" / "客户端状态", Hidden, true;
    12 => Typing(Bare), "typing" / "正在输入", Indicator, true;
    13 => RobotCommand(RobotCommand), "robot command" / "机器人指令", Hidden, false;
    15 => Branch(Branch), "branch" / "分支", Card, false;
    17 => Member(Opaque), "member" / "成员", Hidden, false;
    /// Hidden by every client; desksim shows it as a system line.
    18 => NoSeatOnline(Opaque), "no seat online" / "无客服在线", Line, false;
    19 => End(Bare), "session end" / "会话结束", Banner, false;
    20 => Timeout(Bare), "session timeout" / "会话超时", Banner, false;
    21 => Form(Form), "form" / "表单", Card, false;
    /// Both directions.
    22 => ProductCard(ProductCardMessage), "product card" / "商品卡片", Card, false;
    23 => RatingRules(RatingRulesMessage), "rating rules" / "评价规则", Hidden, false;
    /// User → backend.
    24 => RatingRequest(Bare), "rating request" / "请求评价", Hidden, true;
    /// `inBot` / `leaveBot`.
    25 => BotStatus(Opaque), "bot status" / "机器人状态", Hidden, false;
    26 => SeatStatus(SeatStatusMessage), "seat status" / "座席状态", Banner, false;
    /// User → backend.
    27 => EndHumanService(Trigger), "end human service" / "结束人工服务", Hidden, true;
    28 => OrderCard(OrderCardMessage), "order card" / "订单卡片", Card, false;
    29 => BotMessage(BotMessage), "bot message" / "机器人消息", Card, false;
    30 => RichText(RichText), "rich text" / "富文本", Card, false;
    31 => StreamText(StreamText), "stream text" / "流式文本", Card, false;
    32 => TaskBranch(TaskBranch), "task branch" / "任务分支", Card, false;
    /// Both directions.
    33 => TaskForm(TaskForm), "task form" / "任务表单", Card, false;
    35 => Thinking(Thinking), "thinking" / "思考中", Indicator, false;
    /// Named in Desk's documentation, not found in any client.
    36 => ConcurrencyLimit(Opaque), "concurrency limit" / "并发限制", Line, false;
    37 => ClientTips(ClientTips), "client tips" / "客户端提示", Line, false;
    /// For the agent only.
    38 => AgentTips(Opaque), "agent tips" / "坐席提示", Hidden, false;
}
