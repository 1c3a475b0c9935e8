//! The embedded Desk: runs a flow the way Tencent Cloud Desk runs the one an
//! admin configured, and answers the user with the same messages.
//!
//! Everything it says is scheduled on a timeline read from the injected
//! clock: nothing sleeps, so headless runs finish at once and the app can
//! fast-forward. Each user input runs the flow until it waits again, with a
//! bound on the steps so a loop becomes a visible problem, never a hang.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use regex::Regex;

mod people;
mod rating;
mod say;

use crate::backend::{BackendEvent, Due, DueKind, FlowState};
use crate::clock::{Clock, Timestamp};
use crate::flow::text::interpolate;
use crate::flow::{AgentMode, LoadedFlow, Node};
use crate::protocol::{
    self, Bare, Branch, BranchCard, BranchItem, ClientTips, CsMessage, DecodeOptions, Form,
    FormCard, RatingCard, RatingRules, RatingRulesMessage, SeatCommand, SeatStatus,
    SeatStatusMessage,
};
use crate::session::{Arrival, Incoming, Payload};

/// Nodes one input may pass through before the engine calls it a loop.
pub const MAX_STEPS_PER_INPUT: usize = 1000;

/// The rating service's error codes (PROTOCOL-NOTES).
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
    retries: u32,
    seat: SeatStatus,
    ratings: HashMap<String, RatingRecord>,
    /// Whether the current human session has been rated (or a card sent).
    human_rated: bool,
    /// Counts the user's human sessions (transfers that connected).
    human_session: u32,
    reminder_at: Option<Timestamp>,
    timeout_at: Option<Timestamp>,
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
            retries: 0,
            seat: SeatStatus::OutSeat,
            ratings: HashMap::new(),
            human_rated: false,
            human_session: 0,
            reminder_at: None,
            timeout_at: None,
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

    // ---- the timeline ------------------------------------------------------

    /// When `poll` next has something. While an answer is under way the
    /// due is a turn, even when a timer falls before its next message (a
    /// reminder during a long queue): a headless run follows it through.
    pub fn next_due(&self) -> Option<Due> {
        let (at, kind) = self.next_event()?;
        let kind = if self.outbox.is_empty() {
            kind
        } else {
            DueKind::Turn
        };
        Some(Due { at, kind })
    }

    /// The next thing to happen: a queued message, or a timer.
    fn next_event(&self) -> Option<(Timestamp, DueKind)> {
        let turn = self.outbox.front().map(|s| (s.at, DueKind::Turn));
        let timer = [self.reminder_at, self.timeout_at]
            .into_iter()
            .flatten()
            .min()
            .map(|at| (at, DueKind::Timer));
        match (turn, timer) {
            (Some(t), Some(m)) if m.0 < t.0 => Some(m),
            (Some(t), _) => Some(t),
            (None, m) => m,
        }
    }

    /// Everything due by now, timers included, in time order.
    pub fn poll(&mut self) -> Vec<BackendEvent> {
        let now = self.clock.now();
        let mut out = Vec::new();
        while let Some((at, kind)) = self.next_event().filter(|&(at, _)| at <= now) {
            match kind {
                DueKind::Turn => {
                    if let Some(s) = self.outbox.pop_front() {
                        out.push(s.event);
                    }
                }
                DueKind::Timer => self.fire_timer(at),
            }
        }
        out
    }

    fn schedule(&mut self, delay: Duration, event: BackendEvent) {
        let now = self.clock.now();
        self.cursor = self.cursor.max(now).plus(delay);
        self.outbox.push_back(Scheduled {
            at: self.cursor,
            event,
        });
    }

    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("d{}", self.next_id)
    }

    fn gap(&self) -> Duration {
        Duration::from_millis(self.flow.flow.settings.message_gap_ms)
    }

    /// A message from the service, after `delay`; returns its id.
    fn emit(&mut self, delay: Duration, message: &CsMessage) -> String {
        let id = self.new_id();
        let payload = Payload::Custom(message.to_wire());
        self.schedule(delay, message_event(&id, Arrival::New, payload));
        id
    }

    fn emit_text(&mut self, delay: Duration, text: String) {
        let id = self.new_id();
        self.schedule(delay, message_event(&id, Arrival::New, Payload::Text(text)));
    }

    fn emit_update(&mut self, delay: Duration, id: &str, message: &CsMessage) {
        let payload = Payload::Custom(message.to_wire());
        self.schedule(delay, message_event(id, Arrival::Update, payload));
    }

    fn tip(&mut self, text: String) {
        self.emit(
            Duration::ZERO,
            &CsMessage::ClientTips(ClientTips { content: text }),
        );
    }

    fn problem(&mut self, text: String) {
        self.schedule(Duration::ZERO, BackendEvent::Problem(text));
    }

    /// Tells the app where the flow is, when that changed.
    fn emit_state(&mut self) {
        let node = match self.position {
            Position::Waiting(i) | Position::Human(i) => Some(self.flow.flow.nodes[i].id()),
            _ => None,
        };
        let operator = match self.position {
            Position::Human(i) => {
                matches!(&self.flow.flow.nodes[i], Node::Transfer(t) if t.agent.mode == AgentMode::Operator)
            }
            _ => false,
        };
        if let Some(last) = &self.last_state
            && last.node.as_deref() == node
            && last.variables == self.vars
            && last.seat == self.seat
            && last.operator == operator
        {
            return;
        }
        let state = FlowState {
            node: node.map(str::to_owned),
            variables: self.vars.clone(),
            seat: self.seat,
            operator,
        };
        self.last_state = Some(state.clone());
        self.schedule(Duration::ZERO, BackendEvent::Flow(state));
    }

    // ---- input ------------------------------------------------------------

    /// What the user sent: plain text, or a custom message's data.
    pub fn receive(&mut self, payload: &Payload) {
        match payload {
            Payload::Text(text) => self.on_text(text),
            Payload::Custom(data) => match protocol::decode(data, &DecodeOptions::strict()) {
                Ok(decoded) => match decoded.body {
                    protocol::Body::Service(m) => self.on_custom(m),
                    _ => self.problem("the embedded backend ignores custom messages that are not customer-service messages".into()),
                },
                Err(e) => self.problem(format!("the embedded backend could not decode the user's message: {e}")),
            },
        }
        self.emit_state();
    }

    fn on_custom(&mut self, message: CsMessage) {
        match message {
            CsMessage::Trigger(_) => self.on_trigger(),
            CsMessage::RatingRequest(_) => self.on_rating_request(),
            CsMessage::RatingSelected(s) => self.on_rating(s.menu_selected),
            CsMessage::EndHumanService(_) => {
                self.user_active();
                match self.position {
                    Position::Human(node) => {
                        let next = self.end_human(node);
                        self.run_from(next);
                    }
                    _ => self.tip("There is no agent session to end.".into()),
                }
            }
            CsMessage::ProductCard(card) => {
                self.user_active();
                if let Position::Human(node) = self.position {
                    self.agent_answer(node, &card.content.header);
                }
            }
            other => self.problem(format!(
                "the embedded backend does not act on src {} ({}) from the user",
                other.src(),
                other.name()
            )),
        }
    }

    fn on_trigger(&mut self) {
        let flag = self.flow.flow.settings.satisfaction.flag;
        let rules = CsMessage::RatingRules(RatingRulesMessage {
            content: RatingRules {
                menu_send_rule_flag: flag,
            },
        });
        self.emit(Duration::ZERO, &rules);
        self.emit(Duration::ZERO, &seat_message(self.seat));
        if matches!(self.position, Position::Idle | Position::Ended) {
            self.vars = self
                .flow
                .flow
                .variables
                .iter()
                .filter_map(|v| v.initial.clone().map(|init| (v.name.clone(), init)))
                .collect();
            self.retries = 0;
            self.human_rated = false;
            let start = self.flow.node_index(&self.flow.flow.start);
            self.user_active();
            if let Some(start) = start {
                self.run(start);
            }
        }
    }

    fn on_text(&mut self, text: &str) {
        if matches!(self.position, Position::Idle | Position::Ended) {
            self.problem(format!(
                "{text:?} was not answered: no session is running (the trigger, src 7, starts one)"
            ));
            return;
        }
        self.user_active();
        // What the flow waits for comes first: a branch item with the same
        // words, or any answer to a form.
        let flow_takes_it = matches!(self.position, Position::Waiting(i)
        if match &self.flow.flow.nodes[i] {
            Node::Branch(b) => b.items.iter().any(|item| item.content == text),
            Node::Form(_) => true,
            _ => false,
        });
        if let Some(h) = &self.flow.flow.settings.human_service
            && text == h.words
            && !flow_takes_it
            && !matches!(self.position, Position::Human(_))
            && let Some(node) = self.flow.node_index(&h.transfer)
        {
            self.run(node);
            return;
        }
        if !matches!(self.position, Position::Human(_))
            && !flow_takes_it
            && let Some(faq) = self
                .flow
                .flow
                .settings
                .faq
                .iter()
                .find(|f| f.question == text)
        {
            // The knowledge base answers; the flow keeps waiting where it was.
            for say in faq.answer.clone() {
                self.say(&say);
            }
            return;
        }
        match self.position {
            Position::Waiting(i) => match &self.flow.clone().flow.nodes[i] {
                Node::Branch(b) => match b.items.iter().find(|item| item.content == text) {
                    Some(item) => {
                        self.retries = 0;
                        self.mark_selected(text);
                        self.goto(&item.next);
                    }
                    None => {
                        let (say, max, exhausted) = (
                            b.no_match.clone(),
                            b.max_retries,
                            b.on_retries_exhausted.clone(),
                        );
                        self.retry(i, say, max, exhausted);
                    }
                },
                Node::Form(f) => {
                    let valid_option = f.options.is_empty() || f.options.iter().any(|o| o == text);
                    let valid_pattern = f
                        .validation
                        .as_ref()
                        .is_none_or(|v| self.matches(&v.regex, text));
                    if valid_option && valid_pattern {
                        self.retries = 0;
                        self.mark_selected(text);
                        self.vars.insert(f.variable.clone(), text.to_owned());
                        self.goto(&f.next);
                    } else {
                        // The flow's own words when it has them (a Chinese
                        // flow gets no English reply).
                        let (say, max, exhausted) = match &f.validation {
                            Some(v) => (
                                v.retry_message.clone(),
                                v.max_retries,
                                v.on_retries_exhausted.clone(),
                            ),
                            None => ("Please choose one of the options.".to_owned(), 2, None),
                        };
                        self.retry(i, say, max, exhausted);
                    }
                }
                _ => {}
            },
            Position::Human(node) => self.agent_answer(node, text),
            Position::Idle | Position::Ended => {}
        }
    }

    /// The card the user answered gains `selected`, as Desk fills it: an
    /// update of the same message, which locks it in every client.
    fn mark_selected(&mut self, content: &str) {
        let Some((id, mut card)) = self.asked.take() else {
            return;
        };
        let (items, selected) = match &mut card {
            CsMessage::Branch(b) => (&b.content.items, &mut b.content.selected),
            CsMessage::Form(f) => (&f.content.items, &mut f.content.selected),
            _ => return,
        };
        // The item's description as the card showed it.
        let desc = items
            .iter()
            .find(|i| i.content == content)
            .map(|i| i.desc.clone())
            .filter(|d| !d.is_empty());
        *selected = Some(protocol::BranchChoice {
            content: content.to_owned(),
            desc,
        });
        self.emit_update(Duration::ZERO, &id, &card);
    }

    /// An answer that did not fit: say so and ask again, or give up.
    fn retry(&mut self, node: usize, say: String, max: u32, exhausted: Option<String>) {
        self.retries += 1;
        if self.retries > max {
            self.retries = 0;
            match exhausted {
                Some(next) => self.goto(&next),
                None => self.end_session(),
            }
            return;
        }
        let say = self.text(&say);
        self.emit_text(self.gap(), say);
        self.ask(node);
    }

    /// Restarts the inactivity timers.
    fn user_active(&mut self) {
        let now = self.clock.now();
        match &self.flow.flow.settings.inactivity {
            Some(i) => {
                self.reminder_at = Some(now.plus(Duration::from_secs(i.reminder_after_s)));
                self.timeout_at = Some(now.plus(Duration::from_secs(i.timeout_after_s)));
            }
            None => {
                self.reminder_at = None;
                self.timeout_at = None;
            }
        }
    }

    fn fire_timer(&mut self, at: Timestamp) {
        self.cursor = self.cursor.max(at);
        let Some(inactivity) = self.flow.flow.settings.inactivity.clone() else {
            self.reminder_at = None;
            self.timeout_at = None;
            return;
        };
        if self.reminder_at == Some(at) {
            self.reminder_at = None;
            if !matches!(self.position, Position::Idle | Position::Ended) {
                let text = self.text(&inactivity.reminder);
                self.tip(text);
            }
        }
        if self.timeout_at == Some(at) {
            self.timeout_at = None;
            self.reminder_at = None;
            if matches!(self.position, Position::Idle | Position::Ended) {
                return;
            }
            if let Some(t) = &inactivity.timeout_message {
                let t = self.text(t);
                self.emit_text(Duration::ZERO, t);
            }
            if self.seat == SeatStatus::InSeat {
                self.seat = SeatStatus::OutSeat;
                self.emit(Duration::ZERO, &seat_message(SeatStatus::OutSeat));
                self.rating_on_end();
            }
            self.position = Position::Ended;
            self.emit(Duration::ZERO, &CsMessage::Timeout(Bare {}));
            self.emit_state();
        }
    }

    // ---- running the flow ---------------------------------------------------

    fn goto(&mut self, id: &str) {
        let next = self.resolve(id);
        self.run_from(next);
    }

    /// A node's position, or a problem (and no session) when it is missing.
    fn resolve(&mut self, id: &str) -> Option<usize> {
        let found = self.flow.node_index(id);
        if found.is_none() {
            self.problem(format!(
                "the flow refers to a node {id:?} that does not exist"
            ));
            self.position = Position::Idle;
        }
        found
    }

    fn run_from(&mut self, node: Option<usize>) {
        if let Some(node) = node {
            self.run(node);
        }
    }

    /// Runs from node `start` until the flow waits for the user or ends.
    fn run(&mut self, start: usize) {
        let mut node = start;
        let queued = self.outbox.len();
        for _ in 0..MAX_STEPS_PER_INPUT {
            // The flow is shared; holding it lets nodes be read while `self` changes.
            let flow = self.flow.clone();
            let n = &flow.flow.nodes[node];
            if !self.visited.contains(n.id()) {
                self.visited.insert(n.id().to_owned());
            }
            let next = match n {
                Node::Message(m) => {
                    for say in &m.messages {
                        self.say(say);
                    }
                    &m.next
                }
                Node::Branch(_) | Node::Form(_) => {
                    self.position = Position::Waiting(node);
                    self.ask(node);
                    return;
                }
                Node::Condition(c) => c
                    .routes
                    .iter()
                    .find(|r| self.route_holds(r))
                    .map_or(&c.default, |r| &r.next),
                Node::ServiceHours(h) => {
                    let now = self.cursor.max(self.clock.now());
                    if crate::flow::hours::is_open(now, &h.time_zone, &h.schedule) {
                        &h.open
                    } else {
                        &h.closed
                    }
                }
                Node::Transfer(t) => match self.transfer(node, t) {
                    Some(next) => {
                        node = next;
                        continue;
                    }
                    None => return,
                },
                Node::Satisfaction(s) => {
                    self.send_rating_card();
                    &s.next
                }
                Node::End(e) => {
                    if let Some(t) = &e.text {
                        let t = self.text(t);
                        self.emit_text(self.gap(), t);
                    }
                    self.end_session();
                    return;
                }
            };
            match self.flow.node_index(next) {
                Some(i) => node = i,
                None => {
                    self.problem(format!(
                        "the flow refers to a node {next:?} that does not exist"
                    ));
                    self.position = Position::Idle;
                    return;
                }
            }
        }
        // What the loop said would flood the chat: only the problem shows.
        self.outbox.truncate(queued);
        self.cursor = self.outbox.back().map_or(self.clock.now(), |s| s.at);
        self.problem(format!(
            "the flow passed {MAX_STEPS_PER_INPUT} nodes without waiting for the user; it loops near node {:?}. \
             The conversation stops here: fix the flow and start a new session.",
            self.flow.flow.nodes[node].id()
        ));
        self.position = Position::Idle;
    }

    /// Sends the card of a branch or form node.
    fn ask(&mut self, node: usize) {
        let message = match &self.flow.flow.nodes[node] {
            Node::Branch(b) => CsMessage::Branch(Branch {
                content: BranchCard {
                    header: self.text(&b.header),
                    items: b
                        .items
                        .iter()
                        .map(|i| BranchItem {
                            content: i.content.clone(),
                            desc: self.text(&i.desc),
                        })
                        .collect(),
                    tail: self.text(&b.tail),
                    selected: None,
                },
            }),
            Node::Form(f) => CsMessage::Form(Form {
                content: FormCard {
                    header: self.text(&f.header),
                    items: f
                        .options
                        .iter()
                        .map(|o| BranchItem {
                            content: o.clone(),
                            desc: String::new(),
                        })
                        .collect(),
                    form_type: Some(if f.options.is_empty() { 0 } else { 1 }),
                    selected: None,
                },
            }),
            _ => return,
        };
        let id = self.emit(self.gap(), &message);
        self.asked = Some((id, message));
    }

    fn route_holds(&self, route: &crate::flow::Route) -> bool {
        let value = self.vars.get(&route.variable);
        if let Some(expected) = &route.equals {
            return value == Some(expected);
        }
        if let Some(pattern) = &route.matches {
            return value.is_some_and(|v| self.matches(pattern, v));
        }
        if let Some(exists) = route.exists {
            return value.is_some_and(|v| !v.is_empty()) == exists;
        }
        false
    }

    fn matches(&self, pattern: &str, text: &str) -> bool {
        self.regexes
            .get(pattern)
            .and_then(Option::as_ref)
            .is_some_and(|re| re.is_match(text))
    }

    /// Interpolates flow variables and Desk's system parameters.
    fn text(&self, text: &str) -> String {
        interpolate(text, &self.vars)
    }
}

fn message_event(id: &str, arrival: Arrival, payload: Payload) -> BackendEvent {
    BackendEvent::Message(Incoming {
        id: id.to_owned(),
        arrival,
        payload,
    })
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

/// Every pattern of the flow, compiled once and anchored (the whole answer
/// must match). `check` has already reported the ones that do not compile.
fn compile_patterns(flow: &LoadedFlow) -> HashMap<String, Option<Regex>> {
    let mut out = HashMap::new();
    for node in &flow.flow.nodes {
        let patterns: Vec<&str> = match node {
            Node::Form(f) => f.validation.iter().map(|v| v.regex.as_str()).collect(),
            Node::Condition(c) => c
                .routes
                .iter()
                .filter_map(|r| r.matches.as_deref())
                .collect(),
            _ => Vec::new(),
        };
        for p in patterns {
            out.entry(p.to_owned())
                .or_insert_with(|| Regex::new(&format!("^(?:{p})$")).ok());
        }
    }
    out
}
