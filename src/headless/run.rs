//! A conversation without a window: the conversation core, a backend and
//! a clock (virtual for the embedded backend, real for a remote one),
//! driven by script steps.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::script::{AgentStep, Step};
use crate::backend::{AgentCommand, Backend, BackendEvent, ConnectionState, DueKind};
use crate::clock::{Clock, ShiftedClock, VirtualClock};
use crate::protocol::CsMessage;
use crate::session::{
    CardState, Content, Conversation, Direction, FormAnswer, Intent, IntentError, Line,
    SessionConfig,
};

/// Settling stops after this many events, so a backend that never goes
/// quiet cannot hang a run.
const MAX_EVENTS_PER_SETTLE: usize = 100_000;
/// A realtime run waits at most this long for a step's answer.
const MAX_QUIET_WAIT: Duration = Duration::from_secs(60);

/// A step that could not be carried out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("step {step}: {message}")]
pub struct StepError {
    /// From 1.
    pub step: usize,
    pub message: String,
}

/// How the run's time passes.
enum Time {
    /// The embedded backend's timeline: the run moves the clock itself.
    Virtual(VirtualClock),
    /// A service answering in real time: a step is done when nothing has
    /// come for `quiet`; `wait` moves the clock only when the service can
    /// move its own.
    Real {
        clock: ShiftedClock,
        quiet: Duration,
    },
}

pub struct Run<B: Backend = Box<dyn Backend>> {
    pub conv: Conversation,
    pub backend: B,
    time: Time,
    /// A realtime backend's messages not sent yet, and whether it is
    /// retrying: neither is quiet.
    unsent: usize,
    retrying: bool,
    /// The link failed in a way retrying cannot mend (a wrong secret):
    /// waiting for an answer would only wait out the minute.
    failed: bool,
}

impl<B: Backend> Run<B> {
    pub fn new(backend: B, clock: VirtualClock, config: SessionConfig) -> Self {
        Run {
            conv: Conversation::new(config, Arc::new(clock.clone())),
            backend,
            time: Time::Virtual(clock),
            unsent: 0,
            retrying: false,
            failed: false,
        }
    }

    /// A run against a service that answers in real time: a step is done
    /// when nothing has come for `quiet`. `clock` reads real time (shifted
    /// to the service's when the service's clock is moved by `wait`).
    pub fn realtime(
        backend: B,
        config: SessionConfig,
        quiet: Duration,
        clock: ShiftedClock,
    ) -> Self {
        Run {
            conv: Conversation::new(config, Arc::new(clock.clone())),
            backend,
            time: Time::Real { clock, quiet },
            unsent: 0,
            retrying: false,
            failed: false,
        }
    }

    /// The transcript so far.
    pub fn lines(&self) -> &[Line] {
        self.conv.lines()
    }

    /// The problems reported, each with its time in the transcript.
    pub fn problems(&self) -> Vec<(i64, String)> {
        self.conv
            .problems()
            .iter()
            .map(|p| (self.conv.t_ms_at(p.at), p.text.clone()))
            .collect()
    }

    /// Opens the conversation (the trigger) and lets the answer arrive.
    pub fn open(&mut self) -> Result<(), String> {
        self.act(Intent::Start).map_err(|e| e.to_string())
    }

    /// A user intent: its messages are recorded, sent, and answered.
    pub fn act(&mut self, intent: Intent) -> Result<(), IntentError> {
        let sent = self.conv.act(intent)?;
        if matches!(self.time, Time::Real { .. }) && !sent.is_empty() {
            // What came meanwhile first; then a failed link gets another
            // try with the new messages, and this step waits for its answer.
            self.deliver();
            self.failed = false;
        }
        for s in &sent {
            self.backend.send(s);
            if matches!(self.time, Time::Real { .. }) {
                self.unsent += 1;
            }
        }
        self.settle();
        Ok(())
    }

    /// Delivers what is due now, then follows the answer under way to its
    /// end; timers (reminders, timeouts) wait for [`Run::wait`].
    pub fn settle(&mut self) {
        let clock = match &self.time {
            Time::Virtual(clock) => clock.clone(),
            Time::Real { quiet, .. } => return self.settle_realtime(*quiet),
        };
        for _ in 0..MAX_EVENTS_PER_SETTLE {
            self.deliver();
            match self.backend.next_due() {
                Some(due) if due.kind == DueKind::Turn => clock.advance_to(due.at),
                _ => return,
            }
        }
        self.conv
            .problem("the backend kept talking; the run stopped listening");
    }

    /// Waits until the user's messages are sent and nothing new has come
    /// for the quiet period (at most a minute), or until the link has
    /// failed for good.
    fn settle_realtime(&mut self, quiet: Duration) {
        let started = Instant::now();
        let mut last = Instant::now();
        loop {
            if self.deliver() > 0 {
                last = Instant::now();
            }
            if self.failed {
                return;
            }
            if self.unsent == 0 && !self.retrying && last.elapsed() >= quiet {
                return;
            }
            if started.elapsed() > MAX_QUIET_WAIT {
                self.conv
                    .problem("nothing quiet for a minute: the run goes on without waiting longer");
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Lets `duration` pass, firing whatever falls due on the way.
    pub fn wait(&mut self, duration: Duration) {
        let clock = match &self.time {
            Time::Virtual(clock) => clock.clone(),
            Time::Real { clock, quiet } => {
                let (clock, quiet) = (clock.clone(), *quiet);
                if self.backend.skip_time(duration) {
                    clock.fast_forward(duration);
                } else {
                    // A wait too long for this computer's clock waits as
                    // long as it can.
                    let until = Instant::now()
                        .checked_add(duration)
                        .unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365));
                    while Instant::now() < until {
                        self.deliver();
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
                return self.settle_realtime(quiet);
            }
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
        let events = self.backend.poll();
        let count = events.len();
        for event in events {
            match &event {
                BackendEvent::Connection(ConnectionState::Failed { why }) => {
                    self.retrying = false;
                    self.failed = true;
                    self.conv.problem(format!("the connection failed: {why}"));
                }
                BackendEvent::Connection(ConnectionState::Retrying { .. }) => {
                    self.retrying = true;
                    self.failed = false;
                }
                BackendEvent::Connection(ConnectionState::Connected) => {
                    self.retrying = false;
                    self.failed = false;
                }
                BackendEvent::Unsent(n) => self.unsent = *n,
                _ => {}
            }
            self.conv.apply_raw(event);
        }
        count
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
        self.conv
            .session()
            .entries()
            .iter()
            .rev()
            .find(|e| e.direction == Direction::In && e.service().is_some_and(&pick))
            .map(|e| e.id.clone())
    }

    fn find_choice(&self, text: &str) -> Result<Intent, String> {
        let session = self.conv.session();
        let mut locked = None;
        for (position, entry) in session.entries().iter().enumerate().rev() {
            let items = match entry.service() {
                Some(CsMessage::Branch(b)) => &b.content.items,
                Some(CsMessage::TaskBranch(b)) => &b.content.items,
                Some(CsMessage::BotMessage(b)) => &b.content.items,
                _ => continue,
            };
            let Some(index) = items.iter().position(|i| i.content == text) else {
                continue;
            };
            let intent = Intent::Choose {
                id: entry.id.clone(),
                index,
            };
            match session.card_state(position) {
                CardState::Open => return Ok(intent),
                // A locked card is tried by the session, which says why.
                CardState::Locked(_) => {
                    locked.get_or_insert(intent);
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
            self.conv.session().entry(&id).map(|e| &e.content)
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
        let Some(CsMessage::Rating(r)) = self.conv.session().entry(&id).and_then(|e| e.service())
        else {
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
