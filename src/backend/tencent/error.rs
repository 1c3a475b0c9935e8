//! What can go wrong talking to Tencent Cloud IM, in words a person can act
//! on, and what each failure means for a message: try again later, mend
//! the settings, or give the message up (IM refused it for good).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// No connection, or it broke before an answer came.
    Network(String),
    /// No answer in time: the request may or may not have been carried out.
    Timeout,
    /// An HTTP status other than 200.
    Http(u16),
    /// The service at `host` answered `ErrorCode` ≠ 0.
    Api {
        code: i64,
        info: String,
        host: String,
    },
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
            // An oversized answer may be a passing fault of a proxy: it is
            // refused each time, but the link is not given up.
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

    /// When IM refused this one message for good (its content, or an
    /// account it names): the code and why. Sending it again cannot help,
    /// and the messages after it may still go.
    pub fn refusal(&self) -> Option<(u32, String)> {
        match self {
            RemoteError::Api { code, info, .. } if MESSAGE_REFUSALS.contains(code) => {
                Some((u32::try_from(*code).ok()?, meaning(*code, info)))
            }
            _ => None,
        }
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoteError::Network(e) => write!(f, "cannot reach the service: {e}"),
            RemoteError::Timeout => write!(f, "the service did not answer in time"),
            RemoteError::Http(status) => write!(f, "the service answered HTTP {status}"),
            // Which host answered is the clue to a wrong region.
            RemoteError::Api { code, info, host } if REGION_CODES.contains(code) => {
                write!(f, "error {code} from {host}: {}", meaning(*code, info))
            }
            RemoteError::Api { code, info, .. } => {
                write!(f, "error {code}: {}", meaning(*code, info))
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

/// The explanation, with the service's own words after it when it gave any.
fn meaning(code: i64, info: &str) -> String {
    if info.is_empty() {
        explain(code).to_owned()
    } else {
        format!("{} ({info})", explain(code))
    }
}

/// Codes that say "later", not "never".
const RETRYABLE_CODES: &[i64] = &[
    60007, 60008, 60011, 60018, 60019, 20004, 20005, 70169, 70500, 90992, 90994, 90995, 91000,
];

/// Codes of `sendmsg` that refuse the one message, not the link.
const MESSAGE_REFUSALS: &[i64] = &[
    20003, 20006, 20007, 20009, 90001, 90002, 90005, 90007, 90010, 90026, 90031, 90044, 90048,
    93000,
];

/// Codes that usually mean the request went to another region's host than
/// the application's data center: their message names the host that answered.
const REGION_CODES: &[i64] = &[70016, 70020];

/// The explanation of a code only a bug of desksim can cause.
macro_rules! desksim_bug {
    ($what:literal) => {
        concat!(
            $what,
            ": desksim built a request IM does not accept; please report it"
        )
    };
}

/// What an `ErrorCode` means and what to do about it.
pub fn explain(code: i64) -> &'static str {
    match code {
        60002 => "the HTTP request could not be parsed: check the base URL",
        60003 => desksim_bug!("the request body is not valid JSON"),
        60004 | 60005 => {
            "the account or signature in the request is wrong: check the admin identifier and the secret key"
        }
        60006 => {
            "the SDKAppID is invalid: check the SDKAppID in the settings against the IM console"
        }
        60007 => "too many REST calls: rate limited, retrying later",
        60008 => "the service timed out handling the request; retrying",
        60009 => "bad request URL: check the base URL (leave it unset to use the region's host)",
        60010 | 90009 => {
            "the identifier is not an app administrator: set `admin` to an administrator account"
        }
        60011 => "the SDKAppID is rate limited: retrying later",
        60016 => "the SDKAppID is disabled: check the application in the IM console",
        60018 | 60019 => "too many requests: retrying later",
        60020 => {
            "the application's plan has expired and is disabled: renew it in the IM console (it takes effect about 5 minutes later)"
        }
        60021 => {
            "calls from this computer's IP address are not allowed: check the application's IP allowlist in the IM console"
        }
        70001 => "the UserSig has expired: check the computer's clock",
        70002 => "the UserSig is empty: check the secret key",
        70003 => {
            "the UserSig cannot be parsed (often truncated): check the secret key and SDKAppID"
        }
        70005 => "the UserSig cannot be parsed (bad base64): check the secret key",
        70009 => "the UserSig does not verify: the secret key is wrong for this SDKAppID",
        70013 => {
            "the UserSig's identifier does not match the request's: check the admin identifier"
        }
        70014 => "the UserSig's SDKAppID does not match the request's: check the SDKAppID",
        70016 => {
            "no key for this SDKAppID at this host: the region is probably not the application's data center; choose its region (or fix the base URL)"
        }
        70020 => {
            "this SDKAppID does not exist at this host: check the SDKAppID, and choose the region of the application's data center (or fix the base URL)"
        }
        70050 => {
            "the UserSig failed to verify too often: check the secret key, then try again after a minute"
        }
        70051 => "the account is on the blocklist: remove it from the blocklist in the IM console",
        70107 => {
            "the user account has not been imported: import it first (account_import), or use an existing UserID"
        }
        70169 => "the service is busy; retrying",
        70500 => "the service had an internal error; retrying",
        20003 => "an account in the message is invalid: check the user ID and the service account",
        20004 => "the service had a network error; retrying",
        20005 => "the service had an internal error; retrying",
        20006 => "the application's before-send callback refused the message: check the callback",
        20007 => "the service account has the user on its blocklist: remove the user from it",
        20009 => {
            "the two accounts are not friends and the application requires it: relax the relationship check in the IM console"
        }
        20016 => {
            "the recall time limit has passed: a message can be recalled only within the time set in the IM console"
        }
        90001 => desksim_bug!("the request JSON could not be parsed"),
        90002 | 90007 | 90010 => {
            desksim_bug!("the MsgBody is not in IM's message format")
        }
        90005 => desksim_bug!("MsgRandom is missing or not an integer"),
        90011 => "too many receivers in one request",
        90026 => desksim_bug!("MsgLifeTime is over 7 days"),
        90031 => desksim_bug!("SyncOtherMachine is not an integer"),
        90044 => desksim_bug!("MsgLifeTime is not an integer"),
        90048 => {
            "an account in the request does not exist: check the user ID (import it with account_import) and the service account"
        }
        90992 | 90994 | 90995 | 91000 => "the service had an internal error; retrying",
        93000 => "the message is too large for IM: send less",
        _ => "see Tencent Cloud IM's error code list",
    }
}
