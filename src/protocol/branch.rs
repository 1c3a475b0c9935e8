//! Choices the service offers: the branch (src 15), the task-flow branch (32)
//! and the bot message (29: welcome card or clarify list). The user answers a
//! branch with a plain text message equal to an item's `content`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::message::{SrcPayload, fields};
use super::summary::{choice_line, contents, number};
use super::warning::{Check, WarningKind};

/// src 15.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Branch {
    pub content: BranchCard,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BranchCard {
    #[serde(default)]
    pub header: String,
    #[serde(default)]
    pub items: Vec<BranchItem>,
    #[serde(default)]
    pub tail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<BranchChoice>,
}

impl BranchCard {
    /// The answer already given, when the service says so.
    pub fn choice(&self) -> Option<&BranchChoice> {
        self.selected.as_ref().filter(|c| !c.content.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BranchItem {
    pub content: String,
    #[serde(default)]
    pub desc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BranchChoice {
    #[serde(default)]
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
}

/// src 32: a branch from a task flow. `status`, `optionType` and `taskInfo`
/// are top-level keys, siblings of `src`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskBranch {
    pub content: BranchCard,
    /// 0 can edit, 1 not submitted, 2 submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// 0: quick options that go away after a click; 1: fixed buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_type: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_info: Option<TaskInfo>,
}

impl TaskBranch {
    pub fn fixed_buttons(&self) -> bool {
        self.option_type == Some(1)
    }

    /// Whether the node still takes an answer: status 0 (can edit). 1 is a
    /// node the flow has left, 2 one already submitted; Android allows a
    /// selection only at 0, and the web client draws items only then.
    pub fn editable(&self) -> bool {
        self.status == Some(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskInfo {
    #[serde(rename = "taskID")]
    pub task_id: i64,
    #[serde(rename = "nodeID", default)]
    pub node_id: String,
    #[serde(default)]
    pub env: String,
}

/// src 29. `subtype` is top-level; `"welcome_msg"` is the paged welcome card,
/// other subtypes (`clarify_msg`) a branch list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BotMessage {
    #[serde(default)]
    pub subtype: String,
    #[serde(default)]
    pub content: BotCard,
}

impl BotMessage {
    pub const WELCOME: &'static str = "welcome_msg";

    pub fn is_welcome(&self) -> bool {
        self.subtype == Self::WELCOME
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BotCard {
    #[serde(default)]
    pub title: String,
    /// A text under the title (the bot's answer a clarify list follows).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content: String,
    #[serde(default)]
    pub items: Vec<BranchItem>,
}

impl SrcPayload for Branch {
    fn check(&self, check: &mut Check) {
        let card = &self.content;
        check.items("content.items", &card.items);
        check.empty_choice(card.selected.as_ref());
        check.choice_among(card.choice(), &card.items);
    }

    fn summary(&self) -> String {
        let c = &self.content;
        choice_line(&c.header, &c.items, c.choice())
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.header)
    }

    fn key_fields(&self) -> Map<String, Value> {
        self.content.key_fields()
    }
}

impl BranchCard {
    fn key_fields(&self) -> Map<String, Value> {
        fields([
            ("header", json!(self.header)),
            ("items", json!(contents(&self.items))),
            ("selected", json!(self.choice().map(|c| &c.content))),
        ])
    }
}

impl SrcPayload for TaskBranch {
    fn check(&self, check: &mut Check) {
        check.items("content.items", &self.content.items);
        check.empty_choice(self.content.selected.as_ref());
        match self.status {
            None => check.warn("status", WarningKind::MissingTaskField("status")),
            Some(0 | 2) => {}
            Some(1) => check.warn("status", WarningKind::TaskNodeLeft),
            Some(s) => check.warn("status", WarningKind::UnknownTaskStatus(s)),
        }
        match self.option_type {
            None => check.warn("optionType", WarningKind::MissingTaskField("optionType")),
            Some(0 | 1) => {}
            Some(t) => check.warn("optionType", WarningKind::UnknownOptionType(t)),
        }
        if self.fixed_buttons() && self.task_info.is_none() {
            check.warn("taskInfo", WarningKind::FixedButtonsWithoutTaskInfo);
        }
        check.misplaced(&[
            ("status", self.status.is_none()),
            ("optionType", self.option_type.is_none()),
            ("taskInfo", self.task_info.is_none()),
        ]);
    }

    fn summary(&self) -> String {
        let c = &self.content;
        format!(
            "{}, status {}, optionType {}",
            choice_line(&c.header, &c.items, c.choice()),
            number(self.status),
            number(self.option_type)
        )
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.header)
    }

    fn key_fields(&self) -> Map<String, Value> {
        let mut fields = self.content.key_fields();
        fields.insert("status".to_owned(), json!(self.status));
        fields
    }
}

impl SrcPayload for BotMessage {
    fn check(&self, check: &mut Check) {
        if self.subtype.is_empty() {
            check.misplaced(&[("subtype", true)]);
        }
        if !self.is_welcome() {
            check.warn(
                "subtype",
                WarningKind::OtherBotSubtype(self.subtype.clone()),
            );
        }
        check.items("content.items", &self.content.items);
    }

    fn summary(&self) -> String {
        format!(
            "subtype {:?}, {}",
            self.subtype,
            choice_line(&self.content.title, &self.content.items, None)
        )
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.title)
    }

    fn key_fields(&self) -> Map<String, Value> {
        let mut fields = fields([
            ("subtype", json!(self.subtype)),
            ("title", json!(self.content.title)),
            ("items", json!(contents(&self.content.items))),
        ]);
        if !self.content.content.is_empty() {
            fields.insert("content".to_owned(), json!(self.content.content));
        }
        fields
    }
}
