//! The embedded backend: a flow file played by [`Engine`] behind the
//! [`Backend`] trait.

mod engine;

use std::collections::HashSet;
use std::sync::Arc;

pub use engine::{Engine, MAX_STEPS_PER_INPUT};

use super::{AgentCommand, Backend, BackendError, BackendEvent, Due};
use crate::clock::Clock;
use crate::flow::LoadedFlow;
use crate::protocol::OutgoingBody;
use crate::session::{Payload, Sent};

#[derive(Debug)]
pub struct LocalBackend {
    engine: Engine,
}

impl LocalBackend {
    pub fn new(flow: Arc<LoadedFlow>, clock: Arc<dyn Clock>) -> Self {
        LocalBackend {
            engine: Engine::new(flow, clock),
        }
    }

    pub fn flow(&self) -> &LoadedFlow {
        self.engine.flow()
    }
}

impl Backend for LocalBackend {
    fn name(&self) -> String {
        format!("embedded: {}", self.engine.flow().flow.name)
    }

    fn send(&mut self, sent: &Sent) {
        let payload = match &sent.outgoing.body {
            OutgoingBody::Text { text, .. } => Payload::Text(text.clone()),
            OutgoingBody::Custom { data } => Payload::Custom(data.clone()),
        };
        self.engine.receive(&sent.id, &payload);
    }

    fn poll(&mut self) -> Vec<BackendEvent> {
        self.engine.poll()
    }

    fn next_due(&self) -> Option<Due> {
        self.engine.next_due()
    }

    fn agent(&mut self, command: AgentCommand) -> Result<(), BackendError> {
        self.engine.agent(command).map_err(BackendError::Refused)
    }

    fn restart(&mut self) -> Result<(), BackendError> {
        self.engine.restart();
        Ok(())
    }

    fn replace_flow(&mut self, flow: Arc<LoadedFlow>) {
        self.engine.replace_flow(flow);
    }

    fn visited(&self) -> HashSet<String> {
        self.engine.visited().clone()
    }
}
