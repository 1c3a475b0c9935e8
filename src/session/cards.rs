//! The cards the user answers (branch, form, task branch and form, rating):
//! whether each still takes an answer and why not, the answer it shows,
//! and when a rating card expires.

use super::entry::{Direction, LocalAnswer};
use super::lock::{CardState, LockReason};
use super::{Phase, Session};
use crate::clock::Timestamp;
use crate::protocol::CsMessage;

impl Session {
    /// Whether the card at `position` still takes an answer.
    pub fn card_state(&self, position: usize) -> CardState {
        let locked = CardState::Locked;
        let Some(entry) = self.entries.get(position) else {
            return locked(LockReason::ClosedByService);
        };
        let Some(message) = entry.service() else {
            return locked(LockReason::ClosedByService);
        };
        if let Some(reason) = entry.refusal.as_ref().and_then(|r| refusal_lock(r.code)) {
            return locked(reason);
        }
        if entry.answer.is_some() {
            return locked(LockReason::Answered);
        }
        let is_rating = matches!(message, CsMessage::Rating(_));
        if !is_rating && entry.generation < self.generation {
            return locked(LockReason::EarlierSession);
        }
        match message {
            CsMessage::Rating(r) => {
                if r.menu_content.choice().is_some() {
                    return locked(LockReason::Answered);
                }
                if r.menu_content.is_expired_at(self.now().unix_seconds()) {
                    return locked(LockReason::Expired);
                }
                return CardState::Open;
            }
            CsMessage::Branch(b) if b.content.choice().is_some() => {
                return locked(LockReason::Answered);
            }
            CsMessage::Form(f) if f.content.choice().is_some() => {
                return locked(LockReason::Answered);
            }
            CsMessage::TaskBranch(b) if b.content.choice().is_some() || b.status == Some(2) => {
                return locked(LockReason::Answered);
            }
            CsMessage::TaskBranch(b) if matches!(b.status, None | Some(1)) => {
                return locked(LockReason::MovedOn);
            }
            CsMessage::TaskBranch(b) if !b.editable() => {
                return locked(LockReason::ClosedByService);
            }
            CsMessage::TaskForm(f) if !f.is_open() => return locked(LockReason::ClosedByService),
            _ => {}
        }
        if self.phase != Phase::Active {
            return locked(LockReason::SessionOver);
        }
        if super::receive::asks(message) && self.superseded(position) {
            return locked(LockReason::MovedOn);
        }
        CardState::Open
    }

    /// Whether the service has confirmed the card's answer (its `selected`
    /// came back); an answer it rejected stays unconfirmed, as the flow
    /// asks again.
    pub fn answer_confirmed(&self, position: usize) -> bool {
        self.service_answer(position).is_some()
    }

    /// Whether the service turned the card's answer down: the user
    /// answered, the service never confirmed it, and it has since asked
    /// the same kind of card again (a form's retry, a branch's re-ask).
    pub fn answer_rejected(&self, position: usize) -> bool {
        let Some(entry) = self.entries.get(position) else {
            return false;
        };
        if entry.answer.is_none() || self.answer_confirmed(position) {
            return false;
        }
        let src = entry.src();
        self.entries[position + 1..].iter().any(|later| {
            later.direction == Direction::In
                && later.generation == entry.generation
                && later.src() == src
        })
    }

    /// The answer the service's `selected` carries.
    fn service_answer(&self, position: usize) -> Option<String> {
        match self.entries.get(position)?.service()? {
            CsMessage::Rating(r) => r.menu_content.choice().map(|c| c.id.clone()),
            CsMessage::Branch(b) => b.content.choice().map(|c| c.content.clone()),
            CsMessage::TaskBranch(b) => b.content.choice().map(|c| c.content.clone()),
            CsMessage::Form(f) => f.content.choice().map(|c| c.content.clone()),
            _ => None,
        }
    }

    /// The answer a card shows: the user's own, or the service's `selected`.
    pub fn answer_of(&self, position: usize) -> Option<String> {
        let entry = self.entries.get(position)?;
        match &entry.answer {
            Some(LocalAnswer::Text(t)) => return Some(t.clone()),
            Some(LocalAnswer::Rating(c)) => return Some(c.id.clone()),
            Some(LocalAnswer::Values(v)) => return Some(v.join(", ")),
            None => {}
        }
        self.service_answer(position)
    }

    /// When the rating card at `position` stops taking a choice, if it
    /// says (`expireTime` in seconds; 0 or less is no time to count down).
    pub fn rating_deadline(&self, position: usize) -> Option<Timestamp> {
        match self.entries.get(position)?.service()? {
            CsMessage::Rating(r) => r
                .menu_content
                .expire_time
                .filter(|&t| t > 0)
                .map(Timestamp::from_unix_seconds),
            _ => None,
        }
    }

    /// When something the user sees changes by itself next: an open rating
    /// card expiring, the typing indicator going away.
    pub fn next_expiry(&self) -> Option<Timestamp> {
        let now = self.now();
        let ratings = (0..self.entries.len())
            .filter(|&i| self.card_state(i).is_open())
            .filter_map(|i| self.rating_deadline(i));
        ratings.chain(self.typing_until).filter(|&t| t > now).min()
    }

    /// The open card a typed text answers, as the backend will see it: the
    /// latest open branch or form of this session whose items include the
    /// text, or the latest open text form.
    pub(super) fn card_answered_by(&self, text: &str) -> Option<usize> {
        let position = self.entries.iter().rposition(|e| {
            e.direction == Direction::In
                && matches!(
                    e.service(),
                    Some(CsMessage::Branch(_) | CsMessage::Form(_) | CsMessage::TaskBranch(_))
                )
        })?;
        if !self.card_state(position).is_open() {
            return None;
        }
        let matches = match self.entries[position].service()? {
            CsMessage::Branch(b) => b.content.items.iter().any(|i| i.content == text),
            CsMessage::TaskBranch(b) => b.content.items.iter().any(|i| i.content == text),
            CsMessage::Form(f) if f.content.has_options() => {
                f.content.items.iter().any(|i| i.content == text)
            }
            CsMessage::Form(_) => true,
            _ => false,
        };
        matches.then_some(position)
    }

    /// Whether a rating card that came since the agent took over carries
    /// a choice (the user's, or the service's `selected`).
    pub(super) fn rated_in_seat(&self) -> bool {
        let since = self.last_seat_in.unwrap_or(0);
        (since..self.entries.len()).any(|i| {
            matches!(self.entries[i].service(), Some(CsMessage::Rating(_)))
                && self.answer_of(i).is_some()
        })
    }

    /// The rating card a choice with this `sessionId` answers.
    pub(super) fn rating_card_of(&self, session_id: &str) -> Option<usize> {
        self.entries.iter().rposition(|e| {
            e.direction == Direction::In
                && matches!(e.service(), Some(CsMessage::Rating(r)) if r.menu_content.session_id == session_id)
        })
    }

    /// The latest open task form (what a submitted 33 answers).
    pub(super) fn open_task_form(&self) -> Option<usize> {
        let position = self.entries.iter().rposition(|e| {
            e.direction == Direction::In && matches!(e.service(), Some(CsMessage::TaskForm(_)))
        })?;
        self.card_state(position).is_open().then_some(position)
    }
}

/// How a card stands after the rating service refused an answer on it;
/// `None` when trying again can help.
fn refusal_lock(code: Option<u32>) -> Option<LockReason> {
    match code? {
        // Session expired or not started.
        10150 => Some(LockReason::Expired),
        // Duplicate submission.
        10152 => Some(LockReason::Answered),
        // No staff: nobody to rate.
        10154 => Some(LockReason::ClosedByService),
        // Data error, internal error: the user may try again.
        _ => None,
    }
}
