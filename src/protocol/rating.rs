//! Satisfaction rating: the card (src 9), the user's choice (10), the rules
//! that say who may send the card (23) and the user's request for it (24).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::message::{SrcPayload, fields};
use super::scalar::{self, json_type};
use super::summary::{quote, yes};
use super::warning::{Check, WarningKind};

/// src 9. The card sits under `menuContent`, not `content`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rating {
    #[serde(rename = "menuContent")]
    pub menu_content: RatingCard,
}

/// How the rating card draws its options (`type` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingStyle {
    Stars,
    Numbers,
    /// Neither: absent, or another number.
    Other(Option<i64>),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingCard {
    #[serde(default)]
    pub head: String,
    #[serde(default)]
    pub tail: String,
    #[serde(default)]
    pub menu: Vec<RatingOption>,
    /// 1 stars, 2 numbers (a string is read as its number, as the clients do).
    #[serde(
        rename = "type",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "scalar::optional_integer"
    )]
    pub style_code: Option<i64>,
    #[serde(default)]
    pub session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_hour: Option<i64>,
    /// Unix seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "scalar::optional_integer"
    )]
    pub expire_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<RatingChoice>,
    /// Read by the web client only; its type is not fixed there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_client_send_rating: Option<serde_json::Value>,
}

impl RatingCard {
    pub fn style(&self) -> RatingStyle {
        match self.style_code {
            Some(1) => RatingStyle::Stars,
            Some(2) => RatingStyle::Numbers,
            other => RatingStyle::Other(other),
        }
    }

    /// The choice, when one was made. Both clients leave the card open
    /// when `selected` has no id, or an id that is not on the menu.
    pub fn choice(&self) -> Option<&RatingChoice> {
        self.selected
            .as_ref()
            .filter(|c| !c.id.is_empty() && self.menu.iter().any(|o| o.id == c.id))
    }

    /// Whether the card takes no choice any more: `expireTime` passed, or
    /// 0 or less (expired for every client). A card without one stays
    /// open, as the web client leaves it (Desk Android locks it; decoding
    /// warns).
    pub fn is_expired_at(&self, now_unix: i64) -> bool {
        match self.expire_time {
            Some(t) if t <= 0 => true,
            Some(t) => now_unix >= t,
            None => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingOption {
    /// A number here is read as its text, as the clients do.
    #[serde(deserialize_with = "scalar::text")]
    pub id: String,
    #[serde(default)]
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingChoice {
    #[serde(default, deserialize_with = "scalar::text")]
    pub id: String,
    #[serde(default)]
    pub content: String,
}

impl RatingChoice {
    pub fn is_empty(&self) -> bool {
        self.id.is_empty() && self.content.is_empty()
    }
}

/// src 10, sent by the user, online-only.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingSelected {
    #[serde(rename = "menuSelected")]
    pub menu_selected: RatingSelection,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingSelection {
    pub id: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub session_id: String,
}

/// src 23: `content.menuSendRuleFlag`. Without `content` the clients read
/// the flag as 0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingRulesMessage {
    #[serde(default)]
    pub content: RatingRules,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingRules {
    /// A string here is read as its number, as the clients do.
    #[serde(deserialize_with = "scalar::integer")]
    pub menu_send_rule_flag: i64,
}

/// The bits of `menuSendRuleFlag` the spec defines.
pub const KNOWN_RULE_BITS: i64 =
    RatingRules::AUTO_SEND_ON_END | RatingRules::AGENT_MAY_SEND | RatingRules::USER_MAY_SEND;

impl RatingRules {
    pub const AUTO_SEND_ON_END: i64 = 1;
    pub const AGENT_MAY_SEND: i64 = 2;
    pub const USER_MAY_SEND: i64 = 4;

    pub fn auto_send_on_end(self) -> bool {
        self.menu_send_rule_flag & Self::AUTO_SEND_ON_END != 0
    }
    pub fn agent_may_send(self) -> bool {
        self.menu_send_rule_flag & Self::AGENT_MAY_SEND != 0
    }
    /// Android's test (`& 4`); iOS and Flutter differ for flags of 8 and
    /// more, which decoding warns about.
    pub fn user_may_send(self) -> bool {
        self.menu_send_rule_flag & Self::USER_MAY_SEND != 0
    }
}

impl SrcPayload for Rating {
    fn check(&self, check: &mut Check) {
        let card = &self.menu_content;
        let menu = "menuContent.menu";
        match card.menu.len() {
            0 => check.warn(menu, WarningKind::EmptyRatingMenu),
            n @ 1..=4 => check.warn(menu, WarningKind::FewerThanFiveRatingOptions(n)),
            5 => {}
            n => check.warn(menu, WarningKind::TooManyRatingOptions(n)),
        }
        let ascending =
            card.menu
                .windows(2)
                .all(|p| match (p[0].id.parse::<f64>(), p[1].id.parse::<f64>()) {
                    (Ok(a), Ok(b)) => a <= b,
                    _ => true,
                });
        if !ascending {
            check.warn(menu, WarningKind::RatingIdsNotAscending);
        }
        for (i, option) in card.menu.iter().enumerate() {
            let path = || format!("menuContent.menu[{i}].id");
            if card.menu[..i].iter().any(|earlier| earlier.id == option.id) {
                check.warn(path(), WarningKind::DuplicateRatingId(option.id.clone()));
            } else if option.id.parse::<i32>().is_err() {
                // What Java's Integer.valueOf takes: optional sign, digits,
                // in range; no spaces, no decimals.
                check.warn(path(), WarningKind::NonNumericRatingId(option.id.clone()));
            }
        }
        coerced_rating_scalars(check);
        if !matches!(card.style_code, Some(1 | 2)) {
            check.warn(
                "menuContent.type",
                WarningKind::UnknownRatingStyle(card.style_code),
            );
        }
        if card.session_id.is_empty() {
            check.warn("menuContent.sessionId", WarningKind::MissingSessionId);
        }
        if let Some(selected) = &card.selected {
            if selected.is_empty() {
                check.warn("menuContent.selected", WarningKind::EmptyRatingSelection);
            } else if selected.id.is_empty() {
                check.warn("menuContent.selected", WarningKind::SelectedWithoutId);
            } else if !card.menu.iter().any(|o| o.id == selected.id) {
                check.warn(
                    "menuContent.selected.id",
                    WarningKind::RatingChoiceNotInMenu(selected.id.clone()),
                );
            }
        }
        let expire = "menuContent.expireTime";
        match card.expire_time {
            None => check.warn(expire, WarningKind::MissingExpireTime),
            Some(t) if t <= 0 => check.warn(expire, WarningKind::NonPositiveExpireTime(t)),
            Some(t) if t > 100_000_000_000 => {
                check.warn(expire, WarningKind::ExpireTimeInMilliseconds(t))
            }
            Some(t) => {
                if let Some(now) = check.now_unix()
                    && now >= t
                    && card.choice().is_none()
                {
                    check.warn(
                        expire,
                        WarningKind::RatingExpired {
                            expire_time: t,
                            now,
                        },
                    );
                }
            }
        }
    }

    fn summary(&self) -> String {
        let c = &self.menu_content;
        let style = match c.style_code {
            Some(1) => "stars".to_owned(),
            Some(2) => "numbers".to_owned(),
            Some(t) => format!("type {t}"),
            None => "no type".to_owned(),
        };
        let mut s = format!(
            "{} options ({style}), head {}, sessionId {:?}",
            c.menu.len(),
            quote(&c.head),
            c.session_id
        );
        if let Some(t) = c.expire_time {
            s.push_str(&format!(", expireTime {t}"));
        }
        if let Some(sel) = c.choice() {
            s.push_str(&format!(", selected {:?}", sel.id));
        }
        s
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.menu_content.head)
    }

    fn key_fields(&self) -> Map<String, Value> {
        let c = &self.menu_content;
        fields([
            ("type", json!(c.style_code)),
            ("head", json!(c.head)),
            (
                "menu",
                json!(c.menu.iter().map(|o| &o.id).collect::<Vec<_>>()),
            ),
            ("selected", json!(c.choice().map(|s| &s.id))),
        ])
    }
}

impl SrcPayload for RatingSelected {
    fn check(&self, check: &mut Check) {
        if self.menu_selected.id.is_empty() {
            check.warn("menuSelected.id", WarningKind::EmptySelectionId);
        }
        if self.menu_selected.session_id.is_empty() {
            check.warn("menuSelected.sessionId", WarningKind::MissingSessionId);
        }
    }

    fn summary(&self) -> String {
        let s = &self.menu_selected;
        format!(
            "id {:?} {}, sessionId {:?}",
            s.id,
            quote(&s.content),
            s.session_id
        )
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([("id", json!(self.menu_selected.id))])
    }
}

impl SrcPayload for RatingRulesMessage {
    fn check(&self, check: &mut Check) {
        let view = check.reread::<RulesView>();
        match view.as_ref().map(|v| v.content) {
            Some(None) => check.warn("content", WarningKind::MissingRuleContent),
            Some(Some(content)) => {
                if let Some(raw) = content.flag
                    && json_type(raw.get()) == "a string"
                {
                    check.warn(
                        "content.menuSendRuleFlag",
                        WarningKind::WrongScalarType {
                            what: "menuSendRuleFlag",
                            found: "a string",
                            expected: "a number",
                            value: self.content.menu_send_rule_flag.to_string(),
                        },
                    );
                }
            }
            None => {}
        }
        let flag = self.content.menu_send_rule_flag;
        if flag & !KNOWN_RULE_BITS != 0 {
            check.warn(
                "content.menuSendRuleFlag",
                WarningKind::RuleFlagExtraBits(flag),
            );
        }
    }

    fn summary(&self) -> String {
        let f = self.content;
        format!(
            "menuSendRuleFlag {} (auto on end: {}, agent: {}, user: {})",
            f.menu_send_rule_flag,
            yes(f.auto_send_on_end()),
            yes(f.agent_may_send()),
            yes(f.user_may_send())
        )
    }

    fn preview(&self) -> Option<&str> {
        None
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([("menuSendRuleFlag", json!(self.content.menu_send_rule_flag))])
    }
}

/// The parts of a rating card whose JSON type the clients coerce, as
/// written.
#[derive(Deserialize)]
struct RatingView<'a> {
    #[serde(rename = "menuContent", borrow)]
    menu_content: MenuView<'a>,
}

#[derive(Deserialize)]
struct MenuView<'a> {
    #[serde(rename = "type", borrow, default)]
    style: Option<&'a RawValue>,
    #[serde(rename = "expireTime", borrow, default)]
    expire: Option<&'a RawValue>,
    #[serde(borrow, default)]
    menu: Vec<IdView<'a>>,
    #[serde(borrow, default)]
    selected: Option<IdView<'a>>,
}

#[derive(Deserialize)]
struct IdView<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RulesView<'a> {
    #[serde(borrow, default)]
    content: Option<FlagView<'a>>,
}

#[derive(Deserialize, Clone, Copy)]
struct FlagView<'a> {
    #[serde(rename = "menuSendRuleFlag", borrow, default)]
    flag: Option<&'a RawValue>,
}

/// Names each scalar of a rating card written as the wrong JSON type.
fn coerced_rating_scalars(check: &mut Check) {
    let Some(view) = check.reread::<RatingView>() else {
        return;
    };
    let card = view.menu_content;
    let mut wrong = Vec::new();
    for (path, what, raw) in [
        ("menuContent.type", "type", card.style),
        ("menuContent.expireTime", "expireTime", card.expire),
    ] {
        if let Some(raw) = raw.filter(|r| json_type(r.get()) == "a string") {
            let value = raw.get().trim_matches('"').trim().to_owned();
            wrong.push((path.to_owned(), what, "a string", "a number", value));
        }
    }
    let ids = card.menu.iter().enumerate();
    let ids = ids.map(|(i, o)| (format!("menuContent.menu[{i}].id"), o.id));
    let selected = card
        .selected
        .map(|s| ("menuContent.selected.id".to_owned(), s.id));
    for (path, raw) in ids.chain(selected) {
        if let Some(raw) = raw.filter(|r| json_type(r.get()) == "a number") {
            let value = format!("\"{}\"", raw.get());
            wrong.push((path, "id", "a number", "a string", value));
        }
    }
    for (path, what, found, expected, value) in wrong {
        let kind = WarningKind::WrongScalarType {
            what,
            found,
            expected,
            value,
        };
        check.warn(path, kind);
    }
}
