//! Forms: form collection (src 21, answered with plain text) and the
//! task-flow form (33, answered with a 33 carrying the values).

use serde::{Deserialize, Serialize};

use super::branch::{BranchChoice, BranchItem};

/// src 21.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Form {
    pub content: FormCard,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormCard {
    #[serde(default)]
    pub header: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<BranchItem>,
    /// 0 text, 1 options.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub form_type: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<BranchChoice>,
}

impl FormCard {
    /// Options when `type` is 1; text otherwise (the web client's reading,
    /// which also draws something for values Android leaves blank).
    pub fn has_options(&self) -> bool {
        self.form_type == Some(1)
    }

    pub fn choice(&self) -> Option<&BranchChoice> {
        self.selected.as_ref().filter(|c| !c.content.is_empty())
    }
}

/// src 33. `nodeStatus` is top-level: 0 can be filled in, 2 submitted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskForm {
    pub content: TaskFormCard,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_status: Option<i64>,
}

impl TaskForm {
    pub fn is_open(&self) -> bool {
        self.node_status.unwrap_or(0) == 0
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskFormCard {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tip: String,
    #[serde(default)]
    pub input_variables: Vec<InputVariable>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputVariable {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub var_type: Option<serde_json::Value>,
    pub name: String,
    /// 0 text, 1 choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_type: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// The web client tests `=== 1`; booleans are seen in the wild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_required: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable_value: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choose_item_list: Vec<serde_json::Value>,
}

impl InputVariable {
    pub fn required(&self) -> bool {
        matches!(&self.is_required, Some(v) if v == 1 || v == true)
    }

    pub fn is_choice(&self) -> bool {
        self.form_type == Some(1)
    }

    /// The labels of a choice: plain strings, or objects carrying one of the
    /// usual label keys.
    pub fn choices(&self) -> Vec<String> {
        self.choose_item_list
            .iter()
            .filter_map(|item| match item {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(map) => ["content", "label", "name", "value"]
                    .iter()
                    .find_map(|k| map.get(*k).and_then(|v| v.as_str()).map(str::to_owned)),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect()
    }
}
