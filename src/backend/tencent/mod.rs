//! The remote backend: the simulated user talks to a real Tencent Cloud
//! Desk deployment through Tencent Cloud IM's server REST API. It sends as
//! the user (`openim/sendmsg`) and reads the conversation back
//! (`openim/admin_getroammsg`), turning it into the same events the
//! embedded backend produces. Online-only messages (typing) are never
//! stored by IM, so they cannot be seen this way.
//!
//! Two tasks on the tokio runtime: the sender keeps the user's messages in
//! order and retries with capped exponential backoff (the same
//! `MsgRandom` each time, and a look at the history before resending after
//! an answer that never came, so nothing is sent twice); the poller reads
//! the history often while the conversation is active and less when idle.

pub mod api;
pub mod client;
pub mod config;
pub mod error;
pub mod usersig;

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::{Backend, BackendError, BackendEvent, ConnectionState, Due, DueKind};
use crate::clock::Clock;
use crate::protocol::OutgoingBody;
use crate::session::{Arrival, Incoming, Payload, Sent};
use api::{GetRoamMsg, MsgElem, RoamAnswer, RoamMsg, SendMsg, SendMsgAnswer};
use client::RestClient;
pub use config::{ConfigError, Region, Secret, TencentConfig, TencentSettings};
use error::RemoteError;

/// How far back each poll reads again, to see messages changed in place.
const OVERLAP_S: i64 = 120;
const FAST_POLL: Duration = Duration::from_millis(800);
const SLOW_POLL: Duration = Duration::from_secs(10);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
const MAX_PAGES: usize = 50;

enum Cmd {
    Send(Sent),
    Discard,
    /// Ask desksim's fake of the API to move its clock.
    Advance(Duration),
}

pub struct TencentBackend {
    name: String,
    /// Tells the poller to stop when the backend goes away.
    stopped: Arc<std::sync::atomic::AtomicBool>,
    commands: UnboundedSender<Cmd>,
    events: mpsc::Receiver<BackendEvent>,
    clock: Arc<dyn Clock>,
    time_warp: bool,
}

impl TencentBackend {
    /// Starts talking to the service on `runtime`.
    pub fn start(
        config: TencentConfig,
        runtime: &tokio::runtime::Handle,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let s = &config.settings;
        let name = format!(
            "Tencent IM {} · {} → {}",
            s.sdk_app_id, s.user_id, s.service_account
        );
        let time_warp = s.time_warp;
        let (commands, rx) = unbounded_channel();
        let (tx, events) = mpsc::channel();
        let events_out = Events { tx };
        let client = Arc::new(RestClient::new(config));
        let poke = Arc::new(Notify::new());
        let start = crate::clock::SystemClock.now().unix_seconds() - Floor::MARGIN_S;
        let floor = Floor(Arc::new(AtomicI64::new(start)));
        let stopped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        runtime.spawn(sender(
            client.clone(),
            rx,
            events_out.clone(),
            poke.clone(),
            floor.clone(),
        ));
        runtime.spawn(poller(client, events_out, poke, floor, stopped.clone()));
        TencentBackend {
            name,
            stopped,
            commands,
            events,
            clock,
            time_warp,
        }
    }
}

impl TencentBackend {
    /// Hands a command to the sender task. It stops only when the runtime
    /// shuts down (the app closing); then nothing is left to deliver.
    fn command(&self, command: Cmd) {
        self.commands.send(command).ok();
    }
}

impl Drop for TencentBackend {
    fn drop(&mut self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Backend for TencentBackend {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn send(&mut self, sent: &Sent) {
        self.command(Cmd::Send(sent.clone()));
    }

    fn poll(&mut self) -> Vec<BackendEvent> {
        self.events.try_iter().collect()
    }

    /// Events arrive from the service at any time: look again soon.
    fn next_due(&self) -> Option<Due> {
        Some(Due {
            at: self.clock.now().plus(Duration::from_millis(200)),
            kind: DueKind::Timer,
        })
    }

    fn restart(&mut self) -> Result<(), BackendError> {
        Err(BackendError::Unsupported(
            "restart a real service (start a new session instead)",
        ))
    }

    fn realtime(&self) -> bool {
        true
    }

    fn skip_time(&mut self, by: Duration) -> bool {
        if self.time_warp {
            self.command(Cmd::Advance(by));
        }
        self.time_warp
    }

    fn discard_unsent(&mut self) {
        self.command(Cmd::Discard);
    }
}

#[derive(Clone)]
struct Events {
    tx: mpsc::Sender<BackendEvent>,
}

impl Events {
    /// False once the receiving side is gone (the app closed).
    fn emit(&self, event: BackendEvent) -> bool {
        self.tx.send(event).is_ok()
    }
}

struct Pending {
    sent: Sent,
    /// Chosen once; the same on every retry.
    random: u32,
    /// An earlier attempt may have been carried out (no clear answer came):
    /// the history is read before it is sent again.
    maybe_sent: bool,
}

/// What a failed call means for the link: retrying after `delay`, or failed.
fn link_state(e: &RemoteError, delay: Duration) -> ConnectionState {
    if e.retryable() {
        ConnectionState::Retrying {
            in_ms: delay.as_millis() as u64,
            why: e.to_string(),
        }
    } else {
        ConnectionState::Failed { why: e.to_string() }
    }
}

/// Exponential backoff with ±20 % jitter, capped at [`MAX_BACKOFF`].
pub fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(400).saturating_mul(1 << attempt.min(10));
    let jitter: f64 = rand::random_range(0.8..1.2);
    base.mul_f64(jitter).min(MAX_BACKOFF)
}

/// The earliest time (service seconds) the conversation's history is read
/// from: the session's start, moved back when the service's clock turns
/// out to be behind the computer's (each send tells its time).
#[derive(Clone)]
struct Floor(Arc<AtomicI64>);

impl Floor {
    /// Slack for the clocks and the second a message is stamped in.
    const MARGIN_S: i64 = 5;

    fn get(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    fn saw_service_time(&self, t: i64) {
        if t > 0 {
            self.0.fetch_min(t - Self::MARGIN_S, Ordering::SeqCst);
        }
    }
}

async fn sender(
    client: Arc<RestClient>,
    mut rx: UnboundedReceiver<Cmd>,
    events: Events,
    poke: Arc<Notify>,
    floor: Floor,
) {
    let mut queue: VecDeque<Pending> = VecDeque::new();
    let mut attempt: u32 = 0;
    loop {
        if queue.is_empty() {
            match rx.recv().await {
                None => return,
                Some(cmd) => take(cmd, &mut queue, &client, &events, &poke).await,
            };
        }
        while let Ok(cmd) = rx.try_recv() {
            take(cmd, &mut queue, &client, &events, &poke).await;
        }
        if !events.emit(BackendEvent::Unsent(queue.len())) {
            return;
        }
        let Some(front) = queue.front_mut() else {
            attempt = 0;
            continue;
        };
        match deliver(&client, front, &floor).await {
            Ok(()) => {
                queue.pop_front();
                attempt = 0;
                events.emit(BackendEvent::Connection(ConnectionState::Connected));
                events.emit(BackendEvent::Unsent(queue.len()));
                poke.notify_one();
            }
            Err(e) => {
                attempt += 1;
                let delay = if e.retryable() {
                    backoff(attempt)
                } else {
                    MAX_BACKOFF
                };
                events.emit(BackendEvent::Connection(link_state(&e, delay)));
                // Wait the whole delay, taking the user's messages meanwhile;
                // only a discard cuts it short.
                let deadline = tokio::time::Instant::now() + delay;
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => break,
                        cmd = rx.recv() => match cmd {
                            None => return,
                            Some(cmd) => {
                                if take(cmd, &mut queue, &client, &events, &poke).await {
                                    attempt = 0;
                                    break;
                                }
                                events.emit(BackendEvent::Unsent(queue.len()));
                            }
                        },
                    }
                }
            }
        }
    }
}

/// One try at the message at the front of the queue. A message that may
/// have gone through already is looked for in the history first; when the
/// history cannot be read, it is not sent again yet (never twice).
async fn deliver(
    client: &RestClient,
    pending: &mut Pending,
    floor: &Floor,
) -> Result<(), RemoteError> {
    if pending.maybe_sent && !pending.sent.outgoing.online_only {
        if stored_already(client, pending, floor).await? {
            return Ok(());
        }
        pending.maybe_sent = false;
    }
    match send_one(client, pending).await {
        Ok(answer) => {
            floor.saw_service_time(answer.msg_time);
            Ok(())
        }
        Err(e) => {
            pending.maybe_sent |= e.ambiguous();
            Err(e)
        }
    }
}

/// Applies a command; returns true when it was a discard.
async fn take(
    cmd: Cmd,
    queue: &mut VecDeque<Pending>,
    client: &RestClient,
    events: &Events,
    poke: &Notify,
) -> bool {
    match cmd {
        Cmd::Send(sent) => queue.push_back(Pending {
            sent,
            random: rand::random(),
            maybe_sent: false,
        }),
        Cmd::Discard => {
            queue.clear();
            events.emit(BackendEvent::Unsent(0));
            return true;
        }
        Cmd::Advance(by) => {
            let url = format!("{}/desksim/advance", client.config().settings.base_url());
            let body = serde_json::json!({ "ms": by.as_millis() as u64 });
            if let Err(e) = client
                .call::<_, serde_json::Value>(&url_path(&url), &body)
                .await
            {
                events.emit(BackendEvent::Problem(format!(
                    "the fake service could not move its clock: {e}"
                )));
            }
            poke.notify_one();
        }
    }
    false
}

/// `RestClient::call` takes the path after the base URL.
fn url_path(url: &str) -> String {
    url.split_once("/desksim/")
        .map_or_else(|| url.to_owned(), |(_, rest)| format!("desksim/{rest}"))
}

async fn send_one(client: &RestClient, pending: &Pending) -> Result<SendMsgAnswer, RemoteError> {
    let s = &client.config().settings;
    let (body, cloud) = match &pending.sent.outgoing.body {
        OutgoingBody::Text {
            text,
            cloud_custom_data,
        } => (MsgElem::text(text), cloud_custom_data.clone()),
        OutgoingBody::Custom { data } => (MsgElem::custom(data), None),
    };
    let request = SendMsg {
        sync_other_machine: 1,
        from_account: s.user_id.clone(),
        to_account: s.service_account.clone(),
        msg_random: pending.random,
        msg_life_time: pending.sent.outgoing.online_only.then_some(0),
        msg_body: vec![body],
        cloud_custom_data: cloud,
    };
    client.call(api::SENDMSG, &request).await
}

/// Whether the user's message is in the history already (stored messages
/// only), searched from the conversation's start.
async fn stored_already(
    client: &RestClient,
    pending: &Pending,
    floor: &Floor,
) -> Result<bool, RemoteError> {
    let s = &client.config().settings;
    let now = unix_now();
    let history = fetch(client, floor.get(), now + 86_400).await?;
    Ok(history
        .messages
        .iter()
        .any(|m| m.from_account == s.user_id && m.msg_random == pending.random))
}

/// The time on this computer, in Unix seconds (the history's own clock is
/// read from its answers where it matters).
fn unix_now() -> i64 {
    crate::clock::SystemClock.now().unix_seconds()
}

/// The conversation between `min` and `max` (seconds), in no order.
struct History {
    messages: Vec<RoamMsg>,
    /// Entries that are not messages desksim can read: a fingerprint (to
    /// report each once) and what is wrong.
    unreadable: Vec<(u64, String)>,
}

/// Every message of the conversation between `min` and `max`, page after
/// page: each next page ends at the last one's `LastMsgTime`, after its
/// `LastMsgKey`.
async fn fetch(client: &RestClient, min: i64, max: i64) -> Result<History, RemoteError> {
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
                    let mut h = std::collections::hash_map::DefaultHasher::new();
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

async fn poller(
    client: Arc<RestClient>,
    events: Events,
    poke: Arc<Notify>,
    floor: Floor,
    stopped: Arc<std::sync::atomic::AtomicBool>,
) {
    let me = client.config().settings.user_id.clone();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut reported: HashSet<u64> = HashSet::new();
    let mut newest = floor.get();
    let mut quiet_rounds: u32 = 0;
    let mut failures: u32 = 0;
    loop {
        if stopped.load(Ordering::SeqCst) {
            return;
        }
        let now = unix_now();
        let min = (newest - OVERLAP_S).max(floor.get());
        let mut delay = match fetch(&client, min, now + 30 * 86_400).await {
            Ok(History {
                mut messages,
                unreadable,
            }) => {
                if failures > 0 {
                    events.emit(BackendEvent::Connection(ConnectionState::Connected));
                }
                failures = 0;
                for (fingerprint, why) in unreadable {
                    if reported.insert(fingerprint) && !events.emit(BackendEvent::Problem(why)) {
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
                failures += 1;
                let delay = backoff(failures);
                let state = link_state(&e, delay);
                if !events.emit(BackendEvent::Connection(state)) {
                    return;
                }
                if matches!(e, RemoteError::Malformed(_) | RemoteError::TooLarge) {
                    events.emit(BackendEvent::Problem(format!(
                        "reading the conversation: {e}"
                    )));
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
    let mut h = std::collections::hash_map::DefaultHasher::new();
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
