//! A custom message QA pastes or types (the raw `{ }` dialog, a script's
//! `raw` step): what it decodes to, and the exact bytes that go out.

use super::intent::IntentError;
use crate::protocol::{self, Body, CsMessage, DecodeError, DecodeOptions, Outgoing, Warning};

/// What a raw message would be if sent now.
#[derive(Debug, Clone, PartialEq)]
pub enum RawVerdict {
    /// Nothing typed yet.
    Empty,
    /// It does not decode (JSON5 accepted): the decoder's words.
    Error(DecodeError),
    /// JSON, but without `customerServicePlugin: 0`.
    NotService,
    /// A customer-service message, with what the clients would make of it.
    Message {
        src: String,
        name: &'static str,
        warnings: Vec<Warning>,
        /// The user side never sends this src: the service will ignore it.
        ignored: bool,
    },
}

impl RawVerdict {
    pub fn can_send(&self) -> bool {
        matches!(self, RawVerdict::Message { .. })
    }
}

/// Decodes a raw message as a send would (JSON5 accepted).
pub fn raw_verdict(text: &str) -> RawVerdict {
    if text.trim().is_empty() {
        return RawVerdict::Empty;
    }
    match protocol::decode(text, &DecodeOptions::lenient()) {
        Err(e) => RawVerdict::Error(e),
        Ok(decoded) => match decoded.body {
            Body::Service(m) => RawVerdict::Message {
                src: m.src().to_owned(),
                name: m.name(),
                warnings: decoded.warnings,
                ignored: !protocol::encode::USER_SENDS.contains(&m.src()),
            },
            _ => RawVerdict::NotService,
        },
    }
}

/// A raw message ready to send: the bytes as pasted (JSON5 made strict in
/// its own key order), the message they carry and its warnings.
pub(super) struct RawSend {
    pub outgoing: Outgoing,
    pub message: CsMessage,
    pub warnings: Vec<Warning>,
}

pub(super) fn prepare(text: &str) -> Result<RawSend, IntentError> {
    let decoded = protocol::decode(text, &DecodeOptions::lenient()).map_err(IntentError::BadRaw)?;
    let Body::Service(message) = decoded.body else {
        return Err(IntentError::Invalid(
            "not a customer-service message: it needs \"customerServicePlugin\": 0".to_owned(),
        ));
    };
    // Sent as pasted, not re-encoded, so QA sends exactly the bytes under
    // test; JSON5 becomes strict JSON in its order.
    let data = if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        text.trim().to_owned()
    } else {
        protocol::normalize_lenient(text).map_err(IntentError::BadRaw)?
    };
    Ok(RawSend {
        outgoing: Outgoing {
            body: protocol::OutgoingBody::Custom { data },
            online_only: message.online_only(),
        },
        message,
        warnings: decoded.warnings,
    })
}
