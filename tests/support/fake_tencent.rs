//! An in-process fake of Tencent Cloud IM's REST API on loopback. It checks
//! the UserSig, stores messages, answers `admin_getroammsg` a page at a
//! time, and injects faults on demand. Behind it the embedded flow engine
//! plays Desk: what the user sends to the service account is fed to it, and
//! its replies become the account's messages.

#![expect(dead_code, reason = "each test crate uses a part of it")]

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use desksim::backend::BackendEvent;
use desksim::backend::local::Engine;
use desksim::backend::tencent::api::{MsgElem, RoamMsg};
use desksim::backend::tencent::usersig::{VerifyError, verify_usersig};
use desksim::clock::{Clock, SystemClock, Timestamp, VirtualClock};
use desksim::flow::LoadedFlow;
use desksim::protocol::{Body as DecodedBody, DecodeOptions, decode};
use desksim::session::{Arrival, Payload};
use serde_json::{Value, json};

pub const SDK_APP_ID: u64 = 1_400_000_123;
pub const ADMIN: &str = "administrator";
pub const SECRET: &str = "fake-secret-0123456789abcdef";
pub const USER: &str = "desksim_user";
pub const SERVICE: &str = "@customer_service_account";

#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this HTTP status.
    Status(u16),
    /// Do the work, then answer only after this long.
    Slow(Duration),
    /// Break the connection in the middle of the answer.
    Reset,
    /// Answer 200 with a body that is not JSON.
    Malformed,
    /// Answer `ErrorCode` with this code.
    ErrorCode(i64),
    /// Answer a body over 10 MB.
    Huge,
    /// Carry the request out, then answer with this fault: the client
    /// cannot tell that its message went through.
    AfterWork(Box<Fault>),
}

#[derive(Debug, Clone)]
pub struct Stored {
    pub msg: RoamMsg,
    /// The engine's id for it, to apply updates in place.
    engine_id: Option<String>,
    /// Sent with `SyncOtherMachine` 2: not in the sender's own history.
    hidden_from_sender: bool,
}

impl Stored {
    /// A message put straight into the history (tests of odd content).
    pub fn new(msg: RoamMsg) -> Self {
        Stored {
            msg,
            engine_id: None,
            hidden_from_sender: false,
        }
    }
}

pub struct FakeState {
    engine: Engine,
    clock: VirtualClock,
    pub messages: Vec<Stored>,
    seq: i64,
    /// Seconds the fake's clock is ahead of the real one (`advance`).
    pub ahead_s: i64,
    pub page_size: usize,
    /// Faults for the next calls of each API (`sendmsg`, `getroammsg`).
    pub faults: HashMap<&'static str, VecDeque<Fault>>,
    /// Each user message received, by `MsgRandom` (retries included).
    pub received: HashMap<u32, usize>,
    /// Each user message carried out, by `MsgRandom`: its key, the second
    /// it was carried out, and how many times.
    pub processed: HashMap<u32, (String, i64, usize)>,
    /// IM takes a send with the same sender, `MsgSeq`, `MsgRandom` and
    /// content within this many seconds as the same message (120 s, its
    /// documentation says); `None` turns that off, so only desksim's care
    /// prevents a duplicate.
    pub dedup_window_s: Option<i64>,
    /// What IM's de-duplication remembers: the message's key and the second
    /// it was carried out.
    dedup: HashMap<DedupKey, (String, i64)>,
    /// Every `sendmsg` body received, in order (retries included).
    pub requests: Vec<Value>,
    /// Raw entries added to the first page of every history answer (odd
    /// content the service might return).
    pub raw_entries: Vec<Value>,
    /// Every `admin_getroammsg` body received, in order.
    pub roam_requests: Vec<Value>,
    pub calls: usize,
}

pub struct Fake {
    pub addr: SocketAddr,
    /// Where the engine's clock started.
    pub start: Timestamp,
    pub state: Arc<Mutex<FakeState>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    runtime: tokio::runtime::Handle,
}

impl Fake {
    pub fn start(
        runtime: &tokio::runtime::Runtime,
        flow: Arc<LoadedFlow>,
        start: Timestamp,
    ) -> Self {
        let clock = VirtualClock::new(start);
        let state = Arc::new(Mutex::new(FakeState {
            engine: Engine::new(flow, Arc::new(clock.clone())),
            clock,
            messages: Vec::new(),
            seq: 0,
            ahead_s: 0,
            page_size: 4,
            faults: HashMap::new(),
            received: HashMap::new(),
            processed: HashMap::new(),
            dedup_window_s: Some(120),
            dedup: HashMap::new(),
            requests: Vec::new(),
            raw_entries: Vec::new(),
            roam_requests: Vec::new(),
            calls: 0,
        }));
        let mut fake = Fake {
            addr: "127.0.0.1:0".parse().unwrap(),
            start,
            state,
            shutdown: None,
            server: None,
            runtime: runtime.handle().clone(),
        };
        fake.serve();
        fake
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn serve(&mut self) {
        let state = self.state.clone();
        let addr = self.addr;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let server = self.runtime.spawn(async move {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.set_reuseaddr(true).unwrap();
            socket.bind(addr).unwrap();
            let listener = socket.listen(64).unwrap();
            ready_tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new()
                .route("/v4/openim/sendmsg", post(sendmsg))
                .route("/v4/openim/admin_getroammsg", post(getroammsg))
                .route("/desksim/advance", post(advance))
                .with_state(state);
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender also means: shut down.
                    rx.await.ok();
                })
                .await
                .unwrap();
        });
        self.addr = ready_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        self.shutdown = Some(tx);
        self.server = Some(server);
    }

    /// Stops the server (its data stays), and starts it again on the same
    /// port after `down`.
    pub fn restart(&mut self, down: Duration) {
        self.stop();
        std::thread::sleep(down);
        self.serve();
    }

    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            // The server may have stopped already.
            tx.send(()).ok();
        }
        if let Some(server) = self.server.take() {
            server.abort();
            // Aborted on purpose: its join error says just that.
            self.runtime.block_on(server).ok();
        }
    }

    pub fn inject(&self, api: &'static str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .entry(api)
            .or_default()
            .push_back(fault);
    }

    /// The service takes back its stored message `key` (IM's recall: the
    /// history then shows it with `MsgFlagBits` 8).
    pub fn recall(&self, key: &str) {
        let mut state = self.state.lock().unwrap();
        let stored = state
            .messages
            .iter_mut()
            .find(|m| m.msg.msg_key == key)
            .unwrap_or_else(|| panic!("no stored message {key}"));
        stored.msg.msg_flag_bits |= 8;
    }

    /// The `sendmsg` bodies that carried `src` (retries included).
    pub fn requests_with_src(&self, src: &str) -> Vec<Value> {
        let state = self.state.lock().unwrap();
        state
            .requests
            .iter()
            .filter(|r| {
                r["MsgBody"][0]["MsgContent"]["Data"]
                    .as_str()
                    .and_then(|d| serde_json::from_str::<Value>(d).ok())
                    .is_some_and(|d| d["src"] == src)
            })
            .cloned()
            .collect()
    }

    /// Messages that reached the service more than once (retries).
    pub fn retried(&self) -> usize {
        let state = self.state.lock().unwrap();
        state.received.values().filter(|n| **n > 1).count()
    }

    /// Messages carried out more than once (by `MsgRandom`), or the same
    /// stored message under two `MsgRandom`s.
    pub fn duplicates(&self) -> Vec<u32> {
        let state = self.state.lock().unwrap();
        let mut carried: HashMap<&str, usize> = HashMap::new();
        for (key, _, _) in state.processed.values() {
            *carried.entry(key.as_str()).or_default() += 1;
        }
        state
            .processed
            .iter()
            .filter(|(_, (k, _, times))| *times > 1 || carried[k.as_str()] > 1)
            .map(|(r, _)| *r)
            .collect()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            tx.send(()).ok();
        }
    }
}

type Shared = Arc<Mutex<FakeState>>;

/// IM's de-duplication key: sender, `MsgSeq`, `MsgRandom` and a checksum
/// of the content.
type DedupKey = (String, u32, u32, u64);

fn fail(code: i64, info: &str) -> Response {
    axum::Json(json!({"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info}))
        .into_response()
}

/// Checks the query's UserSig as IM does.
fn check_sig(q: &HashMap<String, String>) -> Result<(), Box<Response>> {
    let sdkappid: u64 = q.get("sdkappid").and_then(|s| s.parse().ok()).unwrap_or(0);
    let identifier = q.get("identifier").cloned().unwrap_or_default();
    let usersig = q.get("usersig").cloned().unwrap_or_default();
    if q.get("random").is_none() || q.get("contenttype").map(String::as_str) != Some("json") {
        return Err(Box::new(fail(
            60002,
            "random and contenttype=json are required",
        )));
    }
    if sdkappid != SDK_APP_ID {
        return Err(Box::new(fail(70020, "SDKAppID not found")));
    }
    if identifier != ADMIN {
        return Err(Box::new(fail(60010, "identifier is not an app admin")));
    }
    let now = SystemClock.now().unix_seconds() as u64;
    verify_usersig(&usersig, SECRET, sdkappid, &identifier, now).map_err(|e| {
        Box::new(match e {
            VerifyError::Unparsable(_) => fail(70003, "usersig unparsable"),
            VerifyError::SdkAppIdMismatch => fail(70014, "sdkappid mismatch"),
            VerifyError::IdentifierMismatch => fail(70013, "identifier mismatch"),
            VerifyError::BadSignature => fail(70009, "verify failed"),
            VerifyError::Expired => fail(70001, "usersig expired"),
        })
    })
}

/// A fault for this call, if one is queued; `None` means answer normally.
fn fault_for(state: &Shared, api: &'static str) -> Option<Fault> {
    let mut s = state.lock().unwrap();
    s.calls += 1;
    s.faults.get_mut(api).and_then(VecDeque::pop_front)
}

fn faulty(fault: &Fault) -> Option<Response> {
    Some(match fault {
        Fault::AfterWork(_) => return None,
        Fault::Status(code) => {
            (StatusCode::from_u16(*code).unwrap(), "upstream trouble").into_response()
        }
        Fault::Malformed => (StatusCode::OK, "{\"ActionStatus\": \"OK\", oops").into_response(),
        Fault::ErrorCode(code) => fail(*code, "injected"),
        Fault::Reset => {
            let stream = futures_core_stream::broken();
            Response::builder()
                .status(200)
                .header("content-length", "1000")
                .body(Body::from_stream(stream))
                .unwrap()
        }
        Fault::Huge => {
            let big = format!(
                "{{\"ActionStatus\": \"OK\", \"ErrorCode\": 0, \"Pad\": \"{}\"}}",
                "x".repeat(11 << 20)
            );
            (StatusCode::OK, big).into_response()
        }
        Fault::Slow(_) => return None,
    })
}

async fn sendmsg(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    let fault = fault_for(&state, "sendmsg");
    if let Some(f) = &fault
        && let Some(r) = faulty(f)
    {
        return r;
    }
    let answer = carry_out(&state, &q, &body);
    after_work(fault, answer).await
}

/// A fault that strikes once the work is done: a slow answer, or a lost one.
async fn after_work(fault: Option<Fault>, answer: Response) -> Response {
    match fault {
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::AfterWork(then)) => {
            if let Some(r) = faulty(&then) {
                return r;
            }
        }
        _ => {}
    }
    answer
}

/// `sendmsg` as IM does it: checks, stores, feeds Desk (the engine).
fn carry_out(state: &Shared, q: &HashMap<String, String>, body: &str) -> Response {
    if let Err(r) = check_sig(q) {
        return *r;
    }
    let Ok(req) = serde_json::from_str::<Value>(body) else {
        return fail(90001, "bad JSON");
    };
    let from = req["From_Account"].as_str().unwrap_or_default();
    let to = req["To_Account"].as_str().unwrap_or_default();
    if from != USER {
        return fail(70107, "account not imported");
    }
    if to != SERVICE {
        return fail(20003, "To_Account invalid");
    }
    let Some(random) = req["MsgRandom"].as_u64() else {
        return fail(90001, "MsgRandom required");
    };
    let Ok(elems) = serde_json::from_value::<Vec<MsgElem>>(req["MsgBody"].clone()) else {
        return fail(90002, "MsgBody invalid");
    };
    // `MsgLifeTime` 0 only skips offline storage; `OnlineOnlyFlag` 1 keeps
    // the message out of the history.
    let online_only = req["OnlineOnlyFlag"].as_u64() == Some(1);
    let hidden_from_sender = req["SyncOtherMachine"].as_u64() == Some(2);
    let random = random as u32;
    // Without a `MsgSeq` IM picks a random one: a retry is then a new message.
    let seq = req["MsgSeq"]
        .as_u64()
        .map_or_else(rand::random, |seq| seq as u32);
    let content = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        req["MsgBody"].to_string().hash(&mut h);
        h.finish()
    };
    let dedup_key: DedupKey = (from.to_owned(), seq, random, content);
    let answer = {
        let mut s = state.lock().unwrap();
        s.requests.push(req.clone());
        *s.received.entry(random).or_default() += 1;
        let now = s.now_s();
        if let Some((key, at)) = s.dedup.get(&dedup_key).cloned()
            && s.dedup_window_s.is_some_and(|w| now - at < w)
        {
            // IM's de-duplication: the same message, not carried out again.
            return axum::Json(json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "MsgTime": now, "MsgKey": key})).into_response();
        }
        let key = if online_only {
            format!("online-{random}")
        } else {
            let key = s.store(from, to, random, elems.clone(), None);
            if let Some(last) = s.messages.last_mut() {
                last.hidden_from_sender = hidden_from_sender;
                last.msg.msg_seq = i64::from(seq);
            }
            key
        };
        s.dedup.insert(dedup_key, (key.clone(), now));
        let times = s.processed.get(&random).map_or(0, |p| p.2);
        s.processed.insert(random, (key.clone(), now, times + 1));
        for elem in &elems {
            let payload = match elem.msg_type.as_str() {
                "TIMTextElem" => Payload::Text(
                    elem.msg_content["Text"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                ),
                _ => Payload::Custom(
                    elem.msg_content["Data"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                ),
            };
            s.engine.receive(&key, &payload);
        }
        s.settle();
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "MsgTime": s.now_s(), "MsgKey": key})
    };
    axum::Json(answer).into_response()
}

async fn getroammsg(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    let fault = fault_for(&state, "getroammsg");
    if let Some(f) = &fault
        && let Some(r) = faulty(f)
    {
        return r;
    }
    if let Err(r) = check_sig(&q) {
        return *r;
    }
    let Ok(req) = serde_json::from_str::<Value>(&body) else {
        return fail(90001, "bad JSON");
    };
    let (op, peer) = (
        req["Operator_Account"].as_str().unwrap_or_default(),
        req["Peer_Account"].as_str().unwrap_or_default(),
    );
    let (min, max) = (
        req["MinTime"].as_i64().unwrap_or(0),
        req["MaxTime"].as_i64().unwrap_or(i64::MAX),
    );
    let after = req["LastMsgKey"].as_str().map(str::to_owned);
    let answer = {
        let mut s = state.lock().unwrap();
        s.roam_requests.push(req.clone());
        // Newest first, as the history is usually paged.
        let mut list: Vec<&RoamMsg> = s
            .messages
            .iter()
            .filter(|m| !(m.hidden_from_sender && m.msg.from_account == op))
            .map(|m| &m.msg)
            .filter(|m| {
                let pair = (m.from_account == op && m.to_account == peer)
                    || (m.from_account == peer && m.to_account == op);
                pair && m.msg_time_stamp >= min && m.msg_time_stamp <= max
            })
            .collect();
        list.sort_by_key(|m| std::cmp::Reverse((m.msg_time_stamp, m.msg_seq)));
        let start = match &after {
            Some(key) => list
                .iter()
                .position(|m| &m.msg_key == key)
                .map_or(list.len(), |i| i + 1),
            None => 0,
        };
        let page: Vec<&RoamMsg> = list.iter().skip(start).take(s.page_size).copied().collect();
        let complete = start + page.len() >= list.len();
        let last = page.last();
        let mut entries: Vec<Value> = page.iter().map(|m| json!(m)).collect();
        if after.is_none() {
            entries.extend(s.raw_entries.iter().cloned());
        }
        json!({
            "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
            "Complete": if complete { 1 } else { 0 },
            "MsgCnt": entries.len(),
            "LastMsgTime": last.map_or(0, |m| m.msg_time_stamp),
            "LastMsgKey": last.map_or(String::new(), |m| m.msg_key.clone()),
            "MsgList": entries,
        })
    };
    after_work(fault, axum::Json(answer).into_response()).await
}

async fn advance(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    if let Err(r) = check_sig(&q) {
        return *r;
    }
    let ms = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| v["ms"].as_u64())
        .unwrap_or(0);
    let mut s = state.lock().unwrap();
    s.advance(Duration::from_millis(ms));
    axum::Json(json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})).into_response()
}

impl FakeState {
    fn now_s(&self) -> i64 {
        SystemClock.now().unix_seconds() + self.ahead_s
    }

    fn store(
        &mut self,
        from: &str,
        to: &str,
        random: u32,
        body: Vec<MsgElem>,
        engine_id: Option<String>,
    ) -> String {
        self.seq += 1;
        let key = format!("{}_{}_{}", self.seq, random, self.now_s());
        self.messages.push(Stored {
            msg: RoamMsg {
                from_account: from.to_owned(),
                to_account: to.to_owned(),
                msg_seq: self.seq,
                msg_random: random,
                msg_time_stamp: self.now_s(),
                msg_flag_bits: 0,
                msg_key: key.clone(),
                msg_body: body,
                cloud_custom_data: None,
            },
            engine_id,
            hidden_from_sender: false,
        });
        key
    }

    /// Lets the engine say everything its answer holds (Desk's replies),
    /// storing them as the service account's messages.
    fn settle(&mut self) {
        for _ in 0..10_000 {
            self.take_events();
            match self.engine.next_due() {
                Some(due) if due.kind == desksim::backend::DueKind::Turn => {
                    self.clock.advance_to(due.at)
                }
                _ => return,
            }
        }
    }

    fn advance(&mut self, by: Duration) {
        let until = self.clock.now().plus(by);
        for _ in 0..10_000 {
            self.take_events();
            match self.engine.next_due() {
                Some(due) if due.at <= until => self.clock.advance_to(due.at),
                _ => break,
            }
        }
        self.clock.advance_to(until);
        self.take_events();
        self.ahead_s += (by.as_millis() / 1000) as i64;
    }

    fn take_events(&mut self) {
        for event in self.engine.poll() {
            let BackendEvent::Message(m) = event else {
                continue;
            };
            let elem = match &m.payload {
                Payload::Text(t) => MsgElem::text(t),
                Payload::Custom(d) => MsgElem::custom(d),
            };
            let online_only = match &m.payload {
                Payload::Custom(d) => {
                    matches!(decode(d, &DecodeOptions::strict()), Ok(x) if matches!(&x.body, DecodedBody::Service(cs) if cs.online_only()))
                }
                Payload::Text(_) => false,
            };
            match m.arrival {
                // IM keeps no online-only message: the poller never sees typing.
                Arrival::New if online_only => {}
                Arrival::New => {
                    self.store(
                        SERVICE,
                        USER,
                        rand::random(),
                        vec![elem],
                        Some(m.id.clone()),
                    );
                }
                Arrival::Update => {
                    if let Some(stored) = self
                        .messages
                        .iter_mut()
                        .find(|s| s.engine_id.as_deref() == Some(m.id.as_str()))
                    {
                        stored.msg.msg_body = vec![elem];
                    }
                }
            }
        }
    }
}

/// A body stream that fails at once: the connection breaks mid-answer.
mod futures_core_stream {
    pub use futures_core::Stream;

    pub fn broken() -> impl Stream<Item = Result<bytes::Bytes, std::io::Error>> {
        Broken
    }

    struct Broken;

    impl Stream for Broken {
        type Item = Result<bytes::Bytes, std::io::Error>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(Some(Err(std::io::Error::other(
                "connection reset by the fake",
            ))))
        }
    }
}
