//! The poller task: reads the conversation back, often while it moves and
//! less when it rests, and reports what is new, what changed in place and
//! what the service took back. A read that fails is tried again quietly:
//! the link shows it, and no message is lost while the history waits.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use super::api::{RECALLED, RoamMsg};
use super::client::RestClient;
use super::history::{self, History};
use super::{BackendEvent, ConnectionState, Events, ServiceClock, backoff, link_state, unix_now};
use crate::session::{Arrival, Incoming, Payload};

/// How far back each poll reads again, to see messages changed in place
/// (or recalled: IM allows that for two minutes by default).
const OVERLAP_S: i64 = 120;
const FAST_POLL: Duration = Duration::from_millis(800);
const SLOW_POLL: Duration = Duration::from_secs(10);

pub(super) async fn run(
    client: Arc<RestClient>,
    events: Events,
    poke: Arc<Notify>,
    clock: ServiceClock,
    stopped: Arc<AtomicBool>,
) {
    let me = client.config().settings.user_id.clone();
    let mut shown = Shown::default();
    let mut reported: HashSet<u64> = HashSet::new();
    let mut newest = clock.floor();
    let mut quiet_rounds: u32 = 0;
    let mut failures: u32 = 0;
    loop {
        if stopped.load(Ordering::SeqCst) {
            return;
        }
        let now = unix_now();
        let min = (newest - OVERLAP_S).max(clock.floor());
        let mut delay = match history::read(&client, min, now + 30 * 86_400).await {
            Ok(History {
                mut messages,
                unreadable,
            }) => {
                if failures > 0 {
                    events.emit(BackendEvent::Connection(ConnectionState::Connected));
                }
                failures = 0;
                for entry in unreadable {
                    if reported.insert(entry.fingerprint)
                        && !events.emit(BackendEvent::Problem(entry.why))
                    {
                        return;
                    }
                }
                // Never rely on the service's order: time, then sequence.
                messages.sort_by(|a, b| {
                    (a.msg_time_stamp, a.msg_seq, &a.msg_key).cmp(&(
                        b.msg_time_stamp,
                        b.msg_seq,
                        &b.msg_key,
                    ))
                });
                let mut news = 0;
                for m in &messages {
                    newest = newest.max(m.msg_time_stamp);
                    if m.from_account == me {
                        continue; // the user's own echo
                    }
                    for event in shown.events_of(m) {
                        news += 1;
                        if !events.emit(event) {
                            return;
                        }
                    }
                }
                if news > 0 {
                    quiet_rounds = 0
                } else {
                    quiet_rounds += 1
                }
                // Fast while the conversation moves, slower when it rests.
                (FAST_POLL.saturating_mul(1 << quiet_rounds.saturating_sub(8).min(4)))
                    .min(SLOW_POLL)
            }
            Err(e) => {
                // Garbled, cut off or refused: read again later, as a send
                // is tried again. Only the link shows it: nothing is lost
                // meanwhile, the messages wait in the history.
                failures += 1;
                let delay = backoff(failures);
                if !events.emit(BackendEvent::Connection(link_state(&e, delay))) {
                    return;
                }
                delay
            }
        };
        if delay.is_zero() {
            delay = FAST_POLL;
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = poke.notified() => { quiet_rounds = 0; }
        }
    }
}

/// The service's messages shown so far, by `MsgKey`: each read of the
/// history tells apart what is new, what changed in place and what was
/// taken back since.
#[derive(Default)]
struct Shown(HashMap<String, ShownMessage>);

struct ShownMessage {
    body: u64,
    /// How many events (one per element) it was shown as.
    elements: usize,
    recalled: bool,
}

impl Shown {
    /// What the stored message `m` of the service means now; nothing when
    /// it is as it was last read.
    fn events_of(&mut self, m: &RoamMsg) -> Vec<BackendEvent> {
        let recalled = m.msg_flag_bits & RECALLED != 0;
        let body = body_hash(m);
        match self.0.get_mut(&m.msg_key) {
            // Taken back before it was ever shown: nothing to show.
            None if recalled => Vec::new(),
            None => {
                self.0.insert(
                    m.msg_key.clone(),
                    ShownMessage {
                        body,
                        elements: m.msg_body.len(),
                        recalled: false,
                    },
                );
                message_events(m, Arrival::New)
            }
            Some(shown) if shown.recalled => Vec::new(),
            Some(shown) if recalled => {
                shown.recalled = true;
                (0..shown.elements)
                    .map(|i| BackendEvent::Recalled(element_id(&m.msg_key, i)))
                    .collect()
            }
            Some(shown) if shown.body != body => {
                shown.body = body;
                shown.elements = m.msg_body.len();
                message_events(m, Arrival::Update)
            }
            Some(_) => Vec::new(),
        }
    }
}

fn body_hash(m: &RoamMsg) -> u64 {
    let mut h = DefaultHasher::new();
    for elem in &m.msg_body {
        elem.msg_type.hash(&mut h);
        elem.msg_content.to_string().hash(&mut h);
    }
    h.finish()
}

/// The id of element `i` of the message `key` (one event per element).
fn element_id(key: &str, i: usize) -> String {
    if i == 0 {
        key.to_owned()
    } else {
        format!("{key}#{i}")
    }
}

/// The events of one stored message: one per element it carries.
fn message_events(m: &RoamMsg, arrival: Arrival) -> Vec<BackendEvent> {
    let mut out = Vec::new();
    for (i, elem) in m.msg_body.iter().enumerate() {
        let id = element_id(&m.msg_key, i);
        let payload = match elem.msg_type.as_str() {
            "TIMTextElem" => elem
                .msg_content
                .get("Text")
                .and_then(|t| t.as_str())
                .map(|t| Payload::Text(t.to_owned())),
            "TIMCustomElem" => elem
                .msg_content
                .get("Data")
                .and_then(|t| t.as_str())
                .map(|d| Payload::Custom(d.to_owned())),
            _ => None,
        };
        match payload {
            // Desk's REST history names no agent: the widget falls back
            // to the service's own name, as desksim does.
            Some(payload) => out.push(BackendEvent::Message(Incoming {
                id,
                arrival,
                payload,
                from: None,
            })),
            None => out.push(BackendEvent::Problem(format!(
                "message {id} from the service is a {} desksim cannot show (or has no content)",
                elem.msg_type
            ))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::tencent::api::MsgElem;

    fn message(key: &str, text: &str, flags: i64) -> RoamMsg {
        RoamMsg {
            from_account: "@customer_service_account".into(),
            to_account: "user".into(),
            msg_seq: 1,
            msg_random: 1,
            msg_time_stamp: 1,
            msg_flag_bits: flags,
            msg_key: key.into(),
            msg_body: vec![MsgElem::text(text)],
            cloud_custom_data: None,
        }
    }

    #[test]
    fn a_message_is_new_once_then_updated_when_its_body_changes() {
        let mut shown = Shown::default();
        assert!(matches!(
            shown.events_of(&message("k", "a", 0))[..],
            [BackendEvent::Message(Incoming {
                arrival: Arrival::New,
                ..
            })]
        ));
        assert!(shown.events_of(&message("k", "a", 0)).is_empty());
        assert!(matches!(
            shown.events_of(&message("k", "b", 0))[..],
            [BackendEvent::Message(Incoming {
                arrival: Arrival::Update,
                ..
            })]
        ));
    }

    #[test]
    fn a_shown_message_recalled_later_is_reported_once() {
        let mut shown = Shown::default();
        shown.events_of(&message("k", "a", 0));
        assert_eq!(
            shown.events_of(&message("k", "a", RECALLED)),
            vec![BackendEvent::Recalled("k".into())]
        );
        assert!(shown.events_of(&message("k", "a", RECALLED)).is_empty());
        assert!(shown.events_of(&message("k", "", RECALLED)).is_empty());
    }

    #[test]
    fn a_message_recalled_before_it_was_shown_is_never_shown() {
        let mut shown = Shown::default();
        assert!(shown.events_of(&message("k", "a", RECALLED)).is_empty());
        assert!(shown.events_of(&message("k", "a", RECALLED)).is_empty());
    }
}
