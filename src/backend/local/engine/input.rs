//! Input: what the user sends (text, the trigger, custom messages), the
//! answer to a waiting branch or form, the human-service words, retries,
//! and refusals of what the service does not carry out.

use std::time::Duration;

use super::{Engine, Position, seat_message};
use crate::flow::{Node, TextKey};
use crate::protocol::{self, CsMessage, DecodeOptions, RatingRules, RatingRulesMessage};
use crate::session::{Event, Payload, SessionConfig};

impl Engine {
    /// What the user sent as message `id`: plain text, or a custom
    /// message's data.
    pub fn receive(&mut self, id: &str, payload: &Payload) {
        match payload {
            Payload::Text(text) => self.on_text(text),
            Payload::Custom(data) => match protocol::decode(data, &DecodeOptions::strict()) {
                Ok(decoded) => match decoded.body {
                    protocol::Body::Service(m) => self.on_custom(id, m),
                    _ => self.problem("the embedded backend ignores custom messages that are not customer-service messages".into()),
                },
                Err(e) => self.problem(format!("the embedded backend could not decode the user's message: {e}")),
            },
        }
        self.arm_timers();
        self.emit_state();
    }

    fn on_custom(&mut self, id: &str, message: CsMessage) {
        match message {
            CsMessage::Trigger(_) => self.on_trigger(),
            CsMessage::RatingRequest(_) => self.on_rating_request(id),
            CsMessage::RatingSelected(s) => self.on_rating(id, s.menu_selected),
            CsMessage::EndHumanService(_) => match self.position {
                Position::Human(node) => {
                    let next = self.end_human(node);
                    self.run_from(next);
                }
                _ => self.refuse(id, None, TextKey::NoAgentSession),
            },
            CsMessage::ProductCard(card) => {
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
            self.retries = None;
            self.human_rated = false;
            if let Some(start) = self.flow.node_index(&self.flow.flow.start) {
                self.run(start);
            }
        }
    }

    /// The words of the human-service button: the flow's, or what Desk's
    /// widget sends in the flow's language.
    fn human_words(&self) -> String {
        SessionConfig::for_flow(&self.flow.flow).human_service_words
    }

    fn on_text(&mut self, text: &str) {
        if matches!(self.position, Position::Idle | Position::Ended) {
            self.problem(format!(
                "{text:?} was not answered: no session is running (the trigger, src 7, starts one)"
            ));
            return;
        }
        if let Position::Human(node) = self.position {
            self.awaiting_agent = self.operator(node);
            return self.agent_answer(node, text);
        }
        let waiting = match self.position {
            Position::Waiting(i) => Some(i),
            _ => None,
        };
        let flow = self.flow.clone();
        let branch_item = waiting.and_then(|i| match &flow.flow.nodes[i] {
            Node::Branch(b) => b.items.iter().find(|item| item.content == text),
            _ => None,
        });
        // The human-service words ask for a person wherever the flow waits,
        // unless the waiting branch offers them as an item of its own. They
        // are never a form's answer, nor a wrong one.
        if text == self.human_words() && branch_item.is_none() {
            return self.ask_for_a_person();
        }
        // What the flow waits for comes first: a branch item with the same
        // words, or any answer to a form; then the knowledge base, and the
        // flow keeps waiting where it was.
        let form_waits = waiting.is_some_and(|i| matches!(flow.flow.nodes[i], Node::Form(_)));
        if branch_item.is_none()
            && !form_waits
            && let Some(faq) = flow.flow.settings.faq.iter().find(|f| f.question == text)
        {
            for say in &faq.answer {
                self.say(say);
            }
            return;
        }
        let Some(i) = waiting else { return };
        match &flow.flow.nodes[i] {
            Node::Branch(b) => match branch_item {
                Some(item) => {
                    self.retries = None;
                    self.mark_selected(text);
                    self.goto(&item.next);
                }
                None => {
                    let say = b
                        .no_match
                        .clone()
                        .unwrap_or_else(|| self.default_text(TextKey::NoMatch));
                    self.retry(i, say, b.max_retries, b.on_retries_exhausted.clone());
                }
            },
            Node::Form(f) => {
                let valid_option = f.options.is_empty() || f.options.iter().any(|o| o == text);
                let valid_pattern = f
                    .validation
                    .as_ref()
                    .is_none_or(|v| self.matches(&v.regex, text));
                if valid_option && valid_pattern {
                    self.retries = None;
                    self.mark_selected(text);
                    self.vars.insert(f.variable.clone(), text.to_owned());
                    self.goto(&f.next);
                } else if !valid_option {
                    let say = f
                        .retry_message
                        .clone()
                        .unwrap_or_else(|| self.default_text(TextKey::OptionsRetry));
                    self.retry(i, say, f.max_retries, f.on_retries_exhausted.clone());
                } else if let Some(v) = &f.validation {
                    let (say, max, exhausted) = (
                        v.retry_message.clone(),
                        v.max_retries,
                        v.on_retries_exhausted.clone(),
                    );
                    self.retry(i, say, max, exhausted);
                }
            }
            _ => {}
        }
    }

    /// The human-service words: to the transfer the flow names for them
    /// (the card waiting is left behind), or the flow's word that no one
    /// is there.
    fn ask_for_a_person(&mut self) {
        let transfer = self.flow.flow.settings.human_service.clone();
        match transfer.and_then(|h| self.flow.node_index(&h.transfer)) {
            Some(node) => {
                self.asked = None;
                self.retries = None;
                self.run(node);
            }
            None => {
                let say = self.default_text(TextKey::HumanUnavailable);
                self.emit_text(self.gap(), say);
            }
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

    /// An answer that did not fit: say so and ask again, or give up. The
    /// count is the node's own: a wrong answer at one menu never counts
    /// against the next.
    fn retry(&mut self, node: usize, say: String, max: u32, exhausted: Option<String>) {
        let count = match self.retries {
            Some((at, n)) if at == node => n + 1,
            _ => 1,
        };
        if count > max {
            self.retries = None;
            match exhausted {
                Some(next) => self.goto(&next),
                None => self.end_session(),
            }
            return;
        }
        self.retries = Some((node, count));
        let say = self.text(&say);
        self.emit_text(self.gap(), say);
        self.ask(node);
    }

    /// The service refuses the user's message `id`: nothing is carried
    /// out, and the client shows why under what was sent.
    pub(super) fn refuse(&mut self, id: &str, code: Option<u32>, why: TextKey) {
        let reason = self.default_text(why);
        let refused = Event::Refused {
            id: id.to_owned(),
            code,
            reason,
        };
        self.schedule(Duration::ZERO, refused);
    }

    /// The flow's wording of a text the service says by itself.
    pub(super) fn default_text(&self, key: TextKey) -> String {
        let flow = self.flow.clone();
        self.text(flow.flow.settings.texts.get(key, &flow.flow.language))
    }

    /// Restarts the inactivity timers from when the service's last message
    /// goes out: they never run while the user waits (for a queue, for the
    /// bot's answer, for a person playing the agent), and a reminder never
    /// comes in the same instant as what it follows.
    pub(super) fn arm_timers(&mut self) {
        let inactivity = self.flow.flow.settings.inactivity.clone();
        let idle = matches!(self.position, Position::Idle | Position::Ended);
        match inactivity {
            Some(i) if !idle && !self.awaiting_agent => {
                let from = self.cursor.max(self.clock.now());
                self.reminder_at = Some(from.plus(Duration::from_secs(i.reminder_after_s)));
                self.timeout_at = Some(from.plus(Duration::from_secs(i.timeout_after_s)));
            }
            _ => {
                self.reminder_at = None;
                self.timeout_at = None;
            }
        }
    }
}
