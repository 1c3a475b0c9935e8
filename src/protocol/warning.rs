//! Conformance warnings: a message that decodes but that the spec forbids,
//! or that one of the official clients would hide, mis-draw or choke on.

use std::collections::HashSet;
use std::fmt;

use super::branch::BranchItem;
use super::decode::{DecodeOptions, Envelope};
use super::message::{CsMessage, RESERVED_SRC};
use super::rating::KNOWN_RULE_BITS;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    NumericSrc,
    StringPluginFlag,
    ChatbotPluginOnly,
    ReservedSrc(String),
    UnknownSrc(String),
    EmptyRatingMenu,
    TooManyRatingOptions(usize),
    FewerThanFiveRatingOptions(usize),
    RatingIdsNotAscending,
    DuplicateRatingId(String),
    NonNumericRatingId(String),
    UnknownRatingStyle(Option<i64>),
    EmptyRatingSelection,
    RatingChoiceNotInMenu(String),
    RatingExpired { expire_time: i64, now: i64 },
    ExpireTimeInMilliseconds(i64),
    MissingExpireTime,
    MissingSessionId,
    EmptySelectionId,
    RuleFlagExtraBits(i64),
    UnknownFormType(Option<i64>),
    OptionsWithoutItems,
    NoItems,
    EmptyItemText,
    DuplicateItem(String),
    ChoiceNotAmongItems(String),
    NotHttpUrl(String),
    MissingImage,
    KeyNotAtTopLevel(&'static str),
    UnknownSeatCommand(String),
    UnknownSeatStatus(String),
    OtherBotSubtype(String),
    UnknownFinishedFlag(i64),
    UnknownTaskStatus(i64),
    UnknownOptionType(i64),
    FixedButtonsWithoutTaskInfo,
    UnknownThinkingStatus(i64),
    UnknownInputFormType(Option<i64>),
    ChoiceInputWithoutItems,
    UnknownNodeStatus(i64),
    EmptyTip,
    EmptyChoice,
    NoInputVariables,
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use WarningKind::*;
        match self {
            NumericSrc => write!(
                f,
                "src is a number; it is a string on the wire: Flutter hides the message and Android may throw"
            ),
            StringPluginFlag => write!(
                f,
                "the flag is the string \"0\"; Flutter tests the number 0 and will not treat this as a customer-service message"
            ),
            ChatbotPluginOnly => write!(
                f,
                "only `chatbotPlugin: 1` marks this message; the web client accepts it, Android and Flutter need `customerServicePlugin: 0`"
            ),
            ReservedSrc(s) => write!(f, "src {s} is a reserved constant; every client hides it"),
            UnknownSrc(s) => write!(
                f,
                "src {s} is not a known customer-service type; every client hides it"
            ),
            EmptyRatingMenu => write!(f, "the rating menu is empty: there is nothing to choose"),
            TooManyRatingOptions(n) => write!(
                f,
                "the rating menu has {n} options; at most 5 are allowed (Android paints nothing once it is locked)"
            ),
            FewerThanFiveRatingOptions(n) => write!(
                f,
                "the rating menu has {n} options; Android lays out 5 icons and a tap on a missing one can fail"
            ),
            RatingIdsNotAscending => write!(
                f,
                "menu ids are not in ascending numeric order; Android sorts them by id, so it shows another order than web, iOS and Flutter"
            ),
            UnknownRatingStyle(t) => match t {
                Some(t) => write!(f, "type {t} is neither 1 (stars) nor 2 (numbers)"),
                None => write!(f, "type is missing: neither stars (1) nor numbers (2)"),
            },
            EmptyRatingSelection => write!(
                f,
                "`selected` is present but empty; the spec says a submission with an empty selection is invalid"
            ),
            DuplicateRatingId(id) => write!(
                f,
                "the id {id:?} appears more than once: a choice cannot tell the options apart"
            ),
            NonNumericRatingId(id) => write!(
                f,
                "the id {id:?} is not a number: Android sorts the menu by numeric id and iOS scores it as one"
            ),
            RatingChoiceNotInMenu(id) => write!(f, "the selected id {id:?} is not in the menu"),
            RatingExpired { expire_time, now } => write!(
                f,
                "expireTime {expire_time} is already past (now {now}): the card is locked"
            ),
            ExpireTimeInMilliseconds(t) => write!(
                f,
                "expireTime {t} looks like milliseconds; the clients compare it as seconds"
            ),
            MissingExpireTime => write!(f, "no expireTime: the card never expires"),
            MissingSessionId => write!(
                f,
                "sessionId is empty: the rating service cannot tie a choice to this card"
            ),
            EmptySelectionId => write!(f, "id is empty: the rating service will reject the choice"),
            RuleFlagExtraBits(flag) => write!(
                f,
                "menuSendRuleFlag {flag} has bits other than 1|2|4; iOS and Flutter read such flags differently from Android"
            ),
            UnknownFormType(t) => match t {
                Some(t) => write!(
                    f,
                    "form type {t} is neither 0 (text) nor 1 (options): web shows text, Android nothing, Flutter options"
                ),
                None => write!(
                    f,
                    "form type is missing: web shows text, Android nothing, Flutter options"
                ),
            },
            OptionsWithoutItems => write!(
                f,
                "an options form with no items: there is nothing to choose"
            ),
            NoItems => write!(f, "no items: there is nothing to choose"),
            EmptyItemText => write!(
                f,
                "an item with empty text cannot be chosen (the answer is matched by text)"
            ),
            DuplicateItem(text) => write!(
                f,
                "item text {text:?} appears more than once; answers are matched by text, so the later item can never be chosen"
            ),
            ChoiceNotAmongItems(text) => write!(f, "the selected {text:?} is not one of the items"),
            NotHttpUrl(url) => write!(
                f,
                "{url:?} is not an http(s) address; the official clients cannot open or load it"
            ),
            MissingImage => write!(f, "no image"),
            KeyNotAtTopLevel(key) => write!(
                f,
                "`{key}` is inside `content`; the clients read it at the top level, beside `src`"
            ),
            UnknownSeatCommand(c) => write!(
                f,
                "command {c:?} is not \"updateSeatStatus\"; the clients ignore it"
            ),
            UnknownSeatStatus(s) => {
                write!(f, "seat status {s:?} is neither \"inSeat\" nor \"outSeat\"")
            }
            OtherBotSubtype(s) => write!(
                f,
                "subtype {s:?}: web and Android draw it as a branch list, Flutter as a welcome card"
            ),
            UnknownFinishedFlag(v) => write!(
                f,
                "isFinished {v} is neither 0 nor 1; only 1 ends the stream"
            ),
            UnknownTaskStatus(v) => write!(f, "status {v} is not 0, 1 or 2"),
            UnknownOptionType(v) => write!(
                f,
                "optionType {v} is neither 0 (quick options) nor 1 (fixed buttons)"
            ),
            FixedButtonsWithoutTaskInfo => write!(
                f,
                "fixed buttons (optionType 1) without taskInfo: the answer cannot carry BranchOptionInfo"
            ),
            UnknownThinkingStatus(v) => {
                write!(f, "thinkingStatus {v} is neither 0 (shown) nor 1 (hidden)")
            }
            UnknownInputFormType(t) => {
                write!(f, "formType {t:?} is neither 0 (text) nor 1 (choice)")
            }
            ChoiceInputWithoutItems => write!(
                f,
                "a choice without chooseItemList: there is nothing to choose"
            ),
            UnknownNodeStatus(v) => write!(f, "nodeStatus {v}: only 0 can be filled in"),
            EmptyTip => write!(f, "the tip is empty"),
            EmptyChoice => write!(
                f,
                "`selected` is present but empty: Android locks the card once the key exists, the web client leaves it open"
            ),
            NoInputVariables => write!(f, "inputVariables is empty: the form asks for nothing"),
        }
    }
}

/// Keys that belong beside `src` for some message types: when one is
/// missing there but present inside `content`, the mistake is worth naming.
/// Only called when a key is missing, so the second look costs nothing in
/// the common case.
fn misplaced(data: &str, keys: &[(&'static str, bool)], w: &mut impl FnMut(&str, WarningKind)) {
    if !keys.iter().any(|&(_, missing)| missing) {
        return;
    }
    let content = serde_json::from_str::<Envelope>(data)
        .ok()
        .and_then(|e| e.content)
        .and_then(|raw| {
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get()).ok()
        });
    let Some(content) = content else { return };
    for &(key, missing) in keys {
        if missing && content.contains_key(key) {
            w(
                &format!("content.{key}"),
                WarningKind::KeyNotAtTopLevel(key),
            );
        }
    }
}

/// Adds the warnings for one decoded message; `data` is its text, looked at
/// again only to explain a missing key.
pub(crate) fn check(message: &CsMessage, data: &str, opts: &DecodeOptions, out: &mut Vec<Warning>) {
    use CsMessage::*;
    let mut w = |path: &str, kind| out.push(Warning::at(path, kind));
    match message {
        Rating(m) => check_rating(&m.menu_content, opts, &mut w),
        RatingSelected(m) => {
            if m.menu_selected.id.is_empty() {
                w("menuSelected.id", WarningKind::EmptySelectionId);
            }
            if m.menu_selected.session_id.is_empty() {
                w("menuSelected.sessionId", WarningKind::MissingSessionId);
            }
        }
        RatingRules(m) => {
            let flag = m.content.menu_send_rule_flag;
            if flag & !KNOWN_RULE_BITS != 0 {
                w(
                    "content.menuSendRuleFlag",
                    WarningKind::RuleFlagExtraBits(flag),
                );
            }
        }
        Branch(m) => {
            check_items("content.items", &m.content.items, &mut w);
            check_empty_choice(m.content.selected.as_ref(), &mut w);
            if let Some(choice) = m.content.choice()
                && !m.content.items.iter().any(|i| i.content == choice.content)
            {
                w(
                    "content.selected",
                    WarningKind::ChoiceNotAmongItems(choice.content.clone()),
                );
            }
        }
        TaskBranch(m) => {
            check_items("content.items", &m.content.items, &mut w);
            check_empty_choice(m.content.selected.as_ref(), &mut w);
            if let Some(s) = m.status.filter(|s| !(0..=2).contains(s)) {
                w("status", WarningKind::UnknownTaskStatus(s));
            }
            if let Some(t) = m.option_type.filter(|t| !(0..=1).contains(t)) {
                w("optionType", WarningKind::UnknownOptionType(t));
            }
            if m.fixed_buttons() && m.task_info.is_none() {
                w("taskInfo", WarningKind::FixedButtonsWithoutTaskInfo);
            }
            misplaced(
                data,
                &[
                    ("status", m.status.is_none()),
                    ("optionType", m.option_type.is_none()),
                    ("taskInfo", m.task_info.is_none()),
                ],
                &mut w,
            );
        }
        BotMessage(m) => {
            if m.subtype.is_empty() {
                misplaced(data, &[("subtype", true)], &mut w);
            }
            if !m.is_welcome() {
                w("subtype", WarningKind::OtherBotSubtype(m.subtype.clone()));
            }
            check_items("content.items", &m.content.items, &mut w);
        }
        Form(m) => {
            let form = &m.content;
            check_empty_choice(form.selected.as_ref(), &mut w);
            match form.form_type {
                Some(0) => {}
                Some(1) => {
                    if form.items.is_empty() {
                        w("content.items", WarningKind::OptionsWithoutItems);
                    } else {
                        check_items("content.items", &form.items, &mut w);
                        if let Some(choice) = form.choice()
                            && !form.items.iter().any(|i| i.content == choice.content)
                        {
                            w(
                                "content.selected",
                                WarningKind::ChoiceNotAmongItems(choice.content.clone()),
                            );
                        }
                    }
                }
                other => w("content.type", WarningKind::UnknownFormType(other)),
            }
        }
        TaskForm(m) => {
            if let Some(s) = m.node_status.filter(|s| !matches!(s, 0..=2)) {
                w("nodeStatus", WarningKind::UnknownNodeStatus(s));
            }
            misplaced(data, &[("nodeStatus", m.node_status.is_none())], &mut w);
            if m.content.input_variables.is_empty() {
                w("content.inputVariables", WarningKind::NoInputVariables);
            }
            for (i, var) in m.content.input_variables.iter().enumerate() {
                match var.form_type {
                    Some(0) => {}
                    Some(1) if var.choices().is_empty() => w(
                        &format!("content.inputVariables[{i}].chooseItemList"),
                        WarningKind::ChoiceInputWithoutItems,
                    ),
                    Some(1) => {}
                    other => w(
                        &format!("content.inputVariables[{i}].formType"),
                        WarningKind::UnknownInputFormType(other),
                    ),
                }
            }
        }
        ProductCard(m) => {
            check_url("content.pic", &m.content.pic, true, &mut w);
            check_url("content.url", &m.content.url, false, &mut w);
        }
        OrderCard(m) => check_url("content.pic", &m.content.pic, true, &mut w),
        SeatStatus(m) => {
            if m.content.command != super::status::SeatCommand::UPDATE {
                w(
                    "content.command",
                    WarningKind::UnknownSeatCommand(m.content.command.clone()),
                );
            }
            if m.content.seat().is_none() {
                w(
                    "content.content",
                    WarningKind::UnknownSeatStatus(m.content.content.clone()),
                );
            }
        }
        StreamText(m) => {
            if let Some(v) = m.is_finished.filter(|v| !(0..=1).contains(v)) {
                w("isFinished", WarningKind::UnknownFinishedFlag(v));
            }
            misplaced(
                data,
                &[
                    ("chunks", m.chunks.is_empty()),
                    ("isFinished", m.is_finished.is_none()),
                ],
                &mut w,
            );
        }
        Thinking(m) => {
            if let Some(v) = m.thinking_status.filter(|v| !(0..=1).contains(v)) {
                w("thinkingStatus", WarningKind::UnknownThinkingStatus(v));
            }
            misplaced(
                data,
                &[("thinkingStatus", m.thinking_status.is_none())],
                &mut w,
            );
        }
        RichText(m) => {
            for target in super::bot::markdown_images(&m.content) {
                check_url("content", &target, false, &mut w);
            }
        }
        Trigger(m) | EndHumanService(m) => misplaced(
            data,
            &[("triggeredContent", m.triggered_content.is_none())],
            &mut w,
        ),
        ClientTips(m) if m.content.trim().is_empty() => w("content", WarningKind::EmptyTip),
        Unknown { src, .. } => {
            let kind = if RESERVED_SRC.contains(&src.as_str()) {
                WarningKind::ReservedSrc(src.clone())
            } else {
                WarningKind::UnknownSrc(src.clone())
            };
            w("src", kind);
        }
        _ => {}
    }
}

fn check_rating(
    card: &super::rating::RatingCard,
    opts: &DecodeOptions,
    w: &mut impl FnMut(&str, WarningKind),
) {
    match card.menu.len() {
        0 => w("menuContent.menu", WarningKind::EmptyRatingMenu),
        n @ 1..=4 => w(
            "menuContent.menu",
            WarningKind::FewerThanFiveRatingOptions(n),
        ),
        5 => {}
        n => w("menuContent.menu", WarningKind::TooManyRatingOptions(n)),
    }
    let ascending =
        card.menu
            .windows(2)
            .all(|p| match (p[0].id.parse::<f64>(), p[1].id.parse::<f64>()) {
                (Ok(a), Ok(b)) => a <= b,
                _ => true,
            });
    if !ascending {
        w("menuContent.menu", WarningKind::RatingIdsNotAscending);
    }
    for (i, option) in card.menu.iter().enumerate() {
        let path = || format!("menuContent.menu[{i}].id");
        if card.menu[..i].iter().any(|earlier| earlier.id == option.id) {
            w(&path(), WarningKind::DuplicateRatingId(option.id.clone()));
        } else if option.id.trim().parse::<f64>().is_err() {
            w(&path(), WarningKind::NonNumericRatingId(option.id.clone()));
        }
    }
    if !matches!(card.style_code, Some(1 | 2)) {
        w(
            "menuContent.type",
            WarningKind::UnknownRatingStyle(card.style_code),
        );
    }
    if card.session_id.is_empty() {
        w("menuContent.sessionId", WarningKind::MissingSessionId);
    }
    if let Some(selected) = &card.selected {
        if selected.is_empty() {
            w("menuContent.selected", WarningKind::EmptyRatingSelection);
        } else if !card.menu.iter().any(|o| o.id == selected.id) {
            w(
                "menuContent.selected.id",
                WarningKind::RatingChoiceNotInMenu(selected.id.clone()),
            );
        }
    }
    match card.expire_time {
        None | Some(0) => w("menuContent.expireTime", WarningKind::MissingExpireTime),
        Some(t) if t > 100_000_000_000 => w(
            "menuContent.expireTime",
            WarningKind::ExpireTimeInMilliseconds(t),
        ),
        Some(t) => {
            if let Some(now) = opts.now_unix
                && now >= t
                && card.choice().is_none()
            {
                w(
                    "menuContent.expireTime",
                    WarningKind::RatingExpired {
                        expire_time: t,
                        now,
                    },
                );
            }
        }
    }
}

/// A `selected` key whose content is empty: the clients disagree on it.
fn check_empty_choice(
    selected: Option<&super::branch::BranchChoice>,
    w: &mut impl FnMut(&str, WarningKind),
) {
    if selected.is_some_and(|c| c.content.is_empty()) {
        w("content.selected", WarningKind::EmptyChoice);
    }
}

fn check_items(path: &str, items: &[BranchItem], w: &mut impl FnMut(&str, WarningKind)) {
    if items.is_empty() {
        w(path, WarningKind::NoItems);
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
            w(&format!("{path}[{i}].content"), WarningKind::EmptyItemText);
        } else if repeated {
            w(
                &format!("{path}[{i}].content"),
                WarningKind::DuplicateItem(item.content.clone()),
            );
        }
    }
}

fn check_url(path: &str, url: &str, is_image: bool, w: &mut impl FnMut(&str, WarningKind)) {
    if url.is_empty() {
        if is_image {
            w(path, WarningKind::MissingImage);
        }
        return;
    }
    if !is_http(url) {
        w(path, WarningKind::NotHttpUrl(url.to_owned()));
    }
}

/// `http://` or `https://`, any case, with something after it.
pub fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") && url.len() > 7)
        || (lower.starts_with("https://") && url.len() > 8)
}
