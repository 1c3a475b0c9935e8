//! One user-side conversation as a pure state machine.
//!
//! [`Session::receive`] applies what the service sends, [`Session::act`]
//! turns a user intent into outgoing messages (or a refusal that sends
//! nothing), and [`Session::affordances`] tells the UI what it may offer.
//! Time comes from the injected [`Clock`]. This module never performs I/O
//! and never draws.

mod entry;
mod intent;
mod lock;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use entry::{Content, Direction, Entry, LocalAnswer, MessageId, Presentation};
pub use intent::{FormAnswer, Intent, IntentError};
pub use lock::{CardState, LockReason};

use crate::clock::{Clock, Timestamp};
use crate::protocol::{
    self, Body, BranchItem, CsMessage, DecodeOptions, Decoded, Outgoing, RatingRules, SeatStatus,
    encode,
};

/// The typing indicator goes away by itself after this long.
pub const TYPING_TIMEOUT: Duration = Duration::from_secs(10);
/// A thinking message shows at most this long.
pub const THINKING_TIMEOUT: Duration = Duration::from_secs(60);
/// Items per page of a welcome card (the web client's number).
pub const WELCOME_PAGE_SIZE: usize = 5;

#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// Sent in the trigger's `triggeredContent.language`.
    pub language: String,
    /// What the "human service" button sends as plain text.
    pub human_service_words: String,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            language: "en".to_owned(),
            human_service_words: "Human service".to_owned(),
        }
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

/// Something the service sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub id: MessageId,
    pub arrival: Arrival,
    pub payload: Payload,
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
    generation: u32,
    seat: SeatStatus,
    rules: Option<RatingRules>,
    typing_until: Option<Timestamp>,
    thinking: Option<usize>,
    next_out: u64,
    /// Counts every change to the transcript, so views can cache what
    /// they derive from it.
    changes: u64,
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
        }
    }

    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
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

    pub fn rating_rules(&self) -> Option<RatingRules> {
        self.rules
    }

    /// When the typing indicator should go away (for scheduling a repaint).
    pub fn typing_until(&self) -> Option<Timestamp> {
        self.typing_until.filter(|&t| t > self.now())
    }

    /// When something the user sees changes by itself next: an open rating
    /// card expiring, the typing indicator going away.
    pub fn next_expiry(&self) -> Option<Timestamp> {
        let now = self.now();
        let ratings = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.service() {
                Some(CsMessage::Rating(r)) if self.card_state(i).is_open() => {
                    r.menu_content.expire_time.map(Timestamp::from_unix_seconds)
                }
                _ => None,
            });
        ratings.chain(self.typing_until).filter(|&t| t > now).min()
    }

    /// Decodes and applies what the service sent; returns its position.
    pub fn receive(&mut self, incoming: Incoming) -> usize {
        let opts = DecodeOptions::strict().at(self.now().unix_seconds());
        let decoded = match &incoming.payload {
            Payload::Text(text) => Ok(Decoded {
                body: Body::Text(text.clone()),
                warnings: Vec::new(),
            }),
            Payload::Custom(data) => protocol::decode(data, &opts),
        };
        let raw = match incoming.payload {
            Payload::Text(t) | Payload::Custom(t) => t,
        };
        self.apply(incoming.id, incoming.arrival, raw, decoded)
    }

    /// Applies an already-decoded message; returns its position.
    pub fn apply(
        &mut self,
        id: MessageId,
        arrival: Arrival,
        raw: String,
        decoded: Result<Decoded, protocol::DecodeError>,
    ) -> usize {
        let (content, warnings) = match decoded {
            Ok(Decoded { body, warnings }) => (
                match body {
                    Body::Text(t) => Content::Text(t),
                    Body::Service(m) => Content::Service(m),
                    Body::OtherCustom => Content::OtherCustom,
                    Body::OtherElement(t) => Content::OtherElement(t),
                },
                warnings,
            ),
            Err(e) => (Content::Malformed(e), Vec::new()),
        };
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
                entry.revision += 1;
                self.changes += 1;
                i
            }
            // An update for a message never seen, or a repeated id: kept as
            // a new message rather than lost.
            _ => self.push(Entry {
                id,
                direction: Direction::In,
                at: now,
                content,
                raw,
                warnings,
                online_only,
                generation: self.generation,
                revision: 0,
                answer: None,
                page: 0,
                quiet: false,
            }),
        };
        self.follow(position, arrival, now);
        position
    }

    /// A number that changes whenever the transcript does (a message
    /// added, updated or answered).
    pub fn changes(&self) -> u64 {
        self.changes
    }

    fn push(&mut self, entry: Entry) -> usize {
        self.changes += 1;
        let position = self.entries.len();
        self.index.entry(entry.id.clone()).or_insert(position);
        self.entries.push(entry);
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
        match message {
            CsMessage::Typing(_) => self.typing_until = Some(now.plus(TYPING_TIMEOUT)),
            CsMessage::RatingRules(m) => self.rules = Some(m.content),
            CsMessage::SeatStatus(m) => {
                let seat = m.content.seat();
                if seat == Some(self.seat) {
                    self.entries[position].quiet = true;
                }
                if let Some(seat) = seat {
                    self.seat = seat;
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

    fn finish(&mut self, phase: Phase) {
        self.phase = phase;
        self.seat = SeatStatus::OutSeat;
        self.typing_until = None;
        self.thinking = None;
    }

    pub fn affordances(&self) -> Affordances {
        let active = self.phase == Phase::Active;
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
            end_service: active && in_seat,
            composer: active,
            start_new_session: matches!(self.phase, Phase::Ended | Phase::TimedOut),
            seat: self.seat,
            phase: self.phase,
            typing: self.typing_until.is_some_and(|t| t > now),
            thinking,
        }
    }

    /// Whether the card at `position` still takes an answer.
    pub fn card_state(&self, position: usize) -> CardState {
        let Some(entry) = self.entries.get(position) else {
            return CardState::Locked(LockReason::ClosedByService);
        };
        let locked = CardState::Locked;
        let Some(message) = entry.service() else {
            return locked(LockReason::ClosedByService);
        };
        if entry.answer.is_some() {
            return locked(LockReason::Answered);
        }
        let is_rating = matches!(message, CsMessage::Rating(_));
        if !is_rating && entry.generation < self.generation {
            return locked(LockReason::EarlierSession);
        }
        match message {
            CsMessage::Rating(r) => {
                if r.menu_content.choice().is_some() {
                    return locked(LockReason::Answered);
                }
                if r.menu_content.is_expired_at(self.now().unix_seconds()) {
                    return locked(LockReason::Expired);
                }
                return CardState::Open;
            }
            CsMessage::Branch(b) if b.content.choice().is_some() => {
                return locked(LockReason::Answered);
            }
            CsMessage::Form(f) if f.content.choice().is_some() => {
                return locked(LockReason::Answered);
            }
            CsMessage::TaskBranch(b) if b.content.choice().is_some() || b.status == Some(2) => {
                return locked(LockReason::Answered);
            }
            CsMessage::TaskForm(f) if !f.is_open() => return locked(LockReason::ClosedByService),
            _ => {}
        }
        if self.phase != Phase::Active {
            return locked(LockReason::SessionOver);
        }
        CardState::Open
    }

    /// Whether the service has confirmed the card's answer (its `selected`
    /// came back); an answer it rejected stays unconfirmed, as the flow
    /// asks again.
    pub fn answer_confirmed(&self, position: usize) -> bool {
        self.service_answer(position).is_some()
    }

    /// The answer the service's `selected` carries.
    fn service_answer(&self, position: usize) -> Option<String> {
        match self.entries.get(position)?.service()? {
            CsMessage::Rating(r) => r.menu_content.choice().map(|c| c.id.clone()),
            CsMessage::Branch(b) => b.content.choice().map(|c| c.content.clone()),
            CsMessage::TaskBranch(b) => b.content.choice().map(|c| c.content.clone()),
            CsMessage::Form(f) => f.content.choice().map(|c| c.content.clone()),
            _ => None,
        }
    }

    /// The answer a card shows: the user's own, or the service's `selected`.
    pub fn answer_of(&self, position: usize) -> Option<String> {
        let entry = self.entries.get(position)?;
        match &entry.answer {
            Some(LocalAnswer::Text(t)) => return Some(t.clone()),
            Some(LocalAnswer::Rating(c)) => return Some(c.id.clone()),
            Some(LocalAnswer::Values(v)) => return Some(v.join(", ")),
            None => {}
        }
        self.service_answer(position)
    }

    /// Puts a message the user sent earlier into the transcript, as it was
    /// recorded (a replayed transcript); nothing is sent.
    pub fn record_outgoing(&mut self, id: MessageId, outgoing: Outgoing) {
        let content = match &outgoing.body {
            protocol::OutgoingBody::Text { text, .. } => Content::Text(text.clone()),
            protocol::OutgoingBody::Custom { data } => {
                match protocol::decode(data, &DecodeOptions::strict()) {
                    Ok(Decoded {
                        body: Body::Service(m),
                        ..
                    }) => Content::Service(m),
                    Ok(_) => Content::OtherCustom,
                    Err(e) => Content::Malformed(e),
                }
            }
        };
        if self.phase == Phase::NotStarted {
            self.phase = Phase::Active;
            self.generation = 1;
        }
        self.push_outgoing(id, content, &outgoing);
    }

    /// Carries out a user intent: the outgoing messages, already in the
    /// transcript, or a refusal that changed nothing.
    pub fn act(&mut self, intent: Intent) -> Result<Vec<Sent>, IntentError> {
        // An intent may answer a card or turn a page without sending.
        self.changes += 1;
        match intent {
            Intent::Start => {
                if self.phase != Phase::Active {
                    self.generation += 1;
                    self.phase = Phase::Active;
                    self.seat = SeatStatus::OutSeat;
                    self.rules = None;
                    self.typing_until = None;
                    self.thinking = None;
                }
                let trigger = encode::trigger(&self.config.language);
                Ok(vec![self.send_custom(trigger)])
            }
            Intent::SendText(text) => {
                self.require_active()?;
                if text.trim().is_empty() {
                    return Err(IntentError::EmptyText);
                }
                if let Some(position) = self.card_answered_by(&text) {
                    self.entries[position].answer = Some(LocalAnswer::Text(text.clone()));
                }
                Ok(vec![self.send(Outgoing::text(text), None)])
            }
            Intent::Choose { id, index } => self.choose(&id, index),
            Intent::AnswerForm { id, answer } => self.answer_form(&id, answer),
            Intent::SubmitTaskForm { id, values } => self.submit_task_form(&id, values),
            Intent::Rate { id, option_id } => self.rate(&id, &option_id),
            Intent::RequestRating => {
                self.require_active()?;
                if self.seat != SeatStatus::InSeat {
                    return Err(IntentError::NotInSeat);
                }
                if !self.rules.is_some_and(RatingRules::user_may_send) {
                    return Err(IntentError::RatingNotAllowed(
                        self.rules.map(|r| r.menu_send_rule_flag),
                    ));
                }
                Ok(vec![self.send_custom(encode::rating_request())])
            }
            Intent::RequestHuman => {
                self.require_active()?;
                if self.seat == SeatStatus::InSeat {
                    return Err(IntentError::AlreadyInSeat);
                }
                let words = self.config.human_service_words.clone();
                Ok(vec![self.send(Outgoing::text(words), None)])
            }
            Intent::EndHumanService => {
                self.require_active()?;
                if self.seat != SeatStatus::InSeat {
                    return Err(IntentError::NotInSeat);
                }
                let end = encode::end_human_service(&self.config.language);
                Ok(vec![self.send_custom(end)])
            }
            Intent::SendProductCard(card) => {
                self.require_active()?;
                Ok(vec![self.send_custom(encode::product_card(&card))])
            }
            Intent::SendRaw(text) => {
                let decoded = protocol::decode(&text, &DecodeOptions::lenient())
                    .map_err(IntentError::BadRaw)?;
                let Body::Service(message) = decoded.body else {
                    return Err(IntentError::Invalid(
                        "not a customer-service message: it needs \"customerServicePlugin\": 0"
                            .to_owned(),
                    ));
                };
                // Sent as pasted, not re-encoded, so QA sends exactly the
                // bytes under test; JSON5 becomes strict JSON in its order.
                let data = if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
                    text.trim().to_owned()
                } else {
                    protocol::normalize_lenient(&text).map_err(IntentError::BadRaw)?
                };
                let outgoing = Outgoing {
                    body: protocol::OutgoingBody::Custom { data },
                    online_only: message.online_only(),
                };
                Ok(vec![self.send(outgoing, Some(message))])
            }
            Intent::NextPage { id } => {
                let position = self.find(&id)?;
                let count = match self.entries[position].service() {
                    Some(CsMessage::BotMessage(b)) if b.is_welcome() => b.content.items.len(),
                    _ => return Err(self.wrong_kind(position, "welcome card")),
                };
                let pages = count.div_ceil(WELCOME_PAGE_SIZE).max(1);
                let entry = &mut self.entries[position];
                entry.page = (entry.page + 1) % pages;
                Ok(Vec::new())
            }
        }
    }

    fn require_active(&self) -> Result<(), IntentError> {
        match self.phase {
            Phase::Active => Ok(()),
            Phase::NotStarted => Err(IntentError::NotStarted),
            other => Err(IntentError::SessionOver(other)),
        }
    }

    fn find(&self, id: &str) -> Result<usize, IntentError> {
        self.position(id)
            .ok_or_else(|| IntentError::NoSuchMessage(id.to_owned()))
    }

    fn wrong_kind(&self, position: usize, expected: &'static str) -> IntentError {
        let entry = &self.entries[position];
        IntentError::WrongKind {
            id: entry.id.clone(),
            expected,
            found: entry.kind_name(),
        }
    }

    fn require_open(&self, position: usize) -> Result<(), IntentError> {
        match self.card_state(position) {
            CardState::Open => Ok(()),
            CardState::Locked(reason) => Err(IntentError::Locked {
                id: self.entries[position].id.clone(),
                reason,
            }),
        }
    }

    fn choose(&mut self, id: &str, index: usize) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let items: &[BranchItem] = match self.entries[position].service() {
            Some(CsMessage::Branch(b)) => &b.content.items,
            Some(CsMessage::TaskBranch(b)) => &b.content.items,
            Some(CsMessage::BotMessage(b)) => &b.content.items,
            _ => return Err(self.wrong_kind(position, "branch")),
        };
        let item = items.get(index).ok_or_else(|| IntentError::NoSuchItem {
            id: id.to_owned(),
            index,
            count: items.len(),
        })?;
        let text = item.content.clone();
        self.require_active()?;
        self.require_open(position)?;
        let outgoing = match self.entries[position].service() {
            Some(CsMessage::TaskBranch(b)) => encode::task_branch_answer(b, &text),
            _ => Outgoing::text(text.clone()),
        };
        // A welcome card is a list of questions: it stays open for the next.
        let welcome = matches!(self.entries[position].service(), Some(CsMessage::BotMessage(b)) if b.is_welcome());
        if !welcome {
            self.entries[position].answer = Some(LocalAnswer::Text(text));
        }
        Ok(vec![self.send(outgoing, None)])
    }

    fn answer_form(&mut self, id: &str, answer: FormAnswer) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let Some(CsMessage::Form(form)) = self.entries[position].service() else {
            return Err(self.wrong_kind(position, "form"));
        };
        let text = match answer {
            FormAnswer::Option(index) => {
                let items = &form.content.items;
                if !form.content.has_options() {
                    return Err(IntentError::Invalid(
                        "this form asks for text, not an option".to_owned(),
                    ));
                }
                items
                    .get(index)
                    .ok_or_else(|| IntentError::NoSuchItem {
                        id: id.to_owned(),
                        index,
                        count: items.len(),
                    })?
                    .content
                    .clone()
            }
            FormAnswer::Text(text) => {
                if text.trim().is_empty() {
                    return Err(IntentError::EmptyText);
                }
                if form.content.has_options()
                    && !form.content.items.iter().any(|i| i.content == text)
                {
                    return Err(IntentError::Invalid(format!(
                        "{text:?} is not one of the form's options"
                    )));
                }
                text
            }
        };
        self.require_active()?;
        self.require_open(position)?;
        self.entries[position].answer = Some(LocalAnswer::Text(text.clone()));
        Ok(vec![self.send(Outgoing::text(text), None)])
    }

    fn submit_task_form(
        &mut self,
        id: &str,
        values: Vec<String>,
    ) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let Some(CsMessage::TaskForm(form)) = self.entries[position].service() else {
            return Err(self.wrong_kind(position, "task form"));
        };
        let vars = &form.content.input_variables;
        if values.len() != vars.len() {
            return Err(IntentError::Invalid(format!(
                "the form has {} fields; {} values were given",
                vars.len(),
                values.len()
            )));
        }
        if let Some(var) = vars
            .iter()
            .zip(&values)
            .find(|(v, value)| v.required() && value.trim().is_empty())
        {
            return Err(IntentError::Invalid(format!(
                "{:?} is required",
                var.0.name
            )));
        }
        let message = encode::task_form_submit(form, &values);
        self.require_active()?;
        self.require_open(position)?;
        self.entries[position].answer = Some(LocalAnswer::Values(values));
        Ok(vec![self.send_custom(message)])
    }

    fn rate(&mut self, id: &str, option_id: &str) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let Some(CsMessage::Rating(rating)) = self.entries[position].service() else {
            return Err(self.wrong_kind(position, "rating card"));
        };
        let card = &rating.menu_content;
        let option = card
            .menu
            .iter()
            .find(|o| o.id == option_id)
            .ok_or_else(|| IntentError::NoSuchOption {
                id: id.to_owned(),
                option_id: option_id.to_owned(),
            })?;
        let message = encode::rating_choice(card, option);
        let choice = protocol::RatingChoice {
            id: option.id.clone(),
            content: option.content.clone(),
        };
        self.require_open(position)?;
        // Locked at once, before the service's update arrives (web, Flutter).
        self.entries[position].answer = Some(LocalAnswer::Rating(choice));
        Ok(vec![self.send_custom(message)])
    }

    /// The open card a typed text answers, as the backend will see it: the
    /// latest open branch or form of this session whose items include the
    /// text, or the latest open text form.
    fn card_answered_by(&self, text: &str) -> Option<usize> {
        let position = self.entries.iter().rposition(|e| {
            e.direction == Direction::In
                && matches!(
                    e.service(),
                    Some(CsMessage::Branch(_) | CsMessage::Form(_) | CsMessage::TaskBranch(_))
                )
        })?;
        if !self.card_state(position).is_open() {
            return None;
        }
        let matches = match self.entries[position].service()? {
            CsMessage::Branch(b) => b.content.items.iter().any(|i| i.content == text),
            CsMessage::TaskBranch(b) => b.content.items.iter().any(|i| i.content == text),
            CsMessage::Form(f) if f.content.has_options() => {
                f.content.items.iter().any(|i| i.content == text)
            }
            CsMessage::Form(_) => true,
            _ => false,
        };
        matches.then_some(position)
    }

    fn send_custom(&mut self, message: CsMessage) -> Sent {
        self.send(Outgoing::custom(&message), Some(message))
    }

    fn send(&mut self, outgoing: Outgoing, message: Option<CsMessage>) -> Sent {
        self.next_out += 1;
        let id = format!("u{}", self.next_out);
        let content = match (&outgoing.body, message) {
            (_, Some(m)) => Content::Service(m),
            (protocol::OutgoingBody::Text { text, .. }, None) => Content::Text(text.clone()),
            (protocol::OutgoingBody::Custom { .. }, None) => Content::OtherCustom,
        };
        self.push_outgoing(id.clone(), content, &outgoing);
        Sent { id, outgoing }
    }

    fn push_outgoing(&mut self, id: MessageId, content: Content, outgoing: &Outgoing) {
        let entry = Entry {
            id,
            direction: Direction::Out,
            at: self.now(),
            content,
            raw: outgoing.payload().to_owned(),
            warnings: Vec::new(),
            online_only: outgoing.online_only,
            generation: self.generation,
            revision: 0,
            answer: None,
            page: 0,
            quiet: false,
        };
        self.push(entry);
    }
}
