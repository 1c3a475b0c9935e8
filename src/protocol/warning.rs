//! Conformance warnings: a message that decodes but that the spec forbids,
//! or that one of the official clients would hide, mis-draw or choke on.
//!
//! The texts are here, one per kind; which message earns which warning is
//! decided beside its type, in the family files, through [`Check`].

use std::collections::HashSet;
use std::fmt;

use thiserror::Error;

use super::branch::{BranchChoice, BranchItem};
use super::decode::{DecodeOptions, Envelope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where in the message, as a JSON path; empty for the whole message.
    pub path: String,
    pub kind: WarningKind,
}

impl Warning {
    pub fn at(path: impl Into<String>, kind: WarningKind) -> Self {
        Warning {
            path: path.into(),
            kind,
        }
    }

    pub fn top(kind: WarningKind) -> Self {
        Self::at("", kind)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WarningKind {
    #[error(
        "src is a number; it is a string on the wire: the web client hides every numeric src but 15, Flutter hides the message and Android may throw"
    )]
    NumericSrc,
    #[error(
        "the flag is the string \"0\"; Flutter tests the number 0 and will not treat this as a customer-service message"
    )]
    StringPluginFlag,
    #[error(
        "only `chatbotPlugin: 1` marks this message; the web client accepts it, Android and Flutter need `customerServicePlugin: 0`"
    )]
    ChatbotPluginOnly,
    #[error(
        "the flag is {0}: the web client reads it as 0 (`Number({0}) === 0`) and Desk Android only checks that the key is there, so both take it for a customer-service message; Flutter (which tests the number 0) does not"
    )]
    PluginFlagReadAsZero(&'static str),
    #[error(
        "the flag is {0}, not 0: the web client and Flutter do not take this for a customer-service message (desksim follows them); Desk Android, which only checks that the key is there, does"
    )]
    PluginFlagNotZero(String),
    #[error("src {0} is a reserved constant; every client hides it")]
    ReservedSrc(String),
    #[error("src {0} is not a known customer-service type; every client hides it")]
    UnknownSrc(String),
    #[error("the rating menu is empty: there is nothing to choose")]
    EmptyRatingMenu,
    #[error(
        "the rating menu has {0} options; at most 5 are allowed (Android paints nothing once it is locked)"
    )]
    TooManyRatingOptions(usize),
    #[error(
        "the rating menu has {0} options; Android lays out 5 icons and a tap on a missing one can fail"
    )]
    FewerThanFiveRatingOptions(usize),
    #[error(
        "menu ids are not in ascending numeric order; Android sorts them by id, so it shows another order than web, iOS and Flutter"
    )]
    RatingIdsNotAscending,
    #[error("the id {0:?} appears more than once: a choice cannot tell the options apart")]
    DuplicateRatingId(String),
    #[error(
        "the id {0:?} is not an integer Java can read: Desk Android parses menu ids with Integer.valueOf and throws, so the card is not drawn (iOS also scores ids as numbers)"
    )]
    NonNumericRatingId(String),
    #[error(
        "{what} is {found}; it should be {expected} (the clients read {value}, desksim does too)"
    )]
    WrongScalarType {
        what: &'static str,
        found: &'static str,
        expected: &'static str,
        value: String,
    },
    #[error(
        "there is no `content`: the clients read menuSendRuleFlag as 0 (no one may send the card)"
    )]
    MissingRuleContent,
    #[error("{}", rating_style(.0))]
    UnknownRatingStyle(Option<i64>),
    #[error(
        "`selected` is present but empty: the spec says a submission with an empty selection is invalid; the card stays open in every client"
    )]
    EmptyRatingSelection,
    #[error("`selected` has no id: the card stays open in every client")]
    SelectedWithoutId,
    #[error("the selected id {0:?} is not in the menu: the card stays open in every client")]
    RatingChoiceNotInMenu(String),
    #[error("expireTime {expire_time} is already past (now {now}): the card is locked")]
    RatingExpired { expire_time: i64, now: i64 },
    #[error("expireTime {0} looks like milliseconds; the clients compare it as seconds")]
    ExpireTimeInMilliseconds(i64),
    #[error(
        "no expireTime: Desk Android locks the card at once, the web client leaves it open (desksim leaves it open)"
    )]
    MissingExpireTime,
    #[error("expireTime {0} is not a time: every client takes the card as expired")]
    NonPositiveExpireTime(i64),
    #[error("sessionId is empty: the rating service cannot tie a choice to this card")]
    MissingSessionId,
    #[error("id is empty: the rating service will reject the choice")]
    EmptySelectionId,
    #[error(
        "menuSendRuleFlag {0} has bits other than 1|2|4; iOS and Flutter read such flags differently from Android"
    )]
    RuleFlagExtraBits(i64),
    #[error("{}", form_type(.0))]
    UnknownFormType(Option<i64>),
    #[error("an options form with no items: there is nothing to choose")]
    OptionsWithoutItems,
    #[error("no items: there is nothing to choose")]
    NoItems,
    #[error("an item with empty text cannot be chosen (the answer is matched by text)")]
    EmptyItemText,
    #[error(
        "item text {0:?} appears more than once; answers are matched by text, so the later item can never be chosen"
    )]
    DuplicateItem(String),
    #[error("the selected {0:?} is not one of the items")]
    ChoiceNotAmongItems(String),
    #[error("{0:?} is not an http(s) address; the official clients cannot open or load it")]
    NotHttpUrl(String),
    #[error("no image")]
    MissingImage,
    #[error("`{0}` is inside `content`; the clients read it at the top level, beside `src`")]
    KeyNotAtTopLevel(&'static str),
    #[error("command {0:?} is not \"updateSeatStatus\"; the clients ignore it")]
    UnknownSeatCommand(String),
    #[error("seat status {0:?} is neither \"inSeat\" nor \"outSeat\"")]
    UnknownSeatStatus(String),
    #[error("subtype {0:?}: web and Android draw it as a branch list, Flutter as a welcome card")]
    OtherBotSubtype(String),
    #[error("isFinished {0} is neither 0 nor 1; only 1 ends the stream")]
    UnknownFinishedFlag(i64),
    #[error(
        "status {0} is not 0, 1 or 2: Desk Android throws (array index), so the card is not drawn"
    )]
    UnknownTaskStatus(i64),
    #[error("`{0}` is missing: Desk Android throws, so the card is not drawn")]
    MissingTaskField(&'static str),
    #[error("status 1 (not submitted): the flow has left this node; no client lets it be answered")]
    TaskNodeLeft,
    #[error("optionType {0} is neither 0 (quick options) nor 1 (fixed buttons)")]
    UnknownOptionType(i64),
    #[error(
        "fixed buttons (optionType 1) without taskInfo: Desk Android throws, so the card is not drawn, and the answer cannot carry BranchOptionInfo"
    )]
    FixedButtonsWithoutTaskInfo,
    #[error("thinkingStatus {0} is neither 0 (shown) nor 1 (hidden)")]
    UnknownThinkingStatus(i64),
    #[error("formType {0:?} is neither 0 (text) nor 1 (choice)")]
    UnknownInputFormType(Option<i64>),
    #[error("a choice without chooseItemList: there is nothing to choose")]
    ChoiceInputWithoutItems,
    #[error("nodeStatus {0} is not 0, 1 or 2: Desk Android throws, so the card is not drawn")]
    UnknownNodeStatus(i64),
    #[error("the tip is empty")]
    EmptyTip,
    #[error(
        "`selected` is present but empty: the clients, Desk Android included, leave the card open"
    )]
    EmptyChoice,
    #[error("inputVariables is empty: the form asks for nothing")]
    NoInputVariables,
}

fn rating_style(code: &Option<i64>) -> String {
    match code {
        Some(t) => format!("type {t} is neither 1 (stars) nor 2 (numbers)"),
        None => "type is missing: neither stars (1) nor numbers (2)".to_owned(),
    }
}

fn form_type(code: &Option<i64>) -> String {
    let found = match code {
        Some(t) => format!("form type {t} is neither 0 (text) nor 1 (options)"),
        None => "form type is missing".to_owned(),
    };
    format!("{found}: web shows text, Android nothing, Flutter options")
}

/// Collects the warnings of one message, with what the checks need: the
/// options (the time, for expiry) and the text (looked at again only to
/// explain a missing key).
pub(crate) struct Check<'a> {
    data: &'a str,
    opts: &'a DecodeOptions,
    out: &'a mut Vec<Warning>,
}

impl<'a> Check<'a> {
    pub(crate) fn new(data: &'a str, opts: &'a DecodeOptions, out: &'a mut Vec<Warning>) -> Self {
        Check { data, opts, out }
    }

    pub(crate) fn warn(&mut self, path: impl Into<String>, kind: WarningKind) {
        self.out.push(Warning::at(path, kind));
    }

    /// The message's text read again as `T`, for what decoding smooths
    /// over (a key's place, a scalar's JSON type); `None` when it does not
    /// read that way.
    pub(crate) fn reread<T: serde::Deserialize<'a>>(&self) -> Option<T> {
        serde_json::from_str(self.data).ok()
    }

    /// The current time in Unix seconds, when the caller gave one.
    pub(crate) fn now_unix(&self) -> Option<i64> {
        self.opts.now_unix
    }

    /// Keys that belong beside `src`: when one is missing there but present
    /// inside `content`, the mistake is worth naming. Only reads the text
    /// again when a key is missing, so the common case costs nothing.
    pub(crate) fn misplaced(&mut self, keys: &[(&'static str, bool)]) {
        if !keys.iter().any(|&(_, missing)| missing) {
            return;
        }
        let content = serde_json::from_str::<Envelope>(self.data)
            .ok()
            .and_then(|e| e.content)
            .and_then(|raw| {
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get()).ok()
            });
        let Some(content) = content else { return };
        for &(key, missing) in keys {
            if missing && content.contains_key(key) {
                self.warn(format!("content.{key}"), WarningKind::KeyNotAtTopLevel(key));
            }
        }
    }

    /// Items answered by their text: none, empty or repeated texts.
    pub(crate) fn items(&mut self, path: &str, items: &[BranchItem]) {
        if items.is_empty() {
            self.warn(path, WarningKind::NoItems);
            return;
        }
        // Menus are short: comparing pairs beats hashing until they are not.
        let mut seen = (items.len() > 16).then(|| HashSet::with_capacity(items.len()));
        for (i, item) in items.iter().enumerate() {
            let repeated = match &mut seen {
                Some(seen) => !seen.insert(item.content.as_str()),
                None => items[..i]
                    .iter()
                    .any(|earlier| earlier.content == item.content),
            };
            if item.content.trim().is_empty() {
                self.warn(format!("{path}[{i}].content"), WarningKind::EmptyItemText);
            } else if repeated {
                self.warn(
                    format!("{path}[{i}].content"),
                    WarningKind::DuplicateItem(item.content.clone()),
                );
            }
        }
    }

    /// A `selected` key whose content is empty: the clients disagree on it.
    pub(crate) fn empty_choice(&mut self, selected: Option<&BranchChoice>) {
        if selected.is_some_and(|c| c.content.is_empty()) {
            self.warn("content.selected", WarningKind::EmptyChoice);
        }
    }

    /// A `selected` that names no item.
    pub(crate) fn choice_among(&mut self, choice: Option<&BranchChoice>, items: &[BranchItem]) {
        if let Some(choice) = choice
            && !items.iter().any(|i| i.content == choice.content)
        {
            self.warn(
                "content.selected",
                WarningKind::ChoiceNotAmongItems(choice.content.clone()),
            );
        }
    }

    /// A link or picture the clients can open: http(s) only.
    pub(crate) fn url(&mut self, path: &str, url: &str, is_image: bool) {
        if url.is_empty() {
            if is_image {
                self.warn(path, WarningKind::MissingImage);
            }
            return;
        }
        if !is_http(url) {
            self.warn(path, WarningKind::NotHttpUrl(url.to_owned()));
        }
    }
}

/// `http://` or `https://`, any case, with something after it.
pub fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") && url.len() > 7)
        || (lower.starts_with("https://") && url.len() > 8)
}
