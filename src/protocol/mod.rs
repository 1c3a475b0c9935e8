//! The customer-service custom-message protocol: one type per `src` code,
//! decoding with typed errors and conformance warnings, and the messages the
//! user side sends.
//!
//! Owns the wire format alone. It never performs I/O, never draws, and never
//! reads a clock: checks that need the time take it as data
//! ([`DecodeOptions::now_unix`]).

mod bot;
mod branch;
mod card;
mod decode;
pub mod encode;
mod error;
mod fast;
mod form;
mod im;
mod lenient;
mod message;
mod rating;
mod scalar;
mod status;
mod summary;
mod warning;

pub use bot::{
    RichText, RobotCommand, RobotCommandContent, StreamText, Thinking, map_markdown_images,
    markdown_images,
};
pub use branch::{
    BotCard, BotMessage, Branch, BranchCard, BranchChoice, BranchItem, TaskBranch, TaskInfo,
};
pub use card::{
    CustomField, OrderCard, OrderCardMessage, OrderField, ProductCard, ProductCardMessage,
};
pub use decode::{Body, DecodeOptions, Decoded, Syntax, decode, peek_src};
pub use encode::{Outgoing, OutgoingBody};
pub use error::{DecodeError, MAX_DEPTH, plain_serde_message};
pub use form::{Form, FormCard, InputVariable, TaskForm, TaskFormCard};
pub use im::decode_any;
pub use lenient::{normalize_lenient, split_documents};
pub use message::{CsMessage, KNOWN_SRC, RESERVED_SRC, Shown, shown_of, src_name};
pub use rating::{
    KNOWN_RULE_BITS, Rating, RatingCard, RatingChoice, RatingOption, RatingRules,
    RatingRulesMessage, RatingSelected, RatingSelection, RatingStyle,
};
pub use status::{
    Bare, ClientTips, Opaque, SeatCommand, SeatStatus, SeatStatusMessage, Trigger, TriggeredContent,
};
pub use summary::summary;
pub use warning::{Warning, WarningKind, is_http};

/// The account Desk answers from unless configured otherwise.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "@customer_service_account";
