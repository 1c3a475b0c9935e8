//! Service hours: is the service open at a given instant, in a time zone?

use jiff::Timestamp as Instant;
use jiff::civil::Weekday as CivilWeekday;
use jiff::tz::TimeZone;

use super::model::{OpeningHours, Weekday};
use crate::clock::Timestamp;

/// Minutes after midnight for `HH:MM` (00:00 … 24:00).
pub fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    ((h < 24 && m < 60) || (h == 24 && m == 0)).then_some(h * 60 + m)
}

/// Whether `at` falls in one of the opening hours, read in `time_zone`.
/// An unknown zone counts as closed (`check` reports it beforehand).
pub fn is_open(at: Timestamp, time_zone: &str, schedule: &[OpeningHours]) -> bool {
    let Ok(tz) = TimeZone::get(time_zone) else {
        return false;
    };
    let Ok(instant) = Instant::from_millisecond(at.millis()) else {
        return false;
    };
    let local = instant.to_zoned_datetime(tz);
    let day = match local.weekday() {
        CivilWeekday::Monday => Weekday::Mon,
        CivilWeekday::Tuesday => Weekday::Tue,
        CivilWeekday::Wednesday => Weekday::Wed,
        CivilWeekday::Thursday => Weekday::Thu,
        CivilWeekday::Friday => Weekday::Fri,
        CivilWeekday::Saturday => Weekday::Sat,
        CivilWeekday::Sunday => Weekday::Sun,
    };
    let minute = local.hour() as u32 * 60 + local.minute() as u32;
    schedule.iter().any(|h| {
        h.days.contains(&day)
            && matches!((parse_hhmm(&h.from), parse_hhmm(&h.to)), (Some(f), Some(t)) if f <= minute && minute < t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_9_to_18() -> Vec<OpeningHours> {
        vec![OpeningHours {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            from: "09:00".into(),
            to: "18:00".into(),
        }]
    }

    #[test]
    fn open_in_hours_in_the_flow_time_zone() {
        // 2025-06-16 is a Monday; 02:00 UTC is 10:00 in Shanghai.
        let monday_10_shanghai = Timestamp(1_750_039_200_000);
        assert!(is_open(
            monday_10_shanghai,
            "Asia/Shanghai",
            &weekdays_9_to_18()
        ));
        assert!(!is_open(
            monday_10_shanghai,
            "America/New_York",
            &weekdays_9_to_18()
        ));
    }

    #[test]
    fn closed_at_the_weekend_and_with_a_bad_zone() {
        let saturday_noon_utc = Timestamp(1_750_507_200_000);
        assert!(!is_open(saturday_noon_utc, "UTC", &weekdays_9_to_18()));
        assert!(!is_open(
            Timestamp(1_750_039_200_000),
            "Mars/Olympus",
            &weekdays_9_to_18()
        ));
    }

    #[test]
    fn times_parse_strictly() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("9:30"), None);
        assert_eq!(parse_hhmm("24:01"), None);
    }
}
