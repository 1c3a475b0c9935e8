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

/// Adds `by` in milliseconds to `cell`, saturating: an atomic add wraps
/// silently, and a wrapped clock would put the transcript's `t_ms` before
/// the conversation's start.
fn saturating_add(cell: &AtomicI64, by: Duration) {
    let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
    let mut current = cell.load(Ordering::SeqCst);
    // Another clone may move the clock between the load and the store:
    // then try again from what it moved it to.
    while let Err(moved) = cell.compare_exchange_weak(
        current,
        current.saturating_add(ms),
        Ordering::SeqCst,
        Ordering::SeqCst,
    ) {
        current = moved;
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

    /// Moves on by `by`, stopping at the end of `Timestamp`'s range.
    pub fn advance(&self, by: Duration) {
        saturating_add(&self.now, by);
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

    /// Moves the clock on by `by`, stopping at the end of `Timestamp`'s
    /// range.
    pub fn fast_forward(&self, by: Duration) {
        saturating_add(&self.offset_ms, by);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_clock_stops_at_the_end_of_time_rather_than_wrap() {
        let clock = VirtualClock::new(Timestamp(i64::MAX - 1000));
        clock.advance(Duration::from_secs(2));
        assert_eq!(clock.now(), Timestamp(i64::MAX));
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), Timestamp(i64::MAX));
    }

    #[test]
    fn fast_forward_stops_at_the_end_of_time_rather_than_wrap() {
        let clock = ShiftedClock::new();
        clock.fast_forward(Duration::from_millis(i64::MAX as u64));
        clock.fast_forward(Duration::from_secs(3600));
        assert_eq!(clock.now(), Timestamp(i64::MAX));
        assert!(clock.offset() > Duration::from_secs(3600));
    }
}
