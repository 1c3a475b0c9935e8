//! What whoever plays the service reports to a conversation, and what a
//! person playing the agent can do: the vocabulary shared by the backends,
//! the conversation core and the panels that draw it.

use std::collections::BTreeMap;

use super::entry::MessageId;
use super::receive::{Incoming, Received};
use crate::clock::Timestamp;
use crate::protocol::SeatStatus;

/// Something the service side reports. Backends report messages as they
/// travelled ([`BackendEvent`]); whoever receives them decodes them
/// ([`Event::decode`]) before the conversation applies them.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<M = Incoming> {
    /// A message (or an update of one) from the service to the user.
    Message(M),
    /// A problem the user of desksim should see, not part of the protocol:
    /// a flow that loops, a message the backend cannot take.
    Problem(String),
    /// Where the flow is, for the Flow tab.
    Flow(FlowState),
    /// The link to a remote service (the toolbar shows it).
    Connection(ConnectionState),
    /// How many of the user's messages wait to be sent, in order.
    Unsent(usize),
    /// The service refused a message the user sent (the rating service's
    /// 10150–10154, a send IM rejected for good): nothing was carried out.
    Refused {
        id: MessageId,
        code: Option<u32>,
        reason: String,
    },
    /// The service took back a message it had sent (IM's recall).
    Recalled(MessageId),
}

/// An event as a backend reports it: messages not decoded yet.
pub type BackendEvent = Event<Incoming>;

impl Event<Incoming> {
    /// Decodes a message event (off the UI thread); others pass through.
    pub fn decode(self, now_unix: i64) -> Event<Received> {
        match self {
            Event::Message(m) => Event::Message(m.decode(now_unix)),
            Event::Problem(p) => Event::Problem(p),
            Event::Flow(f) => Event::Flow(f),
            Event::Connection(c) => Event::Connection(c),
            Event::Unsent(n) => Event::Unsent(n),
            Event::Refused { id, code, reason } => Event::Refused { id, code, reason },
            Event::Recalled(id) => Event::Recalled(id),
        }
    }
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

/// The embedded flow's position and what it has collected. The seat is
/// not here: the session's seat (what the user was told) is the one the
/// header and the Agent tab show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowState {
    pub node: Option<String>,
    pub variables: BTreeMap<String, String>,
    /// The agent of the human session under way, if one is.
    pub agent: Option<OnDuty>,
    /// Some transfer node of the flow is played by a person (operator
    /// mode), whether or not the flow has reached it.
    pub has_operator: bool,
    /// The inactivity timer that fires next, and when, on the
    /// conversation's clock.
    pub next_timer: Option<(Timer, Timestamp)>,
}

/// The agent serving the user in a human session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnDuty {
    /// `${StaffNickName}`.
    pub name: String,
    /// A person plays this agent from the Agent tab; otherwise the flow's
    /// script answers.
    pub operator: bool,
}

/// The flow's inactivity timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// A tip nudges a user who has gone quiet.
    Reminder,
    /// The session ends for want of an answer.
    Timeout,
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
