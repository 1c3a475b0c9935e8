//! Time, injected: the real clock for the app, a virtual one for tests,
//! headless runs and fast-forward. Everything that needs "now" asks a
//! [`Clock`]; nothing else reads the system time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_unix_seconds(secs: i64) -> Self {
        Timestamp(secs.saturating_mul(1000))
    }

    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn plus(self, d: Duration) -> Self {
        Timestamp(
            self.0
                .saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        )
    }

    /// `ms` milliseconds later (or earlier, when negative), saturating.
    pub fn plus_millis(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// How long after `earlier` this is; zero when it is not after.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }
}

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;
}

/// The computer's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl SystemClock {
    /// The time now (for code that holds no `Clock`).
    pub fn now_for_tests(&self) -> Timestamp {
        Clock::now(self)
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that moves only when told to. Clones share the same time.
#[derive(Debug, Clone)]
pub struct VirtualClock {
    now: Arc<AtomicI64>,
}

impl VirtualClock {
    pub fn new(start: Timestamp) -> Self {
        VirtualClock {
            now: Arc::new(AtomicI64::new(start.0)),
        }
    }

    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    /// Moves to `to`; never backwards.
    pub fn advance_to(&self, to: Timestamp) {
        self.now.fetch_max(to.0, Ordering::SeqCst);
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.now.load(Ordering::SeqCst))
    }
}

/// The computer's clock moved forward by an adjustable amount: the app's
/// time, which the Flow tab can fast-forward to reach reminders, timeouts
/// and rating expiry. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct ShiftedClock {
    offset_ms: Arc<AtomicI64>,
}

impl ShiftedClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// A clock that reads `at` now and moves with real time from there.
    pub fn starting_at(at: Timestamp) -> Self {
        let clock = Self::default();
        clock
            .offset_ms
            .store(at.0.saturating_sub(SystemClock.now().0), Ordering::SeqCst);
        clock
    }

    pub fn fast_forward(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Jumps to `to` if it is ahead; never goes back.
    pub fn fast_forward_to(&self, to: Timestamp) {
        let now = self.now();
        if to > now {
            self.fast_forward(to.since(now));
        }
    }

    pub fn offset(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.offset_ms.load(Ordering::SeqCst)).unwrap_or(0))
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> Timestamp {
        let real = SystemClock.now();
        Timestamp(real.0.saturating_add(self.offset_ms.load(Ordering::SeqCst)))
    }
}
