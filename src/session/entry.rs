//! One message of the transcript, in or out, and how the UI presents it.

use serde::{Deserialize, Serialize};

use super::receive::Sender;
use crate::clock::Timestamp;
use crate::protocol::{Body, CsMessage, DecodeError, RatingChoice, Shown, Warning};

/// Backend ids for incoming messages; `u<n>` for the user's own.
pub type MessageId = String;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the service (bot, agent, system) to the user.
    In,
    /// From the user to the service.
    Out,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    Service(CsMessage),
    /// A custom message without the customer-service flag.
    OtherCustom,
    /// An IM element that is neither text nor custom.
    OtherElement(String),
    /// The backend sent something that does not decode: shown as an error
    /// row in the Inspector and a placeholder bubble, never dropped.
    Malformed(DecodeError),
}

impl Direction {
    /// As the transcript writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

impl From<Body> for Content {
    fn from(body: Body) -> Self {
        match body {
            Body::Text(t) => Content::Text(t),
            Body::Service(m) => Content::Service(m),
            Body::OtherCustom => Content::OtherCustom,
            Body::OtherElement(t) => Content::OtherElement(t),
        }
    }
}

impl Content {
    pub fn service(&self) -> Option<&CsMessage> {
        match self {
            Content::Service(m) => Some(m),
            _ => None,
        }
    }
}

/// What the user did with a card here, before any echo from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalAnswer {
    /// A branch item or a form answer, sent as this text.
    Text(String),
    Rating(RatingChoice),
    /// A task-flow form, values in the form's order.
    Values(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: MessageId,
    pub direction: Direction,
    /// When it arrived or was sent; updates keep the first time.
    pub at: Timestamp,
    pub content: Content,
    /// The text or custom `data` exactly as it travelled, for the Inspector.
    pub raw: String,
    pub warnings: Vec<Warning>,
    pub online_only: bool,
    /// Which session (counted by triggers) it belongs to.
    pub generation: u32,
    /// How many times it was updated in place.
    pub revision: u32,
    pub answer: Option<LocalAnswer>,
    /// Page of a welcome card's items.
    pub page: usize,
    /// Nothing to show: a seat status that changes nothing.
    pub quiet: bool,
    /// The service refused it (a message the user sent), or refused the
    /// answer given on it (a card): nothing was carried out.
    pub refusal: Option<Refusal>,
    /// The service took it back (IM's recall).
    pub recalled: bool,
    /// The user typed it as a raw custom message (QA's `{ }`): drawn as a
    /// compact raw bubble, though the clients draw none for its src.
    pub sent_raw: bool,
    /// The agent who sent it, when the backend said.
    pub from: Option<Sender>,
}

/// Why the service refused a message: its error code, in its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: Option<u32>,
    pub reason: String,
}

/// A message as it travelled: what it says, its text, its warnings.
pub(super) struct Travelled {
    pub content: Content,
    pub raw: String,
    pub warnings: Vec<Warning>,
    pub online_only: bool,
}

impl Entry {
    /// A message as it enters the transcript: not updated, answered or
    /// refused yet.
    pub(super) fn new(
        id: MessageId,
        direction: Direction,
        at: Timestamp,
        generation: u32,
        travelled: Travelled,
    ) -> Self {
        let Travelled {
            content,
            raw,
            warnings,
            online_only,
        } = travelled;
        Entry {
            id,
            direction,
            at,
            content,
            raw,
            warnings,
            online_only,
            generation,
            revision: 0,
            answer: None,
            page: 0,
            quiet: false,
            refusal: None,
            recalled: false,
            sent_raw: false,
            from: None,
        }
    }
}

/// How a message shows in the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presentation {
    /// A bubble or card, left for the service, right for the user.
    Bubble,
    /// A centred grey line (tips, no seat online).
    SystemLine,
    /// A banner across the chat (seat status, end, timeout).
    Banner,
    /// Drawn as a transient indicator, not in the list (typing, thinking).
    Indicator,
    /// Inspector only: flags and messages every client hides.
    Hidden,
}

impl Entry {
    pub fn service(&self) -> Option<&CsMessage> {
        self.content.service()
    }

    /// The protocol name for the Inspector: "text", "branch", "unknown" …
    pub fn kind_name(&self) -> &'static str {
        match &self.content {
            Content::Text(_) => "text",
            Content::Service(m) => m.name(),
            Content::OtherCustom => "other custom",
            Content::OtherElement(_) => "other element",
            Content::Malformed(_) => "malformed",
        }
    }

    /// [`Self::kind_name`] in Chinese, for the Chinese UI.
    pub fn kind_name_zh(&self) -> &'static str {
        match &self.content {
            Content::Text(_) => "文本",
            Content::Service(m) => m.name_zh(),
            Content::OtherCustom => "其他自定义消息",
            Content::OtherElement(_) => "其他消息元素",
            Content::Malformed(_) => "无法解析",
        }
    }

    /// A short line of what it says, for lists (the Inspector's rows).
    pub fn gist(&self) -> String {
        let text = match &self.content {
            Content::Text(t) => t.as_str(),
            Content::Service(m) => {
                return m
                    .preview()
                    .map(str::to_owned)
                    .unwrap_or_else(|| m.summary());
            }
            Content::OtherElement(kind) => kind.as_str(),
            Content::OtherCustom | Content::Malformed(_) => "",
        };
        text.to_owned()
    }

    pub fn src(&self) -> Option<&str> {
        self.service().map(CsMessage::src)
    }

    pub fn presentation(&self) -> Presentation {
        if self.quiet {
            return Presentation::Hidden;
        }
        if self.recalled {
            return Presentation::SystemLine;
        }
        let Content::Service(message) = &self.content else {
            return Presentation::Bubble;
        };
        match (self.direction, message.shown()) {
            (Direction::Out, _) if self.sent_raw => Presentation::Bubble,
            // The user's own flags are not drawn; a card they sent is.
            (Direction::Out, _) if matches!(message, CsMessage::ProductCard(_)) => {
                Presentation::Bubble
            }
            (Direction::Out, _) => Presentation::Hidden,
            (Direction::In, Shown::Card) => Presentation::Bubble,
            (Direction::In, Shown::Line) => Presentation::SystemLine,
            (Direction::In, Shown::Banner) => Presentation::Banner,
            (Direction::In, Shown::Indicator) => Presentation::Indicator,
            (Direction::In, Shown::Hidden) => Presentation::Hidden,
        }
    }

    /// Whether it is a row of the chat (not hidden, not an indicator).
    pub fn shows_in_chat(&self) -> bool {
        !matches!(
            self.presentation(),
            Presentation::Hidden | Presentation::Indicator
        )
    }
}
