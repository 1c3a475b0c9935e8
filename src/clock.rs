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

/// The first instant desksim plays: the Unix epoch. Message times and a
/// rating card's `expireTime` count Unix seconds; before 1970 they go
/// negative, and an `expireTime` of 0 or less means "no deadline" to the
/// clients and to the session.
pub const EARLIEST: Timestamp = Timestamp(0);

/// The last instant desksim plays: the last Unix second that fits 32
/// unsigned bits (2106-02-07T06:28:15Z), as far as a client keeping those
/// seconds in 32 bits can count.
pub const LATEST: Timestamp = Timestamp(u32::MAX as i64 * 1000);

/// The longest single delay a script or a flow may ask for (a script's
/// `wait`; a flow's pauses, typing, queues, inactivity timers and how long
/// a rating card stays valid): a year, far beyond any conversation, and
/// short enough that a sum of them cannot leave `Timestamp`'s range.
pub const LONGEST_WAIT: Duration = Duration::from_secs(365 * 24 * 3600);

/// [`LONGEST_WAIT`] as users write it in a script.
pub const LONGEST_WAIT_TEXT: &str = "8760h (a year)";

/// Why a text is not a duration that may be waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    NotADuration,
    /// Finer than a millisecond ("0.5ms").
    NotWhole,
    /// Longer than [`LONGEST_WAIT`].
    TooLong,
}

/// "250ms", "90s", "5m" (or "5min"), "1.5h", or a bare number of
/// milliseconds: at most [`LONGEST_WAIT`], in whole milliseconds. Read as
/// decimal digits, not through floating point, so "1.15s" is 1150 ms.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit_ms: u128 = match unit.trim() {
        "" | "ms" => 1,
        "s" => 1000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        _ => return Err(DurationError::NotADuration),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if !number.contains(|c: char| c.is_ascii_digit()) || fraction.contains('.') {
        return Err(DurationError::NotADuration);
    }
    // Leading and trailing zeros say nothing: "007.50s" is 7.5 seconds.
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    // Sixteen digits of milliseconds are already centuries: any more is
    // too long in every unit, and fewer keep the arithmetic below in u128.
    if whole.len() > 15 {
        return Err(DurationError::TooLong);
    }
    // Nine decimals are finer than a millisecond in every unit.
    if fraction.len() > 9 {
        return Err(DurationError::NotWhole);
    }
    let digits = |s: &str| s.parse::<u128>().unwrap_or(0);
    let scale = 10u128.pow(fraction.len() as u32);
    let scaled_ms = (digits(whole) * scale + digits(fraction)) * unit_ms;
    if scaled_ms > LONGEST_WAIT.as_millis() * scale {
        return Err(DurationError::TooLong);
    }
    if !scaled_ms.is_multiple_of(scale) {
        return Err(DurationError::NotWhole);
    }
    u64::try_from(scaled_ms / scale)
        .map(Duration::from_millis)
        .map_err(|_| DurationError::TooLong)
}

impl std::fmt::Display for Timestamp {
    /// RFC 3339 in UTC (`2025-06-16T02:00:00Z`), as scripts write times;
    /// milliseconds since 1970 outside the calendar's range.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match jiff::Timestamp::from_millisecond(self.0) {
            Ok(t) => write!(f, "{t}"),
            Err(_) => write!(f, "{} ms after 1970-01-01T00:00:00Z", self.0),
        }
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
    fn the_span_desksim_plays_reads_as_scripts_write_it() {
        assert_eq!(EARLIEST.to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(LATEST.to_string(), "2106-02-07T06:28:15Z");
        assert_eq!(LONGEST_WAIT.as_secs(), 8760 * 3600);
        assert!(LONGEST_WAIT_TEXT.starts_with("8760h"));
        assert_eq!(
            Timestamp(1_750_039_200_500).to_string(),
            "2025-06-16T02:00:00.5Z"
        );
    }

    #[test]
    fn durations_read_their_units_exactly() {
        let ok = |t: &str| parse_duration(t).unwrap();
        assert_eq!(ok("1500ms"), Duration::from_millis(1500));
        assert_eq!(ok("90s"), Duration::from_secs(90));
        assert_eq!(ok("5m"), Duration::from_secs(300));
        assert_eq!(ok(" 5 min "), Duration::from_secs(300));
        assert_eq!(ok("1.5h"), Duration::from_secs(5400));
        assert_eq!(ok("007.50s"), Duration::from_millis(7500));
        assert_eq!(ok(".5s"), Duration::from_millis(500));
        assert_eq!(ok("0.001s"), Duration::from_millis(1));
        assert_eq!(ok("1.15s"), Duration::from_millis(1150));
        assert_eq!(ok("250"), Duration::from_millis(250));
        assert_eq!(ok("0"), Duration::ZERO);
        assert_eq!(ok("8760h"), LONGEST_WAIT);
        for bad in ["5 days", "-1s", "", ".", "1.2.3s", "s", "1e3", "1,5s"] {
            assert_eq!(
                parse_duration(bad),
                Err(DurationError::NotADuration),
                "{bad:?}"
            );
        }
        for fine in ["0.0001s", "0.5ms", "1.0000000001s"] {
            assert_eq!(
                parse_duration(fine),
                Err(DurationError::NotWhole),
                "{fine:?}"
            );
        }
        for long in [
            "8760.0001h",
            "525601m",
            "31536000001",
            "99999999999999999999999h",
        ] {
            assert_eq!(
                parse_duration(long),
                Err(DurationError::TooLong),
                "{long:?}"
            );
        }
    }

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
