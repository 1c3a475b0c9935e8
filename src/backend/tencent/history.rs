//! Reading the conversation back (`admin_getroammsg`), page after page.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::api::{self, GetRoamMsg, RoamAnswer, RoamMsg};
use super::client::RestClient;
use super::error::RemoteError;

const MAX_PAGES: usize = 50;

/// The conversation between `min` and `max` (seconds), in no order.
pub(super) struct History {
    pub messages: Vec<RoamMsg>,
    /// Entries that are not messages desksim can read: a fingerprint (to
    /// report each once) and what is wrong.
    pub unreadable: Vec<(u64, String)>,
}

/// Every message of the conversation between `min` and `max`, page after
/// page: each next page ends at the last one's `LastMsgTime`, after its
/// `LastMsgKey`.
pub(super) async fn read(client: &RestClient, min: i64, max: i64) -> Result<History, RemoteError> {
    let s = &client.config().settings;
    let mut request = GetRoamMsg {
        operator_account: s.user_id.clone(),
        peer_account: s.service_account.clone(),
        max_cnt: 100,
        min_time: min,
        max_time: max,
        last_msg_key: None,
    };
    let mut history = History {
        messages: Vec::new(),
        unreadable: Vec::new(),
    };
    for _ in 0..MAX_PAGES {
        let answer: RoamAnswer = client.call(api::GETROAMMSG, &request).await?;
        for (i, entry) in answer.msg_list.into_iter().enumerate() {
            let key = entry.get("MsgKey").and_then(|k| k.as_str()).map_or_else(
                || format!("entry {i} of a page"),
                |k| format!("message {k}"),
            );
            match serde_json::from_value::<RoamMsg>(entry.clone()) {
                Ok(m) => history.messages.push(m),
                Err(e) => {
                    let mut h = DefaultHasher::new();
                    entry.to_string().hash(&mut h);
                    history.unreadable.push((
                        h.finish(),
                        format!("{key} in the history cannot be read: {e}"),
                    ));
                }
            }
        }
        if answer.complete != 0 || answer.last_msg_key.is_empty() {
            return Ok(history);
        }
        if request.last_msg_key.as_deref() == Some(answer.last_msg_key.as_str()) {
            return Err(RemoteError::Malformed(
                "the history repeats the same page".into(),
            ));
        }
        request.last_msg_key = Some(answer.last_msg_key);
        if answer.last_msg_time > 0 {
            request.max_time = answer.last_msg_time;
        }
    }
    Err(RemoteError::Malformed(format!(
        "the history did not end after {MAX_PAGES} pages"
    )))
}
