//! The one door between a conversation and whatever plays the service: the
//! [`Backend`] trait and its adapters. `local` runs flow files (the embedded
//! Desk, the default); `tencent` talks to a real deployment. The app and
//! the CLI know only the trait: [`open`] is the one place that names an
//! adapter.

pub mod local;
pub mod tencent;

use std::collections::HashSet;
use std::sync::Arc;

use crate::clock::Clock;
use crate::flow::LoadedFlow;

use crate::clock::Timestamp;
use crate::session::Sent;
pub use crate::session::{AgentCommand, BackendEvent, ConnectionState, FlowState};

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

/// What plays the service in a conversation.
pub enum BackendSpec {
    /// The embedded Desk, running a flow.
    Embedded(Arc<LoadedFlow>),
    /// A Tencent Cloud Desk deployment, talked to from tasks on `runtime`.
    Tencent {
        config: Box<tencent::TencentConfig>,
        runtime: tokio::runtime::Handle,
    },
}

/// Starts the backend `spec` names, on `clock`.
pub fn open(spec: BackendSpec, clock: Arc<dyn Clock>) -> Box<dyn Backend> {
    match spec {
        BackendSpec::Embedded(flow) => Box::new(local::LocalBackend::new(flow, clock)),
        BackendSpec::Tencent { config, runtime } => {
            Box::new(tencent::TencentBackend::start(*config, &runtime, clock))
        }
    }
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
    fn agent(&mut self, _command: AgentCommand) -> Result<(), BackendError> {
        Err(BackendError::Unsupported("play the agent"))
    }
    /// Forgets the conversation: the next trigger starts afresh.
    fn restart(&mut self) -> Result<(), BackendError> {
        Err(BackendError::Unsupported("restart"))
    }
    /// Takes an edited flow (hot reload); backends without flows ignore it.
    fn replace_flow(&mut self, _flow: Arc<LoadedFlow>) {}
    /// Whether answers come in real time (a remote service) rather than
    /// on the backend's own timeline.
    fn realtime(&self) -> bool {
        false
    }
    /// A realtime backend that can move the service's clock (desksim's fake
    /// of the REST API) does so and returns true; others return false and
    /// the caller waits for real.
    fn skip_time(&mut self, _by: std::time::Duration) -> bool {
        false
    }
    /// Drops the messages still waiting to be sent.
    fn discard_unsent(&mut self) {}
    /// The flow's nodes the conversation has passed through (coverage);
    /// none for a service desksim cannot see into.
    fn visited(&self) -> HashSet<String> {
        HashSet::new()
    }
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
    fn replace_flow(&mut self, flow: Arc<LoadedFlow>) {
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
    fn visited(&self) -> HashSet<String> {
        (**self).visited()
    }
}
