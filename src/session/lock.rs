//! Whether a card still takes an answer, and why not.

use std::fmt;

/// The state of an interactive card (branch, form, rating, task form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardState {
    Open,
    Locked(LockReason),
}

impl CardState {
    pub fn is_open(&self) -> bool {
        matches!(self, CardState::Open)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockReason {
    /// Answered: by the user here, or the service says so (`selected`).
    Answered,
    /// A rating card past its `expireTime`.
    Expired,
    /// From a session that has since ended and been restarted.
    EarlierSession,
    /// The session has ended; only a rating card stays open after the end.
    SessionOver,
    /// The service marks it as no longer editable (task form or branch status).
    ClosedByService,
    /// The flow has moved past it: a later card asks now, or an agent took
    /// over, so an answer here would land somewhere else.
    MovedOn,
}

impl fmt::Display for LockReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LockReason::Answered => "it has already been answered",
            LockReason::Expired => "it has expired",
            LockReason::EarlierSession => "it belongs to an earlier session",
            LockReason::SessionOver => "the session has ended",
            LockReason::ClosedByService => "the service has closed it",
            LockReason::MovedOn => "the conversation moved on",
        })
    }
}
