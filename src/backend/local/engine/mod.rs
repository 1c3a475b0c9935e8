//! The embedded Desk: runs a flow the way Tencent Cloud Desk runs the one an
//! admin configured, and answers the user with the same messages.
//!
//! Everything it says is scheduled on a timeline read from the injected
//! clock: nothing sleeps, so headless runs finish at once and the app can
//! fast-forward. Each user input runs the flow until it waits again, with a
//! bound on the steps so a loop becomes a visible problem, never a hang.
//!
//! This file owns the [`Engine`]'s state, its constructor and its small
//! public accessors. The work is split by job, each an `impl Engine` block:
//! `timeline` (the outbox, ids, timers), `input` (what the user sends),
//! `nodes` (running the flow from node to node), `say` (the bot's
//! messages), `people` (agents) and `rating` (satisfaction).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use regex::Regex;

mod input;
mod nodes;
mod people;
mod rating;
mod say;
mod timeline;

use crate::backend::{BackendEvent, FlowState};
use crate::clock::{Clock, Timestamp};
use crate::flow::LoadedFlow;
use crate::protocol::{CsMessage, RatingCard, SeatCommand, SeatStatus, SeatStatusMessage};
use nodes::compile_patterns;

/// Nodes one input may pass through before the engine calls it a loop.
pub const MAX_STEPS_PER_INPUT: usize = 1000;

/// The rating service's error codes (PROTOCOL-NOTES), returned as the
/// answer to the user's send, as the web client reads them.
const EXPIRED: u32 = 10150;
const DATA_ERROR: u32 = 10151;
const DUPLICATE: u32 = 10152;
const NO_STAFF: u32 = 10154;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// No session: waiting for the trigger.
    Idle,
    /// At a branch or form, waiting for the user's text.
    Waiting(usize),
    /// With an agent, from this transfer node.
    Human(usize),
    Ended,
}

#[derive(Debug)]
struct RatingRecord {
    message_id: String,
    card: RatingCard,
    /// The human session the card was sent in.
    human_session: u32,
}

#[derive(Debug)]
struct Scheduled {
    at: Timestamp,
    event: BackendEvent,
}

#[derive(Debug)]
pub struct Engine {
    flow: Arc<LoadedFlow>,
    clock: Arc<dyn Clock>,
    regexes: HashMap<String, Option<Regex>>,
    outbox: VecDeque<Scheduled>,
    /// When the last scheduled message goes out; new ones queue after it.
    cursor: Timestamp,
    position: Position,
    vars: BTreeMap<String, String>,
    /// Wrong answers at the node waiting now: (node, count).
    retries: Option<(usize, u32)>,
    /// The user spoke to a person playing the agent, who has not answered:
    /// no inactivity timer runs meanwhile.
    awaiting_agent: bool,
    seat: SeatStatus,
    ratings: HashMap<String, RatingRecord>,
    /// Whether the current human session has been rated (or a card sent).
    human_rated: bool,
    /// Counts the user's human sessions (transfers that connected).
    human_session: u32,
    reminder_at: Option<Timestamp>,
    timeout_at: Option<Timestamp>,
    /// Who the messages emitted now come from: the agent while one acts.
    voice: Option<crate::session::Sender>,
    next_id: u64,
    visited: HashSet<String>,
    /// The branch or form card waiting for an answer, and its message id.
    asked: Option<(String, CsMessage)>,
    /// What the app was last told of the flow's place.
    last_state: Option<FlowState>,
}

impl Engine {
    pub fn new(flow: Arc<LoadedFlow>, clock: Arc<dyn Clock>) -> Self {
        let regexes = compile_patterns(&flow);
        let now = clock.now();
        Engine {
            flow,
            clock,
            regexes,
            outbox: VecDeque::new(),
            cursor: now,
            position: Position::Idle,
            vars: BTreeMap::new(),
            retries: None,
            awaiting_agent: false,
            seat: SeatStatus::OutSeat,
            ratings: HashMap::new(),
            human_rated: false,
            human_session: 0,
            reminder_at: None,
            timeout_at: None,
            voice: None,
            next_id: 0,
            visited: HashSet::new(),
            asked: None,
            last_state: None,
        }
    }

    pub fn flow(&self) -> &LoadedFlow {
        &self.flow
    }

    /// Node ids reached so far (for test coverage).
    pub fn visited(&self) -> &HashSet<String> {
        &self.visited
    }

    /// Swaps in an edited flow. The conversation goes on where it is when
    /// that node still exists, and starts over at the next trigger if not.
    pub fn replace_flow(&mut self, flow: Arc<LoadedFlow>) {
        let keep = |i: usize| {
            self.flow
                .flow
                .nodes
                .get(i)
                .and_then(|n| flow.node_index(n.id()))
        };
        self.position = match self.position {
            Position::Waiting(i) => keep(i).map_or(Position::Idle, Position::Waiting),
            Position::Human(i) => keep(i).map_or(Position::Idle, Position::Human),
            other => other,
        };
        self.regexes = compile_patterns(&flow);
        self.flow = flow;
        self.emit_state();
    }

    /// Forgets the conversation.
    pub fn restart(&mut self) {
        let visited = std::mem::take(&mut self.visited);
        *self = Engine::new(self.flow.clone(), self.clock.clone());
        self.visited = visited;
        self.emit_state();
    }
}

fn seat_message(seat: SeatStatus) -> CsMessage {
    CsMessage::SeatStatus(SeatStatusMessage {
        content: SeatCommand {
            command: SeatCommand::UPDATE.to_owned(),
            content: match seat {
                SeatStatus::InSeat => SeatCommand::IN_SEAT,
                SeatStatus::OutSeat => SeatCommand::OUT_SEAT,
            }
            .to_owned(),
        },
    })
}
