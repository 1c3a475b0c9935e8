//! How each message shows: which widget draws it and what it draws, the
//! welcome card's pages, the conversation list's preview. The UI draws
//! what this says and decides nothing of its own.

use super::Session;
use super::WELCOME_PAGE_SIZE;
use super::entry::{Content, Direction, Entry, Presentation};
use super::receive::Sender;
use crate::protocol::{
    BranchItem, CsMessage, FormCard, OrderCard, ProductCard, RatingCard, SeatStatus, StreamText,
    TaskForm,
};

/// What the chat draws for one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Look<'a> {
    /// A text bubble: the user's on the right, the service's on the left.
    Text(&'a str),
    /// Items to pick: a branch (15), a task branch (32), a bot list (29
    /// other than the welcome card).
    Choices(ChoiceCard<'a>),
    Welcome(WelcomePage<'a>),
    Form(&'a FormCard),
    TaskForm(&'a TaskForm),
    ProductCard(&'a ProductCard),
    OrderCard(&'a OrderCard),
    Rating(&'a RatingCard),
    /// Markdown (30).
    RichText(&'a str),
    Stream(&'a StreamText),
    /// A centred grey line.
    Line(LineText<'a>),
    Banner(Banner),
    /// Nothing the chat can draw: a message that does not decode, or one
    /// that is not a customer-service message. The Inspector shows it.
    Placeholder {
        malformed: bool,
    },
    /// A custom message the user typed raw, which no client draws: its src
    /// and name, compactly.
    RawSent {
        src: &'a str,
        name: &'static str,
    },
}

/// A card of items answered by their text.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceCard<'a> {
    pub header: &'a str,
    /// A text under the header (a bot list's answer), often empty.
    pub text: &'a str,
    pub tail: &'a str,
    /// The items to draw, in order (quick options that were not chosen
    /// are gone once the card is answered).
    pub items: Vec<ChoiceItem<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceItem<'a> {
    /// Its place in the message's `items` (what a choice names).
    pub index: usize,
    pub content: &'a str,
    pub desc: &'a str,
    /// The answer given (by the user here, or `selected` from the service).
    pub chosen: bool,
}

/// The page of a welcome card that shows.
#[derive(Debug, Clone, PartialEq)]
pub struct WelcomePage<'a> {
    pub title: &'a str,
    /// A text under the title, often empty.
    pub text: &'a str,
    /// From 0; always less than `pages`.
    pub page: usize,
    pub pages: usize,
    /// Where this page's first item is in the message's `items`.
    pub first: usize,
    pub items: &'a [BranchItem],
}

/// The text of a system line: the service's words, or desksim's own when
/// the message carries none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineText<'a> {
    Text(&'a str),
    NoSeatOnline,
    ConcurrencyLimit,
    /// The service took a message back.
    Recalled,
}

/// A banner across the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    ConnectedToAgent,
    BackToBot,
    Ended,
    TimedOut,
}

/// The conversation list's line for a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preview<'a> {
    Empty,
    Ended,
    TimedOut,
    Text(&'a str),
}

impl Session {
    /// How the entry at `position` shows in the chat; `None` when it does
    /// not (hidden, or drawn as an indicator under the last message).
    pub fn look(&self, position: usize) -> Option<Look<'_>> {
        let entry = self.entries.get(position)?;
        if !entry.shows_in_chat() {
            return None;
        }
        if entry.recalled {
            return Some(Look::Line(LineText::Recalled));
        }
        if entry.sent_raw
            && let Some(m) = entry.service()
            && !matches!(m, CsMessage::ProductCard(_))
        {
            return Some(Look::RawSent {
                src: m.src(),
                name: m.name(),
            });
        }
        let message = match &entry.content {
            Content::Text(t) => return Some(Look::Text(t)),
            Content::Malformed(_) => return Some(Look::Placeholder { malformed: true }),
            Content::OtherCustom | Content::OtherElement(_) => {
                return Some(Look::Placeholder { malformed: false });
            }
            Content::Service(m) => m,
        };
        Some(match message {
            CsMessage::Branch(b) => {
                let c = &b.content;
                Look::Choices(self.choices(position, &c.header, &c.items, &c.tail, false))
            }
            CsMessage::TaskBranch(b) => {
                let c = &b.content;
                let quick = !b.fixed_buttons();
                Look::Choices(self.choices(position, &c.header, &c.items, &c.tail, quick))
            }
            CsMessage::BotMessage(b) if b.is_welcome() => {
                Look::Welcome(self.welcome_page(position)?)
            }
            CsMessage::BotMessage(b) => {
                let c = &b.content;
                let mut card = self.choices(position, &c.title, &c.items, "", false);
                card.text = &c.content;
                Look::Choices(card)
            }
            CsMessage::Form(f) => Look::Form(&f.content),
            CsMessage::TaskForm(f) => Look::TaskForm(f),
            CsMessage::ProductCard(c) => Look::ProductCard(&c.content),
            CsMessage::OrderCard(c) => Look::OrderCard(&c.content),
            CsMessage::Rating(r) => Look::Rating(&r.menu_content),
            CsMessage::RichText(r) => Look::RichText(&r.content),
            CsMessage::StreamText(s) => Look::Stream(s),
            CsMessage::ClientTips(t) => Look::Line(LineText::Text(&t.content)),
            CsMessage::NoSeatOnline(o) => Look::Line(
                o.content
                    .as_ref()
                    .and_then(|c| c.as_str())
                    .map_or(LineText::NoSeatOnline, LineText::Text),
            ),
            CsMessage::ConcurrencyLimit(o) => Look::Line(
                o.content
                    .as_ref()
                    .and_then(|c| c.as_str())
                    .map_or(LineText::ConcurrencyLimit, LineText::Text),
            ),
            CsMessage::SeatStatus(s) => Look::Banner(s.content.seat()?.into()),
            CsMessage::End(_) => Look::Banner(Banner::Ended),
            CsMessage::Timeout(_) => Look::Banner(Banner::TimedOut),
            // Shown as indicators or not at all (`shows_in_chat` said so).
            CsMessage::Trigger(_)
            | CsMessage::RatingSelected(_)
            | CsMessage::ClientState(_)
            | CsMessage::Typing(_)
            | CsMessage::RobotCommand(_)
            | CsMessage::Member(_)
            | CsMessage::RatingRules(_)
            | CsMessage::RatingRequest(_)
            | CsMessage::BotStatus(_)
            | CsMessage::EndHumanService(_)
            | CsMessage::Thinking(_)
            | CsMessage::AgentTips(_)
            | CsMessage::Unknown { .. } => Look::Placeholder { malformed: false },
        })
    }

    fn choices<'a>(
        &self,
        position: usize,
        header: &'a str,
        items: &'a [BranchItem],
        tail: &'a str,
        quick_options: bool,
    ) -> ChoiceCard<'a> {
        let open = self.card_state(position).is_open();
        let answer = self.answer_of(position);
        let items = items
            .iter()
            .enumerate()
            .map(|(index, item)| ChoiceItem {
                index,
                content: &item.content,
                desc: &item.desc,
                chosen: answer.as_deref() == Some(item.content.as_str()),
            })
            // Quick options go away once answered; fixed buttons stay.
            .filter(|item| !quick_options || open || item.chosen)
            .collect();
        ChoiceCard {
            header,
            text: "",
            tail,
            items,
        }
    }

    /// The page of the welcome card at `position` that shows; a page left
    /// behind by an update that shrank the card shows as the last one.
    pub fn welcome_page(&self, position: usize) -> Option<WelcomePage<'_>> {
        let entry = self.entries.get(position)?;
        let Some(CsMessage::BotMessage(bot)) = entry.service() else {
            return None;
        };
        if !bot.is_welcome() {
            return None;
        }
        let all = &bot.content.items;
        let pages = all.len().div_ceil(WELCOME_PAGE_SIZE).max(1);
        let page = entry.page.min(pages - 1);
        let first = (page * WELCOME_PAGE_SIZE).min(all.len());
        let last = (first + WELCOME_PAGE_SIZE).min(all.len());
        Some(WelcomePage {
            title: &bot.content.title,
            text: &bot.content.content,
            page,
            pages,
            first,
            items: &all[first..last],
        })
    }

    /// The conversation list's line: the last message with text, or how
    /// the session ended.
    pub fn preview(&self) -> Preview<'_> {
        for entry in self.entries.iter().rev() {
            match entry.service() {
                Some(CsMessage::End(_)) => return Preview::Ended,
                Some(CsMessage::Timeout(_)) => return Preview::TimedOut,
                _ => {}
            }
            if let Some(text) = preview_text(entry) {
                return Preview::Text(text);
            }
        }
        Preview::Empty
    }
}

fn preview_text(entry: &Entry) -> Option<&str> {
    if entry.presentation() == Presentation::Hidden {
        return None;
    }
    match (&entry.content, entry.direction) {
        (Content::Text(t), _) => Some(t.as_str()),
        (Content::Service(m), Direction::In) => m.preview(),
        (Content::Service(m @ CsMessage::ProductCard(_)), Direction::Out) => m.preview(),
        _ => None,
    }
    .filter(|t| !t.trim().is_empty())
}

impl From<SeatStatus> for Banner {
    fn from(seat: SeatStatus) -> Self {
        match seat {
            SeatStatus::InSeat => Banner::ConnectedToAgent,
            SeatStatus::OutSeat => Banner::BackToBot,
        }
    }
}

impl Session {
    /// The agent's name to show over the message at `position`: shown on
    /// the first of a run of messages from the same agent, as chat apps
    /// do, not on each.
    pub fn sender_shown(&self, position: usize) -> Option<&Sender> {
        let entry = self.entries.get(position)?;
        let from = entry.from.as_ref()?;
        let previous = self.entries[..position].iter().rev().find(|e| {
            !e.quiet
                && e.presentation() != Presentation::Hidden
                && e.presentation() != Presentation::Indicator
        });
        match previous {
            Some(p)
                if p.direction == Direction::In
                    && p.presentation() == Presentation::Bubble
                    && p.from.as_ref() == Some(from) =>
            {
                None
            }
            _ => Some(from),
        }
    }
}
