//! Forms: form collection (src 21, answered with plain text) and the
//! task-flow form (33, answered with a 33 carrying the values).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::message::{SrcPayload, fields};
use super::summary::{choice_line, contents, number};
use super::warning::{Check, WarningKind};

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

impl SrcPayload for Form {
    fn check(&self, check: &mut Check) {
        let form = &self.content;
        check.empty_choice(form.selected.as_ref());
        match form.form_type {
            Some(0) => {}
            Some(1) if form.items.is_empty() => {
                check.warn("content.items", WarningKind::OptionsWithoutItems)
            }
            Some(1) => {
                check.items("content.items", &form.items);
                check.choice_among(form.choice(), &form.items);
            }
            other => check.warn("content.type", WarningKind::UnknownFormType(other)),
        }
    }

    fn summary(&self) -> String {
        let f = &self.content;
        let kind = match f.form_type {
            Some(0) => "text".to_owned(),
            Some(1) => "options".to_owned(),
            Some(t) => format!("type {t}"),
            None => "no type".to_owned(),
        };
        format!(
            "{kind} form, {}",
            choice_line(&f.header, &f.items, f.choice())
        )
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.header)
    }

    fn key_fields(&self) -> Map<String, Value> {
        let f = &self.content;
        fields([
            ("header", json!(f.header)),
            ("type", json!(f.form_type)),
            ("items", json!(contents(&f.items))),
            ("selected", json!(f.choice().map(|c| &c.content))),
        ])
    }
}

impl SrcPayload for TaskForm {
    fn check(&self, check: &mut Check) {
        if let Some(s) = self.node_status.filter(|s| !(0..=2).contains(s)) {
            check.warn("nodeStatus", WarningKind::UnknownNodeStatus(s));
        }
        check.misplaced(&[("nodeStatus", self.node_status.is_none())]);
        let vars = &self.content.input_variables;
        if vars.is_empty() {
            check.warn("content.inputVariables", WarningKind::NoInputVariables);
        }
        for (i, var) in vars.iter().enumerate() {
            match var.form_type {
                Some(0) => {}
                Some(1) if var.choices().is_empty() => check.warn(
                    format!("content.inputVariables[{i}].chooseItemList"),
                    WarningKind::ChoiceInputWithoutItems,
                ),
                Some(1) => {}
                other => check.warn(
                    format!("content.inputVariables[{i}].formType"),
                    WarningKind::UnknownInputFormType(other),
                ),
            }
        }
    }

    fn summary(&self) -> String {
        let vars = &self.content.input_variables;
        let names: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
        format!(
            "{} fields: {}, nodeStatus {}",
            vars.len(),
            names.join(" | "),
            number(self.node_status)
        )
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.tip)
    }

    fn key_fields(&self) -> Map<String, Value> {
        let names: Vec<&str> = self
            .content
            .input_variables
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        fields([
            ("variables", json!(names)),
            ("nodeStatus", json!(self.node_status)),
        ])
    }
}
