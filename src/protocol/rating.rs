//! Satisfaction rating: the card (src 9), the user's choice (10), the rules
//! that say who may send the card (23) and the user's request for it (24).

use serde::{Deserialize, Serialize};

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
    Other(i64),
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
    /// 1 stars, 2 numbers.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub style_code: Option<i64>,
    #[serde(default)]
    pub session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_hour: Option<i64>,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
            other => RatingStyle::Other(other.unwrap_or(0)),
        }
    }

    /// The choice, when one was made: an empty `selected` is no choice
    /// (the spec: "make sure that the selected field is not empty").
    pub fn choice(&self) -> Option<&RatingChoice> {
        self.selected.as_ref().filter(|c| !c.is_empty())
    }

    pub fn is_expired_at(&self, now_unix: i64) -> bool {
        self.expire_time.is_some_and(|t| t > 0 && now_unix >= t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingOption {
    pub id: String,
    #[serde(default)]
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingChoice {
    #[serde(default)]
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

/// src 23: `content.menuSendRuleFlag`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingRulesMessage {
    pub content: RatingRules,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingRules {
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
