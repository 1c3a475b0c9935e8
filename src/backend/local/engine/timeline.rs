//! The timeline: the outbox of scheduled events and when each goes out,
//! message ids, the emit helpers, what `poll` hands over, and the
//! inactivity timers firing.

use std::time::Duration;

use super::{Engine, Position, Scheduled, seat_message};
use crate::backend::{BackendEvent, Due, DueKind, FlowState};
use crate::clock::Timestamp;
use crate::flow::{AgentMode, Node};
use crate::protocol::{Bare, ClientTips, CsMessage, SeatStatus};
use crate::session::{Arrival, Incoming, Payload, Sender};
use crate::session::{OnDuty, Timer};

impl Engine {
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

    pub(super) fn schedule(&mut self, delay: Duration, event: BackendEvent) {
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

    pub(super) fn gap(&self) -> Duration {
        Duration::from_millis(self.flow.flow.settings.message_gap_ms)
    }

    /// A message from the service, after `delay`; returns its id.
    pub(super) fn emit(&mut self, delay: Duration, message: &CsMessage) -> String {
        let id = self.new_id();
        let payload = Payload::Custom(message.to_wire());
        self.schedule(
            delay,
            message_event(&id, Arrival::New, payload, self.voice.clone()),
        );
        id
    }

    pub(super) fn emit_text(&mut self, delay: Duration, text: String) {
        let id = self.new_id();
        self.schedule(
            delay,
            message_event(&id, Arrival::New, Payload::Text(text), self.voice.clone()),
        );
    }

    pub(super) fn emit_update(&mut self, delay: Duration, id: &str, message: &CsMessage) {
        let payload = Payload::Custom(message.to_wire());
        self.schedule(
            delay,
            message_event(id, Arrival::Update, payload, self.voice.clone()),
        );
    }

    pub(super) fn tip(&mut self, text: String) {
        self.emit(
            Duration::ZERO,
            &CsMessage::ClientTips(ClientTips { content: text }),
        );
    }

    pub(super) fn problem(&mut self, text: String) {
        self.schedule(Duration::ZERO, BackendEvent::Problem(text));
    }

    /// Tells the app where the flow is, when that changed.
    pub(super) fn emit_state(&mut self) {
        let node = match self.position {
            Position::Waiting(i) | Position::Human(i) => {
                Some(self.flow.flow.nodes[i].id().to_owned())
            }
            _ => None,
        };
        let agent = match self.position {
            Position::Human(i) => match &self.flow.flow.nodes[i] {
                Node::Transfer(t) => Some(OnDuty {
                    name: t.agent.name.clone(),
                    operator: t.agent.mode == AgentMode::Operator,
                }),
                _ => None,
            },
            _ => None,
        };
        let has_operator = self
            .flow
            .flow
            .nodes
            .iter()
            .any(|n| matches!(n, Node::Transfer(t) if t.agent.mode == AgentMode::Operator));
        let next_timer = match (self.reminder_at, self.timeout_at) {
            (Some(r), Some(t)) if r <= t => Some((Timer::Reminder, r)),
            (Some(r), None) => Some((Timer::Reminder, r)),
            (_, Some(t)) => Some((Timer::Timeout, t)),
            (None, None) => None,
        };
        let state = FlowState {
            node,
            variables: self.vars.clone(),
            agent,
            has_operator,
            next_timer,
        };
        if self.last_state.as_ref() == Some(&state) {
            return;
        }
        self.last_state = Some(state.clone());
        self.schedule(Duration::ZERO, BackendEvent::Flow(state));
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
            // The Flow tab shows the timeout as the next timer now.
            self.emit_state();
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
}

fn message_event(
    id: &str,
    arrival: Arrival,
    payload: Payload,
    from: Option<Sender>,
) -> BackendEvent {
    BackendEvent::Message(Incoming {
        id: id.to_owned(),
        arrival,
        payload,
        from,
    })
}
