//! What can go wrong talking to Tencent Cloud IM, in words a person can act
//! on, and which failures are worth retrying.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// No connection, or it broke before an answer came.
    Network(String),
    /// No answer in time: the request may or may not have been carried out.
    Timeout,
    /// An HTTP status other than 200.
    Http(u16),
    /// The service answered `ErrorCode` ≠ 0.
    Api { code: i64, info: String },
    /// The answer is not the JSON expected.
    Malformed(String),
    /// The answer is bigger than desksim accepts.
    TooLarge,
}

/// Answers larger than this are refused.
pub const MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

impl RemoteError {
    /// Worth trying again later (the same request, unchanged).
    pub fn retryable(&self) -> bool {
        match self {
            // An oversized answer may be a passing fault of a proxy; it is
            // refused each time, and reported, but the link is not given up.
            RemoteError::Network(_)
            | RemoteError::Timeout
            | RemoteError::Malformed(_)
            | RemoteError::TooLarge => true,
            RemoteError::Http(status) => *status >= 500 || *status == 429,
            RemoteError::Api { code, .. } => RETRYABLE_CODES.contains(code),
        }
    }

    /// The request may have been carried out although no good answer came:
    /// anything but a clear refusal (an `ErrorCode`, a 4xx).
    pub fn ambiguous(&self) -> bool {
        match self {
            RemoteError::Timeout
            | RemoteError::Network(_)
            | RemoteError::Malformed(_)
            | RemoteError::TooLarge => true,
            RemoteError::Http(status) => *status >= 500,
            RemoteError::Api { .. } => false,
        }
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoteError::Network(e) => write!(f, "cannot reach the service: {e}"),
            RemoteError::Timeout => write!(f, "the service did not answer in time"),
            RemoteError::Http(status) => write!(f, "the service answered HTTP {status}"),
            RemoteError::Api { code, info } => {
                let meaning = explain(*code);
                if info.is_empty() {
                    write!(f, "error {code}: {meaning}")
                } else {
                    write!(f, "error {code}: {meaning} ({info})")
                }
            }
            RemoteError::Malformed(e) => {
                write!(f, "the service's answer is not the JSON expected: {e}")
            }
            RemoteError::TooLarge => write!(
                f,
                "the service's answer is over {} MB; refused",
                MAX_RESPONSE_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for RemoteError {}

/// Codes that say "later", not "never".
const RETRYABLE_CODES: &[i64] = &[
    60007, 60008, 60011, 20004, 20005, 70169, 70500, 90992, 90994, 91000,
];

/// What an `ErrorCode` means and what to do about it.
pub fn explain(code: i64) -> &'static str {
    match code {
        60002 => "the HTTP request could not be parsed",
        60003 => "the request body is not valid JSON",
        60004 => "the account or UserSig in the request URL is malformed",
        60006 => "the SDKAppID has no more REST calls in its plan",
        60007 => "too many REST calls: rate limited, retrying later",
        60008 => "the service timed out handling the request; retrying",
        60009 => "the request is too large",
        60010 => {
            "the identifier is not an app administrator: set `admin` to an administrator account"
        }
        60011 => "the SDKAppID is rate limited: retrying later",
        60020 => "the SDKAppID's plan has expired or is disabled",
        70001 => "the UserSig has expired: check the computer's clock",
        70002 => "the UserSig is empty",
        70003 => {
            "the UserSig cannot be parsed (often truncated): check the secret key and SDKAppID"
        }
        70005 => "the UserSig cannot be parsed (bad base64)",
        70009 => "the UserSig does not verify: the secret key is wrong for this SDKAppID",
        70013 => "the UserSig's identifier does not match the request's identifier",
        70014 => "the UserSig's SDKAppID does not match the request's SDKAppID",
        70016 => "no key found for this SDKAppID: check the SDKAppID",
        70020 => "the SDKAppID does not exist",
        70051 => "the account is blocked",
        70107 => {
            "the user account has not been imported: import it first (account_import), or use an existing UserID"
        }
        70169 => "the service is busy; retrying",
        70500 => "the service had an internal error; retrying",
        20003 => {
            "an account in the message does not exist: check the user ID and the service account"
        }
        20004 => "the service had a network error; retrying",
        20005 => "the service had an internal error; retrying",
        20006 => "a callback refused the message",
        20007 => "the user is blocked by the service account",
        20009 => "the two accounts are not friends and friendship is required",
        20016 => "the message was recalled",
        90001 => "the request JSON is malformed",
        90009 => "the identifier is not an app administrator",
        90010 => "the message JSON is malformed",
        90011 => "too many receivers in one request",
        90020 => "the MsgBody is malformed",
        90026 => "the message's time is invalid",
        90031 => "the user's account is not in the app (not imported)",
        90044 => "the message is not accepted in this conversation",
        90048 => "the From_Account is not allowed to send",
        90992 | 90994 | 91000 => "the service had an internal error; retrying",
        93000 => "the message is too large",
        _ => "see Tencent Cloud IM's error code list",
    }
}
