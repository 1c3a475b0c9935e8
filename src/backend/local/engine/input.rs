//! Input: what the user sends (text, the trigger, custom messages), the
//! answer to a waiting branch or form, retries, and the user counting as
//! active for the inactivity timers.

use std::time::Duration;

use super::{Engine, Position, seat_message};
use crate::flow::Node;
use crate::protocol::{self, CsMessage, DecodeOptions, RatingRules, RatingRulesMessage};
use crate::session::Payload;

impl Engine {
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
}
