//! The poller task: reads the conversation back, often while it moves and
//! less when it rests, and reports what is new and what changed in place.
//! A read that fails is tried again quietly: the link shows it, and no
//! message is lost while the history waits.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use super::api::RoamMsg;
use super::client::RestClient;
use super::history::{self, History};
use super::{BackendEvent, ConnectionState, Events, ServiceClock, backoff, link_state, unix_now};
use crate::session::{Arrival, Incoming, Payload};

/// How far back each poll reads again, to see messages changed in place.
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
    let mut seen: HashMap<String, u64> = HashMap::new();
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
                for m in messages {
                    newest = newest.max(m.msg_time_stamp);
                    let hash = body_hash(&m);
                    let arrival = match seen.insert(m.msg_key.clone(), hash) {
                        None => Arrival::New,
                        Some(old) if old != hash => Arrival::Update,
                        Some(_) => continue,
                    };
                    if m.from_account == me || m.msg_flag_bits & 8 != 0 {
                        continue; // the user's own echo, or recalled
                    }
                    news += 1;
                    for event in message_events(&m, arrival) {
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

fn body_hash(m: &RoamMsg) -> u64 {
    let mut h = DefaultHasher::new();
    serde_json::to_string(&m.msg_body)
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// The events of one stored message: one per element it carries.
fn message_events(m: &RoamMsg, arrival: Arrival) -> Vec<BackendEvent> {
    let mut out = Vec::new();
    for (i, elem) in m.msg_body.iter().enumerate() {
        let id = if i == 0 {
            m.msg_key.clone()
        } else {
            format!("{}#{i}", m.msg_key)
        };
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
            Some(payload) => out.push(BackendEvent::Message(Incoming {
                id,
                arrival,
                payload,
            })),
            None => out.push(BackendEvent::Problem(format!(
                "message {id} from the service is a {} desksim cannot show (or has no content)",
                elem.msg_type
            ))),
        }
    }
    out
}
