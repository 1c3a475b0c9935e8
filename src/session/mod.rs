//! One user-side conversation as a pure state machine, and every rule of
//! the conversation the user sees.
//!
//! [`Session::receive`] applies what the service sends, [`Session::act`]
//! turns a user intent into outgoing messages (or a refusal that sends
//! nothing), [`Session::affordances`] tells the UI what it may offer and
//! [`Session::look`] how each message shows. [`Conversation`] is the core
//! every driver shares (the window, `play`, `test`, `--compare`,
//! `--replay`): a session, the backend's reports applied to it, and the
//! transcript. Time comes from the injected [`Clock`]. This module never
//! performs I/O and never draws.

mod act;
mod cards;
mod conversation;
mod entry;
mod events;
mod intent;
mod lock;
mod look;
mod raw;
mod receive;
mod transcript;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use conversation::{Conversation, Level, LogLine, Problem, Row};
pub use entry::{Content, Direction, Entry, LocalAnswer, MessageId, Presentation, Refusal};
pub use events::{AgentCommand, BackendEvent, ConnectionState, Event, FlowState, OnDuty, Timer};
pub use intent::{FormAnswer, Intent, IntentError};
pub use lock::{CardState, LockReason};
pub use look::{Banner, ChoiceCard, ChoiceItem, LineText, Look, Preview, WelcomePage};
pub use raw::{RawVerdict, raw_verdict};
pub use receive::{Arrival, Incoming, Payload, Received, Sender};
pub use transcript::{Header, Line, LineData, LineKind, Transcript, TranscriptError};

use crate::clock::{Clock, Timestamp};
use crate::flow::Flow;
use crate::protocol::{CsMessage, Outgoing, RatingRules, SeatStatus};

/// The typing indicator goes away by itself after this long.
pub const TYPING_TIMEOUT: Duration = Duration::from_secs(10);
/// A thinking message shows at most this long.
pub const THINKING_TIMEOUT: Duration = Duration::from_secs(60);
/// Items per page of a welcome card (the web client's number).
pub const WELCOME_PAGE_SIZE: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// Sent in the trigger's `triggeredContent.language`.
    pub language: String,
    /// What the "human service" button sends as plain text.
    pub human_service_words: String,
}

impl SessionConfig {
    /// A user whose client speaks `language` ("zh", "en"): the trigger
    /// says so, and the button sends the words Desk's own widget sends.
    pub fn for_language(language: &str) -> Self {
        let words = if language.starts_with("zh") {
            "人工服务"
        } else {
            "Human service"
        };
        SessionConfig {
            language: language.to_owned(),
            human_service_words: words.to_owned(),
        }
    }

    /// A user of the client a flow was written for: its language, and the
    /// words its human-service button sends.
    pub fn for_flow(flow: &Flow) -> Self {
        let mut config = Self::for_language(&flow.language);
        if let Some(h) = &flow.settings.human_service {
            config.human_service_words = h.words.clone();
        }
        config
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self::for_language("en")
    }
}

/// Where the conversation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    NotStarted,
    Active,
    /// The service sent 19.
    Ended,
    /// The service sent 20.
    TimedOut,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::NotStarted => "not started",
            Phase::Active => "active",
            Phase::Ended => "ended",
            Phase::TimedOut => "timed out",
        })
    }
}

/// A message the session has put in the transcript and the caller must send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub id: MessageId,
    pub outgoing: Outgoing,
}

/// What the UI may offer now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affordances {
    /// "Human service": only out of seat.
    pub human_service: bool,
    /// "Rate": only in seat and when the rules let the user ask (bit 4).
    pub rate: bool,
    /// This agent's service is rated already: "Rate" shows, disabled,
    /// rather than lead to the rating service's 10152.
    pub rated: bool,
    /// "End service": only in seat.
    pub end_service: bool,
    pub composer: bool,
    /// After an end or a timeout: "Start new session".
    pub start_new_session: bool,
    pub seat: SeatStatus,
    pub phase: Phase,
    pub typing: bool,
    /// The thinking message to show, if one is live.
    pub thinking: Option<MessageId>,
}

#[derive(Debug)]
pub struct Session {
    config: SessionConfig,
    clock: Arc<dyn Clock>,
    entries: Vec<Entry>,
    index: HashMap<MessageId, usize>,
    phase: Phase,
    /// Which session of the conversation this is, counted by starts.
    generation: u32,
    seat: SeatStatus,
    rules: Option<RatingRules>,
    typing_until: Option<Timestamp>,
    thinking: Option<usize>,
    /// The number in the user's last message id (`u<n>`).
    next_out: u64,
    /// Counts every change to the transcript, so views can cache what
    /// they derive from it.
    changes: u64,
    /// A transcript read back: nothing can be sent.
    read_only: bool,
    /// The latest card asking the user something (branch, form, task
    /// branch or form, clarify list): earlier ones are superseded.
    latest_card: Option<usize>,
    /// Where an agent last took over: cards before it are superseded.
    last_seat_in: Option<usize>,
}

impl Session {
    pub fn new(config: SessionConfig, clock: Arc<dyn Clock>) -> Self {
        Session {
            config,
            clock,
            entries: Vec::new(),
            index: HashMap::new(),
            phase: Phase::NotStarted,
            generation: 0,
            seat: SeatStatus::OutSeat,
            rules: None,
            typing_until: None,
            thinking: None,
            next_out: 0,
            changes: 0,
            read_only: false,
            latest_card: None,
            last_seat_in: None,
        }
    }

    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The clock the session reads.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn seat(&self) -> SeatStatus {
        self.seat
    }

    /// A number that changes whenever the transcript does (a message
    /// added, updated or answered).
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Whether this is a transcript read back, where nothing can be sent.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Makes the session a record only: every intent is refused.
    pub fn make_read_only(&mut self) {
        self.read_only = true;
    }

    /// When the typing indicator should go away (for scheduling a repaint).
    pub fn typing_until(&self) -> Option<Timestamp> {
        self.typing_until.filter(|&t| t > self.now())
    }

    pub fn affordances(&self) -> Affordances {
        let active = self.phase == Phase::Active && !self.read_only;
        let in_seat = self.seat == SeatStatus::InSeat;
        let now = self.now();
        let thinking = self.thinking.and_then(|i| {
            let entry = &self.entries[i];
            match entry.service() {
                Some(CsMessage::Thinking(t))
                    if t.shown() && now.since(entry.at) < THINKING_TIMEOUT =>
                {
                    Some(entry.id.clone())
                }
                _ => None,
            }
        });
        Affordances {
            human_service: active && !in_seat,
            rate: active && in_seat && self.rules.is_some_and(RatingRules::user_may_send),
            rated: active && in_seat && self.rated_in_seat(),
            end_service: active && in_seat,
            composer: active,
            start_new_session: !self.read_only
                && matches!(self.phase, Phase::Ended | Phase::TimedOut),
            seat: self.seat,
            phase: self.phase,
            typing: self.typing_until.is_some_and(|t| t > now),
            thinking,
        }
    }

    /// A new session of the conversation begins (the user's start, a
    /// trigger sent raw, or the service starting one itself): seat, rules
    /// and indicators start over; the cards of the last session lock.
    fn begin_session(&mut self) {
        self.generation += 1;
        self.phase = Phase::Active;
        self.seat = SeatStatus::OutSeat;
        self.rules = None;
        self.typing_until = None;
        self.thinking = None;
    }

    fn push(&mut self, entry: Entry) -> usize {
        self.changes += 1;
        let position = self.entries.len();
        self.index.entry(entry.id.clone()).or_insert(position);
        self.entries.push(entry);
        position
    }
}
