//! The texts a flow does not have to write (the no-match reply, the options
//! form's retry, the rating card, what the service says when no agent is
//! online …), in the flow's language, so a Chinese flow shows no English.
//! Any of them can be set in `settings.texts`; a node's own text wins.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::RatingOptionSpec;

macro_rules! texts {
    ($($(#[doc = $doc:literal])* $field:ident / $key:ident => $en:expr, $zh:expr;)*) => {
        /// The flow's own wording of the texts the service says by itself.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Texts {
            $(
                $(#[doc = $doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<String>,
            )*
        }

        /// One of the texts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum TextKey { $($key),* }

        impl Texts {
            /// The flow's text, or the default in `language`.
            pub fn get(&self, key: TextKey, language: &str) -> &str {
                let own = match key {
                    $(TextKey::$key => self.$field.as_deref(),)*
                };
                own.unwrap_or_else(|| default_text(key, language))
            }
        }

        /// The default of a text in `language` (Chinese for `zh…`,
        /// English otherwise).
        pub fn default_text(key: TextKey, language: &str) -> &'static str {
            let zh = language.starts_with("zh");
            match key {
                $(TextKey::$key => if zh { $zh } else { $en },)*
            }
        }
    };
}

texts! {
    /// A branch's reply to a text that matches no item.
    no_match / NoMatch => "Sorry, please choose one of the options.", "抱歉，请选择下面的选项之一。";
    /// An options form's reply to an answer that is not one of its options.
    options_retry / OptionsRetry => "Please choose one of the options.", "请选择其中一个选项。";
    /// The human-service words when the flow puts no one through.
    human_unavailable / HumanUnavailable => "Human service is not available here.", "当前暂不提供人工服务。";
    /// "No seat online" (src 18); `${SkillGroup}` is the skill group.
    no_agent_online / NoAgentOnline => "No agent of ${SkillGroup} is online right now.", "${SkillGroup}暂无客服在线。";
    /// The rating card's head.
    rating_head / RatingHead => "Please rate this service", "请对本次服务进行评价";
    /// The rating card's tail, shown after a choice.
    rating_tail / RatingTail => "Thank you for your rating!", "感谢您的评价！";
    /// Why the service refuses a rating request: the rules (src 23) do not
    /// let the user ask.
    rating_not_allowed / RatingNotAllowed => "The service does not let users ask for a rating.", "当前服务不支持主动评价。";
    /// The rating service's 10154: no agent serves the user.
    rating_no_staff / RatingNoStaff => "Rating is possible only while an agent serves you.", "仅在人工客服接待期间可以评价。";
    /// The rating service's 10152: rated already.
    rating_duplicate / RatingDuplicate => "You have already rated this service.", "您已评价过本次服务。";
    /// The rating service's 10151: the choice does not fit the card.
    rating_data_error / RatingDataError => "Your rating was not recorded: it does not fit the card.", "评价未能提交：与评价卡片不符。";
    /// The rating service's 10150: the card expired.
    rating_expired / RatingExpired => "This rating card has expired.", "评价已过期。";
    /// Why the service refuses to end a human session there is none of.
    no_agent_session / NoAgentSession => "There is no agent session to end.", "当前没有人工会话可以结束。";
    /// `${StaffNickName}` where no agent serves the user.
    staff_nick_name / StaffNickName => "our agent", "客服";
    /// `${StaffNo}` where no agent serves the user.
    staff_no / StaffNo => "-", "-";
    /// `${WaitNo}` where the user is in no queue.
    wait_no / WaitNo => "-", "-";
    /// `${SkillGroup}` before a transfer names one.
    skill_group / SkillGroup => "customer service", "客服";
}

/// The text standing in for a Desk system parameter that has no value yet.
pub fn system_parameter_key(name: &str) -> Option<TextKey> {
    match name {
        "StaffNickName" => Some(TextKey::StaffNickName),
        "StaffNo" => Some(TextKey::StaffNo),
        "WaitNo" => Some(TextKey::WaitNo),
        "SkillGroup" => Some(TextKey::SkillGroup),
        _ => None,
    }
}

/// The rating card's five options when the flow gives none, ids 101–105.
pub fn default_rating_menu(language: &str) -> Vec<RatingOptionSpec> {
    let words: [&str; 5] = if language.starts_with("zh") {
        ["非常不满意", "不满意", "一般", "满意", "非常满意"]
    } else {
        [
            "Very dissatisfied",
            "Dissatisfied",
            "Neutral",
            "Satisfied",
            "Very satisfied",
        ]
    };
    words
        .iter()
        .enumerate()
        .map(|(i, c)| RatingOptionSpec {
            id: (101 + i).to_string(),
            content: (*c).to_owned(),
        })
        .collect()
}
