//! Reading the conversation back (`admin_getroammsg`), a page at a time.
//! A page is capped at 13 KB, so a long stretch of history takes many
//! pages: callers bound what they read by time, never by a page count
//! (a count would end a long read in an error, read after read).

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Deserialize;

use super::api::{self, GetRoamMsg, RoamAnswer, RoamMsg};
use super::client::RestClient;
use super::error::RemoteError;

/// Messages of the conversation, in no order.
#[derive(Default)]
pub(super) struct History {
    pub messages: Vec<RoamMsg>,
    /// Entries that are not messages desksim can read.
    pub unreadable: Vec<Unreadable>,
}

pub(super) struct Unreadable {
    /// To report each entry once, however often it is read.
    pub fingerprint: u64,
    pub why: String,
}

/// The history between two times (service seconds), newest page first:
/// each next page ends at the last one's `LastMsgTime`, after its
/// `LastMsgKey`.
struct Pages<'a> {
    client: &'a RestClient,
    request: GetRoamMsg,
    /// Every `LastMsgKey` so far: a service that names one twice would
    /// page forever.
    keys: HashSet<String>,
    done: bool,
}

impl<'a> Pages<'a> {
    fn new(client: &'a RestClient, min: i64, max: i64) -> Self {
        let s = &client.config().settings;
        Pages {
            client,
            request: GetRoamMsg {
                operator_account: s.user_id.clone(),
                peer_account: s.service_account.clone(),
                max_cnt: 100,
                min_time: min,
                max_time: max,
                last_msg_key: None,
            },
            keys: HashSet::new(),
            done: false,
        }
    }

    /// The next page; `None` after the last.
    async fn next(&mut self) -> Result<Option<History>, RemoteError> {
        if self.done {
            return Ok(None);
        }
        let answer: RoamAnswer = self.client.call(api::GETROAMMSG, &self.request).await?;
        let page = read_entries(answer.msg_list);
        if answer.complete != 0 || answer.last_msg_key.is_empty() {
            self.done = true;
            return Ok(Some(page));
        }
        if !self.keys.insert(answer.last_msg_key.clone()) {
            return Err(RemoteError::Malformed("the history repeats a page".into()));
        }
        self.request.last_msg_key = Some(answer.last_msg_key);
        if answer.last_msg_time > 0 {
            self.request.max_time = answer.last_msg_time;
        }
        Ok(Some(page))
    }
}

/// Every message of the conversation between `min` and `max`.
pub(super) async fn read(client: &RestClient, min: i64, max: i64) -> Result<History, RemoteError> {
    let mut pages = Pages::new(client, min, max);
    let mut history = History::default();
    while let Some(page) = pages.next().await? {
        history.messages.extend(page.messages);
        history.unreadable.extend(page.unreadable);
    }
    Ok(history)
}

/// Whether the user sent the message with `random` since `min`. The newest
/// page comes first, so a message just sent is found at once; one that is
/// not there costs the pages since `min`.
pub(super) async fn holds_users_message(
    client: &RestClient,
    min: i64,
    max: i64,
    random: u32,
) -> Result<bool, RemoteError> {
    let me = &client.config().settings.user_id;
    let mut pages = Pages::new(client, min, max);
    while let Some(page) = pages.next().await? {
        if page
            .messages
            .iter()
            .any(|m| &m.from_account == me && m.msg_random == random)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A page's entries, read one by one so one odd entry cannot hide the
/// others.
fn read_entries(entries: Vec<serde_json::Value>) -> History {
    let mut page = History::default();
    for (i, entry) in entries.into_iter().enumerate() {
        let key = entry.get("MsgKey").and_then(|k| k.as_str()).map_or_else(
            || format!("entry {i} of a page"),
            |k| format!("message {k}"),
        );
        match RoamMsg::deserialize(&entry) {
            Ok(m) => page.messages.push(m),
            Err(e) => {
                let mut h = DefaultHasher::new();
                entry.to_string().hash(&mut h);
                page.unreadable.push(Unreadable {
                    fingerprint: h.finish(),
                    why: format!("{key} in the history cannot be read: {e}"),
                });
            }
        }
    }
    page
}
