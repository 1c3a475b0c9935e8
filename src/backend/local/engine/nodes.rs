//! Running the flow: going from node to node until it waits or ends (with
//! the bound on steps), asking a branch or form, conditions and their
//! patterns, and interpolating the flow's texts.

use std::collections::HashMap;

use regex::Regex;

use super::{Engine, MAX_STEPS_PER_INPUT, Position};
use crate::flow::defaults::system_parameter_key;
use crate::flow::text::interpolate;
use crate::flow::{LoadedFlow, Node};
use crate::protocol::{Branch, BranchCard, BranchItem, CsMessage, Form, FormCard};

impl Engine {
    pub(super) fn goto(&mut self, id: &str) {
        let next = self.resolve(id);
        self.run_from(next);
    }

    /// A node's position, or a problem (and no session) when it is missing.
    pub(super) fn resolve(&mut self, id: &str) -> Option<usize> {
        let found = self.flow.node_index(id);
        if found.is_none() {
            self.problem(format!(
                "the flow refers to a node {id:?} that does not exist"
            ));
            self.position = Position::Idle;
        }
        found
    }

    pub(super) fn run_from(&mut self, node: Option<usize>) {
        if let Some(node) = node {
            self.run(node);
        }
    }

    /// Runs from node `start` until the flow waits for the user or ends.
    pub(super) fn run(&mut self, start: usize) {
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
    pub(super) fn ask(&mut self, node: usize) {
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

    pub(super) fn matches(&self, pattern: &str, text: &str) -> bool {
        self.regexes
            .get(pattern)
            .and_then(Option::as_ref)
            .is_some_and(|re| re.is_match(text))
    }

    /// Interpolates flow variables and Desk's system parameters; one not
    /// set yet shows its declared default, or the flow's stand-in for a
    /// system parameter (no agent has a name outside a human session).
    pub(super) fn text(&self, text: &str) -> String {
        let flow = &self.flow.flow;
        interpolate(text, &self.vars, |name| {
            if let Some(key) = system_parameter_key(name) {
                return Some(flow.settings.texts.get(key, &flow.language).to_owned());
            }
            flow.variables
                .iter()
                .find(|v| v.name == name)
                .and_then(|v| v.initial.clone())
        })
    }
}

/// Every pattern of the flow, compiled once and anchored (the whole answer
/// must match). `check` has already reported the ones that do not compile.
pub(super) fn compile_patterns(flow: &LoadedFlow) -> HashMap<String, Option<Regex>> {
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
