//! What the user side sends, in the shapes the official clients send:
//! custom messages for 7, 10, 22, 24, 27 and 33, plain text for branch and
//! form answers. Each outgoing message says whether it is online-only.

use serde::Serialize;

use super::branch::{TaskBranch, TaskInfo};
use super::card::{ProductCard, ProductCardMessage};
use super::form::{InputVariable, TaskForm, TaskFormCard};
use super::message::CsMessage;
use super::rating::{RatingCard, RatingOption, RatingSelected, RatingSelection};
use super::status::{Bare, Trigger, TriggeredContent};

/// A message on its way from the user to the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub body: OutgoingBody,
    /// Send with `onlineUserOnly` (REST: `OnlineOnlyFlag` 1): not stored.
    pub online_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutgoingBody {
    /// `TIMTextElem`, optionally with message-level cloud custom data.
    Text {
        text: String,
        cloud_custom_data: Option<String>,
    },
    /// `TIMCustomElem` with this `data`.
    Custom { data: String },
}

impl Outgoing {
    pub fn text(text: impl Into<String>) -> Self {
        Outgoing {
            body: OutgoingBody::Text {
                text: text.into(),
                cloud_custom_data: None,
            },
            online_only: false,
        }
    }

    pub fn custom(message: &CsMessage) -> Self {
        Outgoing {
            body: OutgoingBody::Custom {
                data: message.to_wire(),
            },
            online_only: message.online_only(),
        }
    }

    /// The text or the custom data, for logs and transcripts.
    pub fn payload(&self) -> &str {
        match &self.body {
            OutgoingBody::Text { text, .. } => text,
            OutgoingBody::Custom { data } => data,
        }
    }
}

/// The src codes the official clients send as the user (7, 10, 22, 24,
/// 27, 33); the service acts on nothing else from the user.
pub const USER_SENDS: &[&str] = &["7", "10", "22", "24", "27", "33"];

/// A starting point for a raw message of each src the user side sends, in
/// the clients' shape (JSON5, as the raw message dialog reads it).
pub fn raw_template(src: &str) -> Option<&'static str> {
    Some(match src {
        "7" => {
            "{\n  customerServicePlugin: 0,\n  src: \"7\",\n  triggeredContent: { language: \"en\" },\n}"
        }
        "10" => {
            "{\n  customerServicePlugin: 0,\n  src: \"10\",\n  menuSelected: { id: \"5\", content: \"Excellent\", sessionId: \"\" },\n}"
        }
        "22" => {
            "{\n  customerServicePlugin: 0,\n  src: \"22\",\n  content: {\n    header: \"Aurora X2\",\n    desc: \"$199\",\n    pic: \"https://desksim.example/assets/retail/aurora-x2.png\",\n    url: \"https://shop.example.com/p/aurora-x2\",\n  },\n}"
        }
        "24" => "{\n  customerServicePlugin: 0,\n  src: \"24\",\n}",
        "27" => {
            "{\n  customerServicePlugin: 0,\n  src: \"27\",\n  triggeredContent: { language: \"en\" },\n}"
        }
        "33" => {
            "{\n  customerServicePlugin: 0,\n  src: \"33\",\n  content: { inputVariables: [{ name: \"field\", isRequired: 1, variableValue: \"value\" }] },\n}"
        }
        _ => return None,
    })
}

/// 7, sent on opening the conversation. The Desk Android and Flutter
/// clients add the user's language.
pub fn trigger(language: &str) -> CsMessage {
    CsMessage::Trigger(with_language(language))
}

/// 27, the user ends the human session; Android adds the language as for 7.
pub fn end_human_service(language: &str) -> CsMessage {
    CsMessage::EndHumanService(with_language(language))
}

fn with_language(language: &str) -> Trigger {
    Trigger {
        triggered_content: Some(TriggeredContent {
            language: language.to_owned(),
        }),
    }
}

/// 24, the user asks for the rating card.
pub fn rating_request() -> CsMessage {
    CsMessage::RatingRequest(Bare {})
}

/// 10, the user's rating; `sessionId` identifies the card.
pub fn rating_choice(card: &RatingCard, option: &RatingOption) -> CsMessage {
    CsMessage::RatingSelected(RatingSelected {
        menu_selected: RatingSelection {
            id: option.id.clone(),
            content: option.content.clone(),
            session_id: card.session_id.clone(),
        },
    })
}

/// 22 sent by the user (stored, as the Desk Android client sends it).
pub fn product_card(card: &ProductCard) -> CsMessage {
    CsMessage::ProductCard(ProductCardMessage {
        content: card.clone(),
    })
}

/// 33 submitted: Android's shape, each variable with `name`, `isRequired`
/// and the value, in the form's order.
pub fn task_form_submit(form: &TaskForm, values: &[String]) -> CsMessage {
    let input_variables = form
        .content
        .input_variables
        .iter()
        .zip(values.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(var, value)| InputVariable {
            name: var.name.clone(),
            // Android always sends the flag; the service writes it as a
            // number (the web client tests `=== 1`), so 0 when it gave none.
            is_required: Some(var.is_required.clone().unwrap_or(0.into())),
            variable_value: Some(value.cloned().unwrap_or_default()),
            ..InputVariable::default()
        })
        .collect();
    CsMessage::TaskForm(TaskForm {
        content: TaskFormCard {
            tip: String::new(),
            input_variables,
        },
        node_status: None,
    })
}

/// The answer to a task-flow branch: plain text, and for fixed buttons the
/// cloud custom data `{"BranchOptionInfo": {taskID, env, nodeID}}`.
pub fn task_branch_answer(branch: &TaskBranch, text: &str) -> Outgoing {
    let mut out = Outgoing::text(text);
    if branch.fixed_buttons()
        && let Some(info) = &branch.task_info
        && let OutgoingBody::Text {
            cloud_custom_data, ..
        } = &mut out.body
    {
        *cloud_custom_data = Some(branch_option_info(info));
    }
    out
}

/// `{"BranchOptionInfo": {"taskID", "env", "nodeID"}}`, keys in the
/// clients' order.
fn branch_option_info(info: &TaskInfo) -> String {
    #[derive(Serialize)]
    struct Info<'a> {
        #[serde(rename = "taskID")]
        task_id: i64,
        env: &'a str,
        #[serde(rename = "nodeID")]
        node_id: &'a str,
    }
    #[derive(Serialize)]
    struct Data<'a> {
        #[serde(rename = "BranchOptionInfo")]
        info: Info<'a>,
    }
    let data = Data {
        info: Info {
            task_id: info.task_id,
            env: &info.env,
            node_id: &info.node_id,
        },
    };
    // Strings and an integer: serialising cannot fail.
    serde_json::to_string(&data).unwrap_or_default()
}
