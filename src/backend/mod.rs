//! The one door between a conversation and whatever plays the service: the
//! [`Backend`] trait and its adapters. `local` runs flow files (the embedded
//! Desk, the default). The app and the CLI know only the trait.

pub mod local;
pub mod tencent;

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::protocol::SeatStatus;
use crate::session::{Incoming, Sent};

/// Something the backend reports.
#[derive(Debug, Clone, PartialEq)]
pub enum BackendEvent {
    /// A message (or an update of one) from the service to the user.
    Message(Incoming),
    /// A problem the user of desksim should see, not part of the protocol:
    /// a flow that loops, a message the backend cannot take.
    Problem(String),
    /// Where the flow is, for the Flow tab.
    Flow(FlowState),
    /// The link to a remote service (the toolbar shows it).
    Connection(ConnectionState),
    /// How many of the user's messages wait to be sent, in order.
    Unsent(usize),
}

/// How a remote backend's link is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connected,
    /// A call failed and is tried again after this many milliseconds.
    Retrying {
        in_ms: u64,
        why: String,
    },
    /// A call failed in a way retrying will not fix (until settings change).
    Failed {
        why: String,
    },
}

/// The embedded flow's position and what it has collected.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowState {
    pub node: Option<String>,
    pub variables: BTreeMap<String, String>,
    pub seat: SeatStatus,
    /// The transfer node of the human session, when it is played by a person.
    pub operator: bool,
}

/// When the backend next has something to say without new input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub at: Timestamp,
    pub kind: DueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    /// Part of the answer under way (a delay, typing, a stream chunk): a
    /// headless run waits for it.
    Turn,
    /// A timer that fires only if time passes (reminder, timeout).
    Timer,
}

/// What a person does as the agent, from the app's Agent tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentCommand {
    Say(String),
    Typing,
    Seat(SeatStatus),
    SendRating,
    EndSession,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    #[error("this backend cannot {0}")]
    Unsupported(&'static str),
    #[error("{0}")]
    Refused(String),
}

pub trait Backend: Send {
    /// A short name for the toolbar and logs.
    fn name(&self) -> String;
    /// Delivers what the user sent. Never blocks; problems come back as
    /// events.
    fn send(&mut self, sent: &Sent);
    /// The events due by now, in order.
    fn poll(&mut self) -> Vec<BackendEvent>;
    /// When `poll` will next have something without new input.
    fn next_due(&self) -> Option<Due>;
    /// Plays the agent (operator mode).
    fn agent(&mut self, command: AgentCommand) -> Result<(), BackendError> {
        let _ = command;
        Err(BackendError::Unsupported("play the agent"))
    }
    /// Forgets the conversation: the next trigger starts afresh.
    fn restart(&mut self) -> Result<(), BackendError> {
        Err(BackendError::Unsupported("restart"))
    }
    /// Takes an edited flow (hot reload); backends without flows ignore it.
    fn replace_flow(&mut self, flow: std::sync::Arc<crate::flow::LoadedFlow>) {
        let _ = flow;
    }
    /// Whether answers come in real time (a remote service) rather than
    /// on the backend's own timeline.
    fn realtime(&self) -> bool {
        false
    }
    /// A realtime backend that can move the service's clock (desksim's fake
    /// of the REST API) does so and returns true; others return false and
    /// the caller waits for real.
    fn skip_time(&mut self, by: std::time::Duration) -> bool {
        let _ = by;
        false
    }
    /// Drops the messages still waiting to be sent.
    fn discard_unsent(&mut self) {}
}

impl<B: Backend + ?Sized> Backend for Box<B> {
    fn name(&self) -> String {
        (**self).name()
    }
    fn send(&mut self, sent: &Sent) {
        (**self).send(sent)
    }
    fn poll(&mut self) -> Vec<BackendEvent> {
        (**self).poll()
    }
    fn next_due(&self) -> Option<Due> {
        (**self).next_due()
    }
    fn agent(&mut self, command: AgentCommand) -> Result<(), BackendError> {
        (**self).agent(command)
    }
    fn restart(&mut self) -> Result<(), BackendError> {
        (**self).restart()
    }
    fn replace_flow(&mut self, flow: std::sync::Arc<crate::flow::LoadedFlow>) {
        (**self).replace_flow(flow)
    }
    fn realtime(&self) -> bool {
        (**self).realtime()
    }
    fn skip_time(&mut self, by: std::time::Duration) -> bool {
        (**self).skip_time(by)
    }
    fn discard_unsent(&mut self) {
        (**self).discard_unsent()
    }
}
