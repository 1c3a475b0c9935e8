//! What the user can ask for, and why a request can be refused.

use thiserror::Error;

use super::Phase;
use super::entry::MessageId;
use super::lock::LockReason;
use crate::protocol::{DecodeError, ProductCard};

#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// Open the conversation or start a new session: sends the trigger (7).
    Start,
    SendText(String),
    /// Pick item `index` of a branch (15, 32) or a bot list (29).
    Choose {
        id: MessageId,
        index: usize,
    },
    /// Answer a form (21): an option by index, or text.
    AnswerForm {
        id: MessageId,
        answer: FormAnswer,
    },
    /// Submit a task-flow form (33), one value per variable.
    SubmitTaskForm {
        id: MessageId,
        values: Vec<String>,
    },
    /// Rate with the option whose id this is (sends 10).
    Rate {
        id: MessageId,
        option_id: String,
    },
    /// Ask for the rating card (24).
    RequestRating,
    /// The "human service" button: the configured words as plain text.
    RequestHuman,
    /// End the human session (27).
    EndHumanService,
    SendProductCard(ProductCard),
    /// QA: a custom message pasted as JSON (lenient), sent as given.
    SendRaw(String),
    /// Show the next page of a welcome card; sends nothing.
    NextPage {
        id: MessageId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormAnswer {
    Option(usize),
    Text(String),
}

/// A refused intent. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum IntentError {
    #[error("the conversation has not started yet")]
    NotStarted,
    #[error("the session has {0}; start a new session first")]
    SessionOver(Phase),
    #[error("there is no message {0}")]
    NoSuchMessage(MessageId),
    #[error("message {id} is a {found}, not a {expected}")]
    WrongKind {
        id: MessageId,
        expected: &'static str,
        found: &'static str,
    },
    #[error("message {id} cannot be answered: {reason}")]
    Locked { id: MessageId, reason: LockReason },
    #[error("message {id} has {count} items; there is no item {index}")]
    NoSuchItem {
        id: MessageId,
        index: usize,
        count: usize,
    },
    #[error("rating option {option_id:?} is not in the menu of message {id}")]
    NoSuchOption { id: MessageId, option_id: String },
    #[error("the message is empty")]
    EmptyText,
    #[error("{0}")]
    Invalid(String),
    #[error("only possible while an agent serves you (in seat)")]
    NotInSeat,
    #[error("an agent already serves you")]
    AlreadyInSeat,
    #[error("the service does not let the user ask for a rating (menuSendRuleFlag {0:?})")]
    RatingNotAllowed(Option<i64>),
    #[error("the pasted message does not decode: {0}")]
    BadRaw(DecodeError),
    #[error("this is a transcript read back: nothing can be sent from it")]
    ReadOnly,
    #[error("this agent's service is rated already")]
    AlreadyRated,
}
