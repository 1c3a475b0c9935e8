//! The remote backend: the simulated user talks to a real Tencent Cloud
//! Desk deployment through Tencent Cloud IM's server REST API. It sends as
//! the user (`openim/sendmsg`) and reads the conversation back
//! (`openim/admin_getroammsg`), turning it into the same events the
//! embedded backend produces. Online-only messages (typing) are never
//! stored by IM, so they cannot be seen this way.
//!
//! Two tasks on the tokio runtime: the `sender` keeps the user's messages
//! in order and retries with capped exponential backoff (the same
//! `MsgRandom` each time, and a look at the `history` before resending
//! after an answer that never came, so nothing is sent twice); the
//! `poller` reads the history often while the conversation is active and
//! less when idle.

pub mod api;
pub mod client;
pub mod config;
pub mod error;
mod history;
mod poller;
mod sender;
pub mod usersig;

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::{Backend, BackendError, BackendEvent, ConnectionState, Due, DueKind};
use crate::clock::Clock;
use crate::session::Sent;
use client::RestClient;
pub use config::{ConfigError, Region, Secret, TencentConfig, TencentSettings};
use error::RemoteError;

const MAX_BACKOFF: Duration = Duration::from_secs(30);

enum Cmd {
    Send(Sent),
    Discard,
    /// Ask desksim's fake of the API to move its clock.
    Advance(Duration),
}

pub struct TencentBackend {
    name: String,
    /// Tells the poller to stop when the backend goes away.
    stopped: Arc<AtomicBool>,
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
        let service_clock = ServiceClock::starting_now();
        let stopped = Arc::new(AtomicBool::new(false));
        runtime.spawn(sender::run(
            client.clone(),
            rx,
            events_out.clone(),
            poke.clone(),
            service_clock.clone(),
        ));
        runtime.spawn(poller::run(
            client,
            events_out,
            poke,
            service_clock,
            stopped.clone(),
        ));
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
        self.stopped.store(true, Ordering::SeqCst);
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

/// What a failed call means for the link: retrying after `delay`, or failed
/// until the settings change or the user tries again.
fn link_state(e: &RemoteError, delay: Duration) -> ConnectionState {
    if e.retryable() {
        ConnectionState::Retrying {
            in_ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
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

/// The time on this computer, in Unix seconds (the service's own clock is
/// read from its answers where it matters: [`ServiceClock`]).
fn unix_now() -> i64 {
    crate::clock::SystemClock.now().unix_seconds()
}

/// What desksim knows of the service's clock, from the times its answers
/// tell: the earliest time (service seconds) the conversation's history is
/// read from, and how far the service's clock is from the computer's.
#[derive(Clone)]
struct ServiceClock(Arc<ServiceTimes>);

struct ServiceTimes {
    /// The session's start, moved back when the service's clock turns out
    /// to be behind the computer's.
    floor: AtomicI64,
    /// Service time minus computer time, seconds; [`ServiceClock::UNKNOWN`]
    /// until an answer tells.
    offset_s: AtomicI64,
}

impl ServiceClock {
    /// Slack for the clocks and the second a message is stamped in.
    const MARGIN_S: i64 = 5;
    const UNKNOWN: i64 = i64::MIN;

    fn starting_now() -> Self {
        ServiceClock(Arc::new(ServiceTimes {
            floor: AtomicI64::new(unix_now() - Self::MARGIN_S),
            offset_s: AtomicI64::new(Self::UNKNOWN),
        }))
    }

    fn floor(&self) -> i64 {
        self.0.floor.load(Ordering::SeqCst)
    }

    /// An answer said the service's time is `t` now. The answer took a
    /// moment to come, so the offset read is, if anything, a little low:
    /// history read from a time it gives starts early, never late.
    fn saw_service_time(&self, t: i64) {
        if t > 0 {
            self.0.floor.fetch_min(t - Self::MARGIN_S, Ordering::SeqCst);
            self.0.offset_s.store(t - unix_now(), Ordering::SeqCst);
        }
    }

    /// The service's time now, once an answer has told it.
    fn service_now(&self) -> Option<i64> {
        let offset = self.0.offset_s.load(Ordering::SeqCst);
        (offset != Self::UNKNOWN).then(|| unix_now() + offset)
    }
}
