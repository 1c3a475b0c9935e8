//! A script: the user's actions in order, for `desksim play` and flow tests.

use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::protocol::ProductCard;

/// One thing the user (or, in operator flows, the agent) does.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Type and send a text.
    Say(String),
    /// Click the item with this text on the latest branch or bot list.
    Choose(String),
    /// Answer the latest form: an option's text, or the text to type.
    Answer(String),
    /// Fill in and submit the latest task form, one value per field.
    Submit(Vec<String>),
    /// Send a product card.
    SendCard(ProductCard),
    /// Rate on the latest rating card: an option's id or its text.
    Rate(String),
    /// The toolbar's "rate" button (src 24).
    RequestRating,
    /// The toolbar's "human service" button.
    Human,
    /// The toolbar's "end service" button (src 27).
    EndService,
    /// "Start new session" (the trigger again).
    Start,
    /// Let time pass on the virtual clock: "1500ms", "90s", "5m", "1h".
    Wait(#[serde(deserialize_with = "duration")] Duration),
    /// Paste a raw custom message (JSON5 accepted).
    Raw(String),
    /// Play the agent (operator mode).
    Agent(AgentStep),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentStep {
    Say(String),
    Typing,
    SendRating,
    EndSession,
}

/// A script file: `{"start_at": "2025-06-16T02:00:00Z", "steps": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// When the conversation happens (RFC 3339); matters for service hours.
    #[serde(default)]
    pub start_at: Option<String>,
    pub steps: Vec<Step>,
}

/// The virtual clock's start when a script names none: Monday 16 June 2025,
/// 10:00 in Shanghai, 04:00 in Berlin, 02:00 UTC.
pub const DEFAULT_START_MS: i64 = 1_750_039_200_000;

/// Reads `start_at`.
pub fn start_time(start_at: Option<&str>) -> Result<crate::clock::Timestamp, String> {
    match start_at {
        None => Ok(crate::clock::Timestamp(DEFAULT_START_MS)),
        Some(text) => text
            .parse::<jiff::Timestamp>()
            .map(|t| crate::clock::Timestamp(t.as_millisecond()))
            .map_err(|e| {
                format!(
                    "start_at {text:?} is not an RFC 3339 time such as 2025-06-16T02:00:00Z: {e}"
                )
            }),
    }
}

/// "250ms", "90s", "5m", "1h", or a number of milliseconds.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => text.split_at(i),
        None => (text, "ms"),
    };
    let n: f64 = number
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    let ms = match unit.trim() {
        "ms" => n,
        "s" => n * 1000.0,
        "m" | "min" => n * 60_000.0,
        "h" => n * 3_600_000.0,
        _ => return None,
    };
    (ms <= 1e15).then(|| Duration::from_millis(ms as u64))
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Millis(u64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Millis(ms) => Ok(Duration::from_millis(ms)),
        Raw::Text(t) => parse_duration(&t).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{t:?} is not a duration such as \"1500ms\", \"90s\", \"5m\" or \"1h\""
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_their_units() {
        assert_eq!(parse_duration("1500ms"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("90s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse_duration("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("5 days"), None);
        assert_eq!(parse_duration("-1s"), None);
    }

    #[test]
    fn steps_read_as_in_a_script_file() {
        let s: Script = serde_json::from_str(
            r#"{"steps": [{"say": "hi"}, "request_rating", {"wait": "5m"}, {"agent": {"say": "hello"}}, {"wait": 20}]}"#,
        )
        .unwrap();
        assert_eq!(s.steps[1], Step::RequestRating);
        assert_eq!(s.steps[2], Step::Wait(Duration::from_secs(300)));
        assert_eq!(s.steps[4], Step::Wait(Duration::from_millis(20)));
    }
}
