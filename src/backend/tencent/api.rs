//! The two REST calls the adapter makes, as their JSON bodies.

use serde::{Deserialize, Serialize};

pub const SENDMSG: &str = "v4/openim/sendmsg";
pub const GETROAMMSG: &str = "v4/openim/admin_getroammsg";

/// The bit of `MsgFlagBits` that marks a recalled message.
pub const RECALLED: i64 = 8;

/// `openim/sendmsg`: one message from the simulated user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMsg {
    /// 1: also into the sender's history, as a message sent from the SDK
    /// is (2 would keep it out, and desksim could not find it there).
    pub sync_other_machine: u8,
    #[serde(rename = "From_Account")]
    pub from_account: String,
    #[serde(rename = "To_Account")]
    pub to_account: String,
    /// Fixed per message and kept on every retry: IM takes a send with the
    /// same sender, `MsgSeq`, `MsgRandom` and content within 120 s as the
    /// same message (without `MsgSeq` it picks a random one, and a retry is
    /// a new message). It also orders the messages of one second.
    pub msg_seq: u32,
    /// Kept on retries, so a retried send is recognisable.
    pub msg_random: u32,
    /// Seconds of offline storage; 0: none. The message is still in the
    /// history: [`SendMsg::online_only_flag`] keeps it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg_life_time: Option<u32>,
    /// 1: for online users only: not in the history, no unread count (the
    /// REST counterpart of the clients' `onlineUserOnly`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_only_flag: Option<u8>,
    pub msg_body: Vec<MsgElem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_custom_data: Option<String>,
}

/// A `MsgBody` element: `TIMTextElem {Text}` or `TIMCustomElem {Data, …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MsgElem {
    #[serde(rename = "MsgType")]
    pub msg_type: String,
    #[serde(rename = "MsgContent")]
    pub msg_content: serde_json::Value,
}

impl MsgElem {
    pub fn text(text: &str) -> Self {
        MsgElem {
            msg_type: "TIMTextElem".to_owned(),
            msg_content: serde_json::json!({ "Text": text }),
        }
    }

    pub fn custom(data: &str) -> Self {
        MsgElem {
            msg_type: "TIMCustomElem".to_owned(),
            msg_content: serde_json::json!({ "Data": data, "Desc": "", "Ext": "", "Sound": "" }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMsgAnswer {
    #[serde(default)]
    pub msg_time: i64,
    #[serde(default)]
    pub msg_key: String,
}

/// `openim/admin_getroammsg`: the conversation's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRoamMsg {
    #[serde(rename = "Operator_Account")]
    pub operator_account: String,
    #[serde(rename = "Peer_Account")]
    pub peer_account: String,
    pub max_cnt: u32,
    pub min_time: i64,
    /// The next page: the last answer's `LastMsgTime`, with its `LastMsgKey`.
    pub max_time: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_msg_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoamAnswer {
    /// 1 when this is the last page; 0 when there is more.
    #[serde(default)]
    pub complete: i64,
    #[serde(default)]
    pub msg_cnt: i64,
    #[serde(default)]
    pub last_msg_time: i64,
    #[serde(default)]
    pub last_msg_key: String,
    /// Read entry by entry, so one odd message cannot hide the others.
    #[serde(default)]
    pub msg_list: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoamMsg {
    #[serde(rename = "From_Account")]
    pub from_account: String,
    #[serde(rename = "To_Account", default)]
    pub to_account: String,
    #[serde(default)]
    pub msg_seq: i64,
    #[serde(default)]
    pub msg_random: u32,
    #[serde(default)]
    pub msg_time_stamp: i64,
    /// [`RECALLED`] set: the message was taken back.
    #[serde(default)]
    pub msg_flag_bits: i64,
    pub msg_key: String,
    #[serde(default)]
    pub msg_body: Vec<MsgElem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_custom_data: Option<String>,
}

/// Every answer carries these.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Status {
    #[serde(default)]
    pub action_status: String,
    #[serde(default)]
    pub error_code: i64,
    #[serde(default)]
    pub error_info: String,
}
