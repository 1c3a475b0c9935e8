//! A conversation without a window: a session, a backend and a virtual
//! clock, driven by script steps, recorded as a transcript.

use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;

use super::script::{AgentStep, Step};
use crate::backend::{AgentCommand, Backend, BackendEvent, ConnectionState, DueKind};
use crate::clock::{Clock, Timestamp, VirtualClock};
use crate::protocol::{CsMessage, OutgoingBody};
use crate::session::{
    Arrival, CardState, Content, Direction, FormAnswer, Incoming, Intent, Payload, Session,
    SessionConfig,
};

/// Settling stops after this many events, so a backend that never goes
/// quiet cannot hang a run.
const MAX_EVENTS_PER_SETTLE: usize = 100_000;

/// One transcript line, as `desksim play` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub t_ms: i64,
    pub dir: &'static str,
    pub id: String,
    pub kind: &'static str,
    pub online_only: bool,
    pub data: LineData,
}

#[derive(Debug, Clone)]
pub enum LineData {
    Text(String),
    /// The custom message's JSON, as sent.
    Custom(String),
}

impl Serialize for LineData {
    /// Custom data goes out as the JSON it is (checked only when printed);
    /// text as a string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LineData::Custom(data) => match RawValue::from_string(data.clone()) {
                Ok(raw) => raw.serialize(s),
                Err(_) => data.serialize(s),
            },
            LineData::Text(t) => t.serialize(s),
        }
    }
}

impl Line {
    /// The data as a JSON value, for matching.
    pub fn data_value(&self) -> serde_json::Value {
        match &self.data {
            LineData::Text(t) => serde_json::Value::String(t.clone()),
            LineData::Custom(raw) => serde_json::from_str(raw).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// A step that could not be carried out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("step {step}: {message}")]
pub struct StepError {
    /// From 1.
    pub step: usize,
    pub message: String,
}

pub struct Run<B: Backend> {
    pub session: Session,
    pub backend: B,
    /// Virtual time for the embedded backend; real time for a remote one.
    clock: Arc<dyn Clock>,
    virtual_clock: Option<VirtualClock>,
    real_clock: Option<crate::clock::ShiftedClock>,
    /// A realtime backend is settled when nothing came for this long.
    quiet: std::time::Duration,
    /// A realtime backend's messages not sent yet, and whether it is
    /// retrying: neither is quiet.
    unsent: usize,
    retrying: bool,
    start: Timestamp,
    pub lines: Vec<Line>,
    /// Problems the backend reported, with their time.
    pub problems: Vec<(i64, String)>,
}

impl<B: Backend> Run<B> {
    pub fn new(backend: B, clock: VirtualClock, config: SessionConfig) -> Self {
        let start = clock.now();
        let session = Session::new(config, Arc::new(clock.clone()));
        Run {
            session,
            backend,
            clock: Arc::new(clock.clone()),
            virtual_clock: Some(clock),
            real_clock: None,
            quiet: std::time::Duration::ZERO,
            unsent: 0,
            retrying: false,
            start,
            lines: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A run against a service that answers in real time: a step is done
    /// when nothing has come for `quiet`. `clock` reads real time (shifted
    /// to the service's when the service's clock is moved by `wait`).
    pub fn realtime(
        backend: B,
        config: SessionConfig,
        quiet: std::time::Duration,
        clock: crate::clock::ShiftedClock,
    ) -> Self {
        let start = clock.now();
        let shared: Arc<dyn Clock> = Arc::new(clock.clone());
        Run {
            session: Session::new(config, shared.clone()),
            backend,
            clock: shared,
            virtual_clock: None,
            real_clock: Some(clock),
            quiet,
            unsent: 0,
            retrying: false,
            start,
            lines: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn t_ms(&self) -> i64 {
        self.clock.now().millis() - self.start.millis()
    }

    /// Opens the conversation (the trigger) and lets the answer arrive.
    pub fn open(&mut self) -> Result<(), String> {
        self.act(Intent::Start).map_err(|e| e.to_string())
    }

    /// A user intent: its messages are recorded, sent, and answered.
    pub fn act(&mut self, intent: Intent) -> Result<(), crate::session::IntentError> {
        let sent = self.session.act(intent)?;
        for s in &sent {
            let (kind, data) = match &s.outgoing.body {
                OutgoingBody::Text { text, .. } => ("text", LineData::Text(text.clone())),
                OutgoingBody::Custom { data } => ("custom", custom_data(data)),
            };
            self.lines.push(Line {
                t_ms: self.t_ms(),
                dir: "out",
                id: s.id.clone(),
                kind,
                online_only: s.outgoing.online_only,
                data,
            });
            self.backend.send(s);
            if self.virtual_clock.is_none() {
                self.unsent += 1;
            }
        }
        self.settle();
        Ok(())
    }

    /// Delivers what is due now, then follows the answer under way to its
    /// end; timers (reminders, timeouts) wait for [`Run::wait`].
    pub fn settle(&mut self) {
        let Some(clock) = self.virtual_clock.clone() else {
            return self.settle_realtime();
        };
        for _ in 0..MAX_EVENTS_PER_SETTLE {
            self.deliver();
            match self.backend.next_due() {
                Some(due) if due.kind == DueKind::Turn => clock.advance_to(due.at),
                _ => return,
            }
        }
        self.problems.push((
            self.t_ms(),
            "the backend kept talking; the run stopped listening".into(),
        ));
    }

    /// Waits until the user's messages are sent and nothing new has come
    /// for the quiet period (at most a minute).
    fn settle_realtime(&mut self) {
        let started = std::time::Instant::now();
        let mut last = std::time::Instant::now();
        loop {
            if self.deliver() > 0 {
                last = std::time::Instant::now();
            }
            if self.unsent == 0 && !self.retrying && last.elapsed() >= self.quiet {
                return;
            }
            if started.elapsed() > std::time::Duration::from_secs(60) {
                self.problems.push((
                    self.t_ms(),
                    "nothing quiet for a minute: the run goes on without waiting longer".into(),
                ));
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Lets `duration` pass, firing whatever falls due on the way.
    pub fn wait(&mut self, duration: std::time::Duration) {
        let Some(clock) = self.virtual_clock.clone() else {
            if self.backend.skip_time(duration) {
                if let Some(clock) = &self.real_clock {
                    clock.fast_forward(duration);
                }
            } else {
                let until = std::time::Instant::now() + duration;
                while std::time::Instant::now() < until {
                    self.deliver();
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            }
            return self.settle_realtime();
        };
        let until = clock.now().plus(duration);
        for _ in 0..MAX_EVENTS_PER_SETTLE {
            self.deliver();
            match self.backend.next_due() {
                Some(due) if due.at <= until => clock.advance_to(due.at),
                _ => break,
            }
        }
        clock.advance_to(until);
        self.deliver();
    }

    /// Takes in what the backend has; returns how many events came (a
    /// realtime backend's quiet period counts from the last one: after its
    /// send goes through, the answer is still to be read).
    fn deliver(&mut self) -> usize {
        let mut events = 0;
        for event in self.backend.poll() {
            events += 1;
            match event {
                BackendEvent::Message(incoming) => self.receive(incoming),
                BackendEvent::Problem(p) => self.problems.push((self.t_ms(), p)),
                BackendEvent::Connection(ConnectionState::Failed { why }) => {
                    self.retrying = false;
                    self.problems
                        .push((self.t_ms(), format!("the connection failed: {why}")))
                }
                BackendEvent::Unsent(n) => self.unsent = n,
                BackendEvent::Connection(ConnectionState::Retrying { .. }) => self.retrying = true,
                BackendEvent::Connection(ConnectionState::Connected) => self.retrying = false,
                BackendEvent::Flow(_) => {}
            }
        }
        events
    }

    fn receive(&mut self, incoming: Incoming) {
        let (kind, data) = match (&incoming.arrival, &incoming.payload) {
            (Arrival::Update, Payload::Custom(d)) | (Arrival::Update, Payload::Text(d)) => {
                ("update", custom_data(d))
            }
            (Arrival::New, Payload::Custom(d)) => ("custom", custom_data(d)),
            (Arrival::New, Payload::Text(t)) => ("text", LineData::Text(t.clone())),
        };
        let position = self.session.receive(incoming);
        let entry = &self.session.entries()[position];
        self.lines.push(Line {
            t_ms: self.t_ms(),
            dir: "in",
            id: entry.id.clone(),
            kind,
            online_only: entry.online_only,
            data,
        });
    }

    /// Carries out script step number `n` (from 1).
    pub fn step(&mut self, n: usize, step: &Step) -> Result<(), StepError> {
        let err = |message: String| StepError { step: n, message };
        let intent = match step {
            Step::Say(text) => Intent::SendText(text.clone()),
            Step::Choose(text) => self.find_choice(text).map_err(err)?,
            Step::Answer(text) => self.find_form(text).map_err(err)?,
            Step::Submit(values) => Intent::SubmitTaskForm {
                id: self
                    .latest(|m| matches!(m, CsMessage::TaskForm(_)))
                    .ok_or_else(|| err("no task form to submit".into()))?,
                values: values.clone(),
            },
            Step::SendCard(card) => Intent::SendProductCard(card.clone()),
            Step::Rate(option) => self.find_rating(option).map_err(err)?,
            Step::RequestRating => Intent::RequestRating,
            Step::Human => Intent::RequestHuman,
            Step::EndService => Intent::EndHumanService,
            Step::Start => Intent::Start,
            Step::Raw(text) => Intent::SendRaw(text.clone()),
            Step::Wait(d) => {
                self.wait(*d);
                return Ok(());
            }
            Step::Agent(a) => {
                let command = match a {
                    AgentStep::Say(t) => AgentCommand::Say(t.clone()),
                    AgentStep::Typing => AgentCommand::Typing,
                    AgentStep::SendRating => AgentCommand::SendRating,
                    AgentStep::EndSession => AgentCommand::EndSession,
                };
                self.backend
                    .agent(command)
                    .map_err(|e| err(e.to_string()))?;
                self.settle();
                return Ok(());
            }
        };
        self.act(intent).map_err(|e| err(e.to_string()))
    }

    /// The newest incoming message that `pick` accepts.
    fn latest(&self, pick: impl Fn(&CsMessage) -> bool) -> Option<String> {
        self.session
            .entries()
            .iter()
            .rev()
            .find(|e| e.direction == Direction::In && e.service().is_some_and(&pick))
            .map(|e| e.id.clone())
    }

    fn find_choice(&self, text: &str) -> Result<Intent, String> {
        let entries = self.session.entries();
        let mut locked = None;
        for (position, entry) in entries.iter().enumerate().rev() {
            let items = match entry.service() {
                Some(CsMessage::Branch(b)) => &b.content.items,
                Some(CsMessage::TaskBranch(b)) => &b.content.items,
                Some(CsMessage::BotMessage(b)) => &b.content.items,
                _ => continue,
            };
            let Some(index) = items.iter().position(|i| i.content == text) else {
                continue;
            };
            match self.session.card_state(position) {
                CardState::Open => {
                    return Ok(Intent::Choose {
                        id: entry.id.clone(),
                        index,
                    });
                }
                // A locked card is tried by the session, which says why.
                CardState::Locked(_) => {
                    locked.get_or_insert(Intent::Choose {
                        id: entry.id.clone(),
                        index,
                    });
                }
            }
        }
        locked.ok_or_else(|| format!("no branch on screen offers {text:?}"))
    }

    fn find_form(&self, text: &str) -> Result<Intent, String> {
        let id = self
            .latest(|m| matches!(m, CsMessage::Form(_)))
            .ok_or("no form to answer")?;
        let Some(Content::Service(CsMessage::Form(form))) =
            self.session.entry(&id).map(|e| &e.content)
        else {
            return Err("no form to answer".into());
        };
        let answer = match form.content.has_options() {
            true => FormAnswer::Option(
                form.content
                    .items
                    .iter()
                    .position(|i| i.content == text)
                    .ok_or_else(|| format!("the form has no option {text:?}"))?,
            ),
            false => FormAnswer::Text(text.to_owned()),
        };
        Ok(Intent::AnswerForm { id, answer })
    }

    fn find_rating(&self, option: &str) -> Result<Intent, String> {
        let id = self
            .latest(|m| matches!(m, CsMessage::Rating(_)))
            .ok_or("no rating card to rate")?;
        let Some(CsMessage::Rating(r)) = self.session.entry(&id).and_then(|e| e.service()) else {
            return Err("no rating card to rate".into());
        };
        let option_id = r
            .menu_content
            .menu
            .iter()
            .find(|o| o.id == option || o.content == option)
            .map(|o| o.id.clone())
            .ok_or_else(|| format!("the rating card has no option {option:?}"))?;
        Ok(Intent::Rate { id, option_id })
    }
}

fn custom_data(data: &str) -> LineData {
    LineData::Custom(data.to_owned())
}
