//! Agents: the transfer to a human (queue, seat, scripted answers) and the
//! person who plays the agent from the app (operator mode).

use std::time::Duration;

use super::{Engine, Position, seat_message};
use crate::backend::AgentCommand;
use crate::flow::{AgentAction, AgentMode, Node, TextKey, TransferNode};
use crate::protocol::{Bare, CsMessage, Opaque, RatingRules, SeatStatus};
use crate::session::Sender;

impl Engine {
    /// Puts the user through to an agent; returns where the flow goes on
    /// at once when no agent is available.
    pub(super) fn transfer(&mut self, node: usize, t: &TransferNode) -> Option<usize> {
        self.vars.insert("SkillGroup".into(), t.skill_group.clone());
        if !t.agent.available {
            let words = self.default_text(TextKey::NoAgentOnline);
            let no_seat = CsMessage::NoSeatOnline(Opaque {
                content: Some(serde_json::Value::String(words)),
            });
            self.emit(self.gap(), &no_seat);
            match t
                .unavailable
                .as_deref()
                .and_then(|id| self.flow.node_index(id))
            {
                Some(next) => return Some(next),
                None => {
                    self.end_session();
                    return None;
                }
            }
        }
        if let Some(q) = &t.queue {
            self.vars.insert("WaitNo".into(), q.position.to_string());
            let message = self.text(&q.message);
            self.emit_text(self.gap(), message);
            self.cursor = self
                .cursor
                .max(self.clock.now())
                .plus(Duration::from_millis(q.wait_ms));
        }
        self.vars
            .insert("StaffNickName".into(), t.agent.name.clone());
        self.vars.insert("StaffNo".into(), t.agent.staff_no.clone());
        self.seat = SeatStatus::InSeat;
        self.human_rated = false;
        self.human_session += 1;
        self.position = Position::Human(node);
        self.emit(self.gap(), &seat_message(SeatStatus::InSeat));
        let actions = t.agent.on_connect.clone();
        // An agent who ends the session at once hands the flow straight on.
        self.act(node, &actions)
    }

    /// The scripted agent answers a user's text.
    pub(super) fn agent_answer(&mut self, node: usize, text: &str) {
        let Node::Transfer(t) = &self.flow.flow.nodes[node] else {
            return;
        };
        if t.agent.mode == AgentMode::Operator {
            // A person answers from the Agent tab.
            return;
        }
        let lower = text.to_lowercase();
        let actions = t
            .agent
            .keywords
            .iter()
            .find(|k| {
                k.contains
                    .iter()
                    .any(|w| !w.is_empty() && lower.contains(&w.to_lowercase()))
            })
            .map_or_else(|| t.agent.fallback.clone(), |k| k.actions.clone());
        let next = self.act(node, &actions);
        self.run_from(next);
    }

    /// Carries out a scripted agent's actions; returns where the flow goes
    /// on when one of them ended the human session.
    fn act(&mut self, node: usize, actions: &[AgentAction]) -> Option<usize> {
        self.as_agent(node, |engine| engine.act_in_voice(node, actions))
    }

    /// Runs `f` speaking as the agent of transfer `node`: what it emits
    /// carries the agent's name and picture.
    fn as_agent<R>(&mut self, node: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let sender = match &self.flow.flow.nodes[node] {
            Node::Transfer(t) => Some(Sender {
                name: t.agent.name.clone(),
                avatar: t.agent.avatar.as_deref().map(|a| self.flow.resolve_pic(a)),
            }),
            _ => None,
        };
        let before = std::mem::replace(&mut self.voice, sender);
        let result = f(self);
        self.voice = before;
        result
    }

    fn act_in_voice(&mut self, node: usize, actions: &[AgentAction]) -> Option<usize> {
        for action in actions {
            if self.position != Position::Human(node) {
                return None;
            }
            match action {
                AgentAction::TypingMs(ms) => {
                    self.emit(self.gap(), &CsMessage::Typing(Bare {}));
                    self.cursor = self.cursor.plus(Duration::from_millis(*ms));
                }
                AgentAction::Say(say) => self.say(say),
                // A session already rated (or with a card out) gets no second card.
                AgentAction::SendRating(_) if !self.human_rated => self.agent_sends_rating(),
                AgentAction::SendRating(_) => {}
                AgentAction::EndSession(_) => return self.end_human(node),
            }
        }
        None
    }

    /// The agent's "send rating" button: only when the rules (src 23) let
    /// the agent send it (bit 2), as Desk's agent console allows.
    fn agent_sends_rating(&mut self) {
        let flag = self.flow.flow.settings.satisfaction.flag;
        if flag & RatingRules::AGENT_MAY_SEND == 0 {
            self.problem(format!(
                "the agent cannot send the rating card: menuSendRuleFlag {flag} has no agent bit 2 \
                 (settings.satisfaction.flag)"
            ));
        } else {
            self.send_rating_card();
        }
    }

    /// A person playing the agent (operator mode).
    pub fn agent(&mut self, command: AgentCommand) -> Result<(), String> {
        let node = match self.position {
            Position::Human(node) => node,
            _ if matches!(command, AgentCommand::Seat(SeatStatus::InSeat)) => {
                return Err(
                    "the flow is not at a transfer node; it puts the user through itself".into(),
                );
            }
            _ => return Err("no agent session is running".into()),
        };
        match command {
            AgentCommand::Say(text) => {
                if text.trim().is_empty() {
                    return Err("the message is empty".into());
                }
                self.as_agent(node, |engine| engine.emit_text(Duration::ZERO, text));
                self.awaiting_agent = false;
            }
            AgentCommand::Typing => {
                self.emit(Duration::ZERO, &CsMessage::Typing(Bare {}));
            }
            AgentCommand::Seat(SeatStatus::InSeat) => {
                self.seat = SeatStatus::InSeat;
                self.emit(Duration::ZERO, &seat_message(SeatStatus::InSeat));
            }
            AgentCommand::Seat(SeatStatus::OutSeat) | AgentCommand::EndSession => {
                let next = self.end_human(node);
                self.run_from(next);
            }
            AgentCommand::SendRating => self.as_agent(node, Self::agent_sends_rating),
        }
        self.arm_timers();
        self.emit_state();
        Ok(())
    }

    /// Whether the agent of transfer `node` is played by a person.
    pub(super) fn operator(&self, node: usize) -> bool {
        matches!(&self.flow.flow.nodes[node], Node::Transfer(t) if t.agent.mode == AgentMode::Operator)
    }

    /// The human session ends: back to the bot, the rating card when the
    /// rules send it on end; returns the transfer's `next`, where the flow
    /// goes on (the caller runs it, so an agent who ends at once cannot
    /// nest runs without bound).
    pub(super) fn end_human(&mut self, node: usize) -> Option<usize> {
        // Outside a human session no agent has a name or a number.
        self.vars.remove("StaffNickName");
        self.vars.remove("StaffNo");
        self.awaiting_agent = false;
        self.seat = SeatStatus::OutSeat;
        self.emit(self.gap(), &seat_message(SeatStatus::OutSeat));
        self.rating_on_end();
        self.position = Position::Idle;
        match &self.flow.flow.nodes[node] {
            Node::Transfer(t) => {
                let next = t.next.clone();
                self.resolve(&next)
            }
            _ => None,
        }
    }

    /// Rule bit 1: the card goes out by itself when a human session ends.
    pub(super) fn rating_on_end(&mut self) {
        let flag = self.flow.flow.settings.satisfaction.flag;
        if flag & RatingRules::AUTO_SEND_ON_END != 0 && !self.human_rated {
            self.send_rating_card();
        }
    }

    pub(super) fn end_session(&mut self) {
        if self.seat == SeatStatus::InSeat {
            self.seat = SeatStatus::OutSeat;
            self.emit(Duration::ZERO, &seat_message(SeatStatus::OutSeat));
        }
        self.position = Position::Ended;
        self.reminder_at = None;
        self.timeout_at = None;
        self.emit(self.gap(), &CsMessage::End(Bare {}));
    }
}
