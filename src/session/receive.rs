//! What the service sends: decoded (by whoever receives it, off the UI
//! thread), then applied to the session: new messages, updates in place,
//! and their effects on the seat, the rating rules, the indicators and the
//! phase.

use super::entry::{Content, Direction, Entry, MessageId, Refusal, Travelled};
use super::{Phase, Session, TYPING_TIMEOUT};
use crate::clock::Timestamp;
use crate::protocol::{
    self, Body, CsMessage, DecodeOptions, Decoded, SeatCommand, SeatStatus, Shown,
};

/// Something the service sent, as it travelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub id: MessageId,
    pub arrival: Arrival,
    pub payload: Payload,
    /// The agent who sent it, when the backend knows (the embedded flow's
    /// agent in a human session).
    pub from: Option<Sender>,
}

/// Who sent a message on the service's side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sender {
    /// The agent's nickname (`${StaffNickName}`).
    pub name: String,
    /// The agent's picture, an http(s) address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    New,
    /// Replaces the message with this id in place.
    Update,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    Text(String),
    /// A custom message's `data`.
    Custom(String),
}

impl Payload {
    pub fn as_str(&self) -> &str {
        match self {
            Payload::Text(t) | Payload::Custom(t) => t,
        }
    }
}

/// An incoming message with its decoding done.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub id: MessageId,
    pub arrival: Arrival,
    pub payload: Payload,
    pub from: Option<Sender>,
    pub decoded: Result<Decoded, protocol::DecodeError>,
}

impl Incoming {
    /// Decodes the payload; `now_unix` is for checks that depend on the
    /// time (a rating card already expired).
    pub fn decode(self, now_unix: i64) -> Received {
        let decoded = match &self.payload {
            Payload::Text(text) => Ok(Decoded {
                body: Body::Text(text.clone()),
                warnings: Vec::new(),
            }),
            Payload::Custom(data) => protocol::decode(data, &DecodeOptions::strict().at(now_unix)),
        };
        Received {
            id: self.id,
            arrival: self.arrival,
            payload: self.payload,
            from: self.from,
            decoded,
        }
    }
}

impl Session {
    /// Decodes and applies what the service sent; returns its position.
    pub fn receive(&mut self, incoming: Incoming) -> usize {
        let received = incoming.decode(self.now().unix_seconds());
        self.apply(received)
    }

    /// Applies an already-decoded message; returns its position.
    pub fn apply(&mut self, received: Received) -> usize {
        let Received {
            id,
            arrival,
            payload,
            from,
            decoded,
        } = received;
        let raw = match payload {
            Payload::Text(t) | Payload::Custom(t) => t,
        };
        let (content, warnings) = match decoded {
            Ok(Decoded { body, warnings }) => (Content::from(body), warnings),
            Err(e) => (Content::Malformed(e), Vec::new()),
        };
        // A message the clients never draw stays out of the chat even when
        // it is broken: the Inspector shows it with its error.
        let hidden_kind = matches!(content, Content::Malformed(_))
            && protocol::peek_src(&raw)
                .and_then(|src| protocol::shown_of(&src))
                .is_some_and(|shown| shown != Shown::Card);
        let online_only = content.service().is_some_and(CsMessage::online_only);
        let now = self.now();
        let position = match (arrival, self.index.get(&id)) {
            // Only the service's own messages change in place, never what
            // the user sent under a colliding id.
            (Arrival::Update, Some(&i)) if self.entries[i].direction == Direction::In => {
                let entry = &mut self.entries[i];
                entry.content = content;
                entry.raw = raw;
                entry.warnings = warnings;
                entry.online_only = online_only;
                entry.from = from.or(entry.from.take());
                entry.revision += 1;
                self.changes += 1;
                i
            }
            // An update for a message never seen, or a repeated id: kept as
            // a new message rather than lost.
            _ => {
                let travelled = Travelled {
                    content,
                    raw,
                    warnings,
                    online_only,
                };
                let mut entry = Entry::new(id, Direction::In, now, self.generation, travelled);
                entry.from = from;
                self.push(entry)
            }
        };
        if hidden_kind {
            self.entries[position].quiet = true;
        }
        self.follow(position, arrival, now);
        position
    }

    /// The session-level effects of an incoming message.
    fn follow(&mut self, position: usize, arrival: Arrival, now: Timestamp) {
        let message = match &self.entries[position].content {
            Content::Service(m) => m,
            _ => {
                self.typing_until = None;
                return;
            }
        };
        if !matches!(message, CsMessage::Typing(_)) && arrival == Arrival::New {
            self.typing_until = None;
        }
        // After an end or a timeout, new rules, a seat status or a card mean
        // the service began a new session (whoever sent the trigger: the
        // user, a raw 7, another device). A rating card after the end still
        // belongs to the session it rates.
        let over = matches!(self.phase, Phase::Ended | Phase::TimedOut);
        let starts = matches!(
            message,
            CsMessage::RatingRules(_) | CsMessage::SeatStatus(_)
        ) || (message.shown() == Shown::Card
            && !matches!(message, CsMessage::Rating(_)));
        if over && starts && arrival == Arrival::New {
            self.begin_session();
            self.entries[position].generation = self.generation;
        }
        let message = match &self.entries[position].content {
            Content::Service(m) => m,
            _ => return,
        };
        if arrival == Arrival::New && asks(message) {
            self.latest_card = Some(position);
        }
        match message {
            CsMessage::Typing(_) => self.typing_until = Some(now.plus(TYPING_TIMEOUT)),
            CsMessage::RatingRules(m) => self.rules = Some(m.content),
            CsMessage::SeatStatus(m) => {
                // The clients act only on `updateSeatStatus` with a status
                // they know; anything else changes nothing and shows nothing.
                let seat = Some(&m.content)
                    .filter(|c| c.command == SeatCommand::UPDATE)
                    .and_then(SeatCommand::seat);
                match seat {
                    Some(seat) if seat != self.seat => {
                        self.seat = seat;
                        if seat == SeatStatus::InSeat {
                            self.last_seat_in = Some(position);
                        }
                    }
                    _ => self.entries[position].quiet = true,
                }
            }
            CsMessage::End(_) => self.finish(Phase::Ended),
            CsMessage::Timeout(_) => self.finish(Phase::TimedOut),
            CsMessage::Thinking(_) => self.thinking = Some(position),
            _ => {}
        }
        // A service message means the conversation is under way, even when
        // the trigger was sent by someone else (a remote backend's history).
        if self.phase == Phase::NotStarted && arrival == Arrival::New {
            self.phase = Phase::Active;
            self.generation = self.generation.max(1);
            self.entries[position].generation = self.generation;
        }
    }

    /// Whether the card at `position` was superseded: a later card asks
    /// now, or an agent took over after it came.
    pub(super) fn superseded(&self, position: usize) -> bool {
        self.latest_card.is_some_and(|p| p > position)
            || self.last_seat_in.is_some_and(|p| p > position)
    }

    pub(super) fn finish(&mut self, phase: Phase) {
        self.phase = phase;
        self.seat = SeatStatus::OutSeat;
        self.typing_until = None;
        self.thinking = None;
    }
}

impl Session {
    /// The service refused what the user sent as `id`: nothing was carried
    /// out. The card it answered shows why, and takes an answer again when
    /// trying again can help (a data or internal error of the rating
    /// service); returns the position of the message refused.
    pub fn refuse(&mut self, id: &str, refusal: Refusal) -> Option<usize> {
        let position = self.position(id)?;
        let entry = &self.entries[position];
        if entry.direction != Direction::Out {
            return None;
        }
        self.changes += 1;
        if let Some(CsMessage::RatingSelected(r)) = entry.service()
            && let Some(card) = self.rating_card_of(&r.menu_selected.session_id)
        {
            let card = &mut self.entries[card];
            card.answer = None;
            card.refusal = Some(refusal.clone());
        }
        self.entries[position].refusal = Some(refusal);
        Some(position)
    }

    /// The service took back its message `id`; returns its position.
    pub fn recall(&mut self, id: &str) -> Option<usize> {
        let position = self.position(id)?;
        let entry = &mut self.entries[position];
        if entry.direction != Direction::In {
            return None;
        }
        entry.recalled = true;
        self.changes += 1;
        Some(position)
    }
}

/// A card that asks the user something and waits for the answer.
pub(super) fn asks(message: &CsMessage) -> bool {
    match message {
        CsMessage::Branch(_) | CsMessage::Form(_) | CsMessage::TaskBranch(_) => true,
        CsMessage::TaskForm(_) => true,
        // The welcome card is a list of questions to pick from at any time.
        CsMessage::BotMessage(b) => !b.is_welcome(),
        _ => false,
    }
}
