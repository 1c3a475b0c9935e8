//! The conversation core: a [`Session`], what the service side reports
//! applied to it, and the record of it all: the transcript lines, the
//! chat's rows, the problems and the log. The window, `play`, `test`,
//! `--compare` and `--replay` all drive this one type; only where the
//! events come from differs.

use std::sync::Arc;

use super::entry::{Content, Direction, Refusal};
use super::events::{BackendEvent, ConnectionState, Event, FlowState};
use super::intent::{Intent, IntentError};
use super::receive::Received;
use super::transcript::Line;
use super::{Sent, Session, SessionConfig};
use crate::clock::{Clock, Timestamp};

/// A row of the chat: a message, or a problem the backend reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Entry(usize),
    Problem(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Timestamp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Problem,
}

#[derive(Debug, Clone)]
pub struct LogLine {
    pub at: Timestamp,
    pub level: Level,
    pub text: String,
}

#[derive(Debug)]
pub struct Conversation {
    session: Session,
    /// Where the transcript's `t_ms` count from.
    start: Timestamp,
    lines: Vec<Line>,
    rows: Vec<Row>,
    problems: Vec<Problem>,
    log: Vec<LogLine>,
    flow_state: FlowState,
    connection: Option<ConnectionState>,
    unsent: usize,
    /// Which entries have a row, by position.
    in_rows: Vec<bool>,
}

impl Conversation {
    pub fn new(config: SessionConfig, clock: Arc<dyn Clock>) -> Self {
        let start = clock.now();
        Conversation {
            session: Session::new(config, clock),
            start,
            lines: Vec::new(),
            rows: Vec::new(),
            problems: Vec::new(),
            log: Vec::new(),
            flow_state: FlowState::default(),
            connection: None,
            unsent: 0,
            in_rows: Vec::new(),
        }
    }

    /// A transcript read back: every line applied as it happened (updates
    /// in place), on a clock that stands at each line's time. Nothing can
    /// be sent from it.
    pub fn replay(
        lines: &[Line],
        config: SessionConfig,
        clock: &crate::clock::VirtualClock,
    ) -> Self {
        let mut conv = Conversation::new(config, Arc::new(clock.clone()));
        for line in lines {
            clock.advance_to(conv.start.plus_millis(line.t_ms));
            match line.dir {
                Direction::Out => {
                    let position = conv
                        .session
                        .record_outgoing(line.id.clone(), line.to_outgoing());
                    if line.raw {
                        conv.session.mark_raw(&line.id);
                    }
                    conv.lines.push(line.clone());
                    conv.add_row(position);
                }
                Direction::In => {
                    conv.apply_raw(line.to_event());
                }
            }
        }
        conv.session.make_read_only();
        conv
    }

    /// A fresh session on the same clock and configuration (the app's
    /// Restart): the transcript goes, the log stays.
    pub fn restart(&mut self) {
        let config = self.session.config().clone();
        let log = std::mem::take(&mut self.log);
        let clock = self.session.clock();
        *self = Conversation::new(config, clock);
        self.log = log;
        self.note(Level::Info, "restarted");
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn now(&self) -> Timestamp {
        self.session.now()
    }

    /// When the conversation started (where `t_ms` counts from).
    pub fn started_at(&self) -> Timestamp {
        self.start
    }

    /// Milliseconds since the conversation started.
    pub fn t_ms(&self) -> i64 {
        self.t_ms_at(self.now())
    }

    /// Where `at` falls in the transcript, in milliseconds from its start.
    pub fn t_ms_at(&self, at: Timestamp) -> i64 {
        at.millis().saturating_sub(self.start.millis())
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn log(&self) -> &[LogLine] {
        &self.log
    }

    pub fn flow_state(&self) -> &FlowState {
        &self.flow_state
    }

    pub fn connection(&self) -> Option<&ConnectionState> {
        self.connection.as_ref()
    }

    /// The user's messages a remote backend has not sent yet.
    pub fn unsent(&self) -> usize {
        self.unsent
    }

    pub fn note(&mut self, level: Level, text: impl Into<String>) {
        let at = self.now();
        self.log.push(LogLine {
            at,
            level,
            text: text.into(),
        });
    }

    /// A problem the user of desksim must see: a row in the chat and a
    /// line in the log.
    pub fn problem(&mut self, text: impl Into<String>) {
        let text = text.into();
        let at = self.now();
        self.note(Level::Problem, text.clone());
        self.problems.push(Problem { at, text });
        self.rows.push(Row::Problem(self.problems.len() - 1));
    }

    /// Carries out a user intent; what must be sent goes back to the
    /// caller, already in the transcript.
    pub fn act(&mut self, intent: Intent) -> Result<Vec<Sent>, IntentError> {
        let sent = self.session.act(intent)?;
        let t_ms = self.t_ms();
        for s in &sent {
            let position = self
                .session
                .position(&s.id)
                .expect("the session records what it sends");
            let mut line = Line::outgoing(t_ms, &s.id, &s.outgoing);
            line.raw = self.session.entries()[position].sent_raw;
            self.lines.push(line);
            self.add_row(position);
            let kind = self.session.entries()[position].kind_name();
            self.note(Level::Info, format!("sent {} {kind}", s.id));
        }
        Ok(sent)
    }

    /// Decodes and applies what the backend reported (for callers on a
    /// thread of their own; the window's worker decodes first).
    pub fn apply_raw(&mut self, event: BackendEvent) -> bool {
        let now = self.now().unix_seconds();
        self.apply(event.decode(now))
    }

    /// Applies what the backend reported. Returns whether something new
    /// shows in the chat (for the unread badge).
    pub fn apply(&mut self, event: Event<Received>) -> bool {
        match event {
            Event::Message(received) => self.receive(received),
            Event::Problem(text) => {
                self.problem(text);
                true
            }
            Event::Flow(state) => {
                self.flow_state = state;
                false
            }
            Event::Connection(state) => {
                if self.connection.as_ref() != Some(&state) {
                    let (level, text) = match &state {
                        ConnectionState::Connected => (Level::Info, "connected".to_owned()),
                        ConnectionState::Retrying { in_ms, why } => (
                            Level::Problem,
                            format!("{why}; retrying in {} s", in_ms.div_ceil(1000)),
                        ),
                        ConnectionState::Failed { why } => {
                            (Level::Problem, format!("failed: {why}"))
                        }
                    };
                    self.note(level, text);
                }
                self.connection = Some(state);
                false
            }
            Event::Unsent(n) => {
                self.unsent = n;
                false
            }
            Event::Refused { id, code, reason } => {
                let refusal = Refusal { code, reason };
                let line = Line::refused(self.t_ms(), &id, &refusal);
                let text = match code {
                    Some(code) => format!("the service refused {id} ({code}): {}", refusal.reason),
                    None => format!("the service refused {id}: {}", refusal.reason),
                };
                if self.session.refuse(&id, refusal).is_some() {
                    self.lines.push(line);
                    self.note(Level::Problem, text);
                }
                false
            }
            Event::Recalled(id) => {
                let line = Line::recalled(self.t_ms(), &id);
                if let Some(position) = self.session.recall(&id) {
                    self.lines.push(line);
                    self.note(Level::Info, format!("the service recalled {id}"));
                    self.add_row(position);
                }
                false
            }
        }
    }

    fn receive(&mut self, received: Received) -> bool {
        let is_new = self.session.position(&received.id).is_none();
        let mut line = Line::incoming(self.t_ms(), &received);
        let position = self.session.apply(received);
        let entry = &self.session.entries()[position];
        line.online_only = entry.online_only;
        self.lines.push(line);
        let (level, text) = match &entry.content {
            Content::Malformed(e) => (
                Level::Problem,
                format!("received {}: could not decode: {e}", entry.id),
            ),
            _ => (
                Level::Info,
                format!("received {} {}", entry.id, entry.kind_name()),
            ),
        };
        self.note(level, text);
        // New, or an update that makes a hidden message show.
        self.add_row(position);
        is_new && self.session.entries()[position].shows_in_chat()
    }

    /// Gives the entry at `position` a row, once, if it shows.
    fn add_row(&mut self, position: usize) {
        if self.in_rows.len() <= position {
            self.in_rows.resize(position + 1, false);
        }
        if !self.in_rows[position] && self.session.entries()[position].shows_in_chat() {
            self.in_rows[position] = true;
            self.rows.push(Row::Entry(position));
        }
    }
}
