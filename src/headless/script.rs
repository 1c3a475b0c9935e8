//! A script: the user's actions in order, for `desksim play` and flow tests.
//!
//! Steps are read by hand from the JSON rather than by serde's derive, so
//! that a wrong step is told in the user's words (what was wrong and what
//! is accepted) instead of serde's ("data did not match any variant").
//! Times are kept to the span desksim plays ([`EARLIEST`]..=[`LATEST`])
//! where they are read, so nothing downstream overflows.

use std::time::Duration;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::clock::{
    DurationError, EARLIEST, LATEST, LONGEST_WAIT, LONGEST_WAIT_TEXT, Timestamp, parse_duration,
};
use crate::protocol::{CustomField, ProductCard};

/// One thing the user (or, in operator flows, the agent) does.
#[derive(Debug, Clone, PartialEq)]
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
    /// Let time pass on the virtual clock: "1500ms", "90s", "5m", "1h", or
    /// a whole number of milliseconds; at most [`LONGEST_WAIT`].
    Wait(Duration),
    /// Paste a raw custom message (JSON5 accepted).
    Raw(String),
    /// Play the agent (operator mode).
    Agent(AgentStep),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AgentStep {
    Say(String),
    Typing,
    SendRating,
    EndSession,
}

/// A script file: `{"start_at": "2025-06-16T02:00:00Z", "steps": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ScriptFile")]
pub struct Script {
    /// When the conversation happens (RFC 3339); matters for service hours.
    pub start_at: Option<String>,
    pub steps: Vec<Step>,
}

/// A script as written, before its times are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptFile {
    start_at: Option<String>,
    /// Optional here only so that its absence is told in words.
    steps: Option<Vec<Step>>,
}

impl TryFrom<ScriptFile> for Script {
    type Error = ScriptError;

    fn try_from(file: ScriptFile) -> Result<Self, ScriptError> {
        let steps = file.steps.ok_or(ScriptError::NoSteps)?;
        check_times(file.start_at.as_deref(), &steps)?;
        Ok(Script {
            start_at: file.start_at,
            steps,
        })
    }
}

/// What is wrong with a script (or a flow test's script) as a whole.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScriptError {
    #[error(
        "`steps` is missing: the user's actions in order, such as {{\"steps\": [{{\"say\": \"hi\"}}, \"human\"]}}"
    )]
    NoSteps,
    #[error(
        "start_at: {0:?} is not a time such as 2025-06-16T02:00:00Z (RFC 3339: a date, T, a time, and Z or an offset such as +08:00)"
    )]
    NotATime(String),
    #[error("start_at: {0} is before {EARLIEST}; {SPAN}")]
    TooEarly(String),
    #[error("start_at: {0} is after {LATEST}; {SPAN}")]
    TooLate(String),
    #[error(
        "step {step}: this wait takes the conversation past {LATEST}, the latest time desksim plays; start earlier or wait less"
    )]
    PastTheEnd { step: usize },
}

/// Why times are kept to [`EARLIEST`]..=[`LATEST`], in a user's words.
const SPAN: &str = "desksim plays times from 1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z (message times and a rating card's expireTime count Unix seconds, which go negative before 1970 and pass 32 bits after 2106)";

/// The virtual clock's start when a script names none: Monday 16 June 2025,
/// 10:00 in Shanghai, 04:00 in Berlin, 02:00 UTC.
pub const DEFAULT_START_MS: i64 = 1_750_039_200_000;

/// Reads `start_at`: an RFC 3339 time within the span desksim plays.
pub fn read_start(start_at: Option<&str>) -> Result<Timestamp, ScriptError> {
    let Some(text) = start_at else {
        return Ok(Timestamp(DEFAULT_START_MS));
    };
    let t = match text.parse::<jiff::Timestamp>() {
        Ok(t) => Timestamp(t.as_millisecond()),
        // A well-formed time the calendar library cannot hold as an
        // instant (years near 9999 or -9999) is far out of the span.
        Err(_) => match jiff::fmt::temporal::Pieces::parse(text) {
            Ok(p) if p.offset().is_some() && p.date().year() < 1970 => {
                return Err(ScriptError::TooEarly(text.to_owned()));
            }
            Ok(p) if p.offset().is_some() => return Err(ScriptError::TooLate(text.to_owned())),
            _ => return Err(ScriptError::NotATime(text.to_owned())),
        },
    };
    if t < EARLIEST {
        Err(ScriptError::TooEarly(text.to_owned()))
    } else if t > LATEST {
        Err(ScriptError::TooLate(text.to_owned()))
    } else {
        Ok(t)
    }
}

/// Reads `start_at`, with the problem in words.
pub fn start_time(start_at: Option<&str>) -> Result<Timestamp, String> {
    read_start(start_at).map_err(|e| e.to_string())
}

/// The start is in the span desksim plays, and the script's waits keep the
/// conversation in it (the flow's own delays come on top; each is at most
/// [`LONGEST_WAIT`], and the clock saturates rather than overflow).
pub fn check_times(start_at: Option<&str>, steps: &[Step]) -> Result<Timestamp, ScriptError> {
    let started = read_start(start_at)?;
    let mut at = started;
    for (i, step) in steps.iter().enumerate() {
        if let Step::Wait(d) = step {
            at = at.plus(*d);
            if at > LATEST {
                return Err(ScriptError::PastTheEnd { step: i + 1 });
            }
        }
    }
    Ok(started)
}

/// What is wrong with one step; the reader puts "step N: " before it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StepProblem {
    #[error(
        "a step is an action: a word such as \"human\" or an object such as {{\"say\": \"hi\"}}; found {0}"
    )]
    NotAnAction(String),
    #[error("unknown action `{0}`: the actions are {ACTIONS}")]
    UnknownAction(String),
    #[error("`{0}` needs a value, such as {example}", example = example(.0))]
    NeedsValue(&'static str),
    #[error("`{0}` takes no value: write it as \"{0}\"")]
    TakesNoValue(&'static str),
    #[error("an empty object is no action; write one such as {{\"say\": \"hi\"}}")]
    EmptyObject,
    #[error("a step is one action, but this one has {}: {}; give each its own step", .0.len(), backticked(.0))]
    SeveralActions(Vec<String>),
    #[error("`{action}` takes {takes}, such as {example}; found {found}", example = example(.action))]
    WrongValue {
        action: &'static str,
        takes: &'static str,
        found: String,
    },
    #[error("`send_card`: unknown key `{0}`; a card has header, desc, pic, url and customField")]
    UnknownCardKey(String),
    #[error("`send_card`: {0}")]
    BadCardField(String),
    #[error("unknown agent command `{0}`; {AGENT_COMMANDS}")]
    UnknownAgentCommand(String),
    #[error("`agent`: {0}")]
    InAgent(Box<StepProblem>),
    #[error(transparent)]
    Wait(#[from] WaitProblem),
}

/// What is wrong with a `wait`; the same words whichever form it takes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WaitProblem {
    #[error(
        "`wait` must be a duration like \"5m\": a number and ms, s, m or h (\"1500ms\", \"90s\", \"1.5h\"), or a whole number of milliseconds; found {0}"
    )]
    NotADuration(String),
    #[error("`wait` counts whole milliseconds; found {0}")]
    NotWhole(String),
    #[error("`wait` can be at most {LONGEST_WAIT_TEXT}; use several waits to go further")]
    TooLong,
}

const ACTIONS: &str = "say, choose, answer, submit, send_card, rate, wait, raw, agent (each with a value, such as {\"say\": \"hi\"}) and the words \"human\", \"request_rating\", \"end_service\", \"start\"";

const AGENT_COMMANDS: &str = "an agent step is {\"agent\": {\"say\": \"Hi, Ann here\"}}, {\"agent\": \"typing\"}, {\"agent\": \"send_rating\"} or {\"agent\": \"end_session\"}";

/// A step that shows how `action` is written.
fn example(action: &str) -> &'static str {
    match action {
        "say" => r#"{"say": "hi"}"#,
        "choose" => r#"{"choose": "Speakers"}"#,
        "answer" => r#"{"answer": "NW-123456"}"#,
        "submit" => r#"{"submit": ["Ann", "ann@example.com"]}"#,
        "send_card" => {
            r#"{"send_card": {"header": "Aurora X2", "desc": "$199", "url": "https://…"}}"#
        }
        "rate" => r#"{"rate": "5"}"#,
        "wait" => r#"{"wait": "5m"}"#,
        "raw" => r#"{"raw": "{customerServicePlugin: 0, src: '24'}"}"#,
        "agent" => r#"{"agent": "typing"} or {"agent": {"say": "Hi, Ann here"}}"#,
        _ => r#"{"say": "hi"}"#,
    }
}

fn backticked(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "a number (3)", "a string (\"abc\")", "an object" …
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({})", as_written(value, s)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// A value as the user wrote it, shortened: `-5`, `"soon"`, `true`.
fn written(value: &Value) -> String {
    match value {
        Value::String(s) => as_written(value, s),
        Value::Array(_) | Value::Object(_) => kind(value),
        other => other.to_string(),
    }
}

fn as_written(value: &Value, s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() <= SHOWN {
        return value.to_string();
    }
    let shown: String = s.chars().take(SHOWN).collect();
    format!("{:?}", format!("{shown}…"))
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Step::from_json(&value).map_err(serde::de::Error::custom)
    }
}

impl Step {
    /// Reads one step of a script.
    pub fn from_json(value: &Value) -> Result<Step, StepProblem> {
        match value {
            Value::String(word) => bare_action(word),
            Value::Object(map) => {
                let mut entries = map.iter();
                match (entries.next(), entries.next()) {
                    (None, _) => Err(StepProblem::EmptyObject),
                    (Some((action, value)), None) => action_with_value(action, value),
                    (Some(_), Some(_)) => {
                        Err(StepProblem::SeveralActions(map.keys().cloned().collect()))
                    }
                }
            }
            other => Err(StepProblem::NotAnAction(kind(other))),
        }
    }
}

/// The actions written as a word, with their names for messages.
fn word_action(word: &str) -> Option<(&'static str, Step)> {
    Some(match word {
        "request_rating" => ("request_rating", Step::RequestRating),
        "human" => ("human", Step::Human),
        "end_service" => ("end_service", Step::EndService),
        "start" => ("start", Step::Start),
        _ => return None,
    })
}

/// The actions that take a value.
const VALUED_ACTIONS: [&str; 9] = [
    "say",
    "choose",
    "answer",
    "submit",
    "send_card",
    "rate",
    "wait",
    "raw",
    "agent",
];

fn bare_action(word: &str) -> Result<Step, StepProblem> {
    if let Some((_, step)) = word_action(word) {
        return Ok(step);
    }
    Err(match VALUED_ACTIONS.into_iter().find(|a| *a == word) {
        Some(action) => StepProblem::NeedsValue(action),
        None => StepProblem::UnknownAction(word.to_owned()),
    })
}

fn action_with_value(action: &str, value: &Value) -> Result<Step, StepProblem> {
    // `{"human": null}` is how serde's derive wrote a word-only action:
    // still read.
    if let Some((name, step)) = word_action(action) {
        return match value {
            Value::Null => Ok(step),
            _ => Err(StepProblem::TakesNoValue(name)),
        };
    }
    let Some(action) = VALUED_ACTIONS.into_iter().find(|a| *a == action) else {
        return Err(StepProblem::UnknownAction(action.to_owned()));
    };
    let text = |takes: &'static str| match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(StepProblem::WrongValue {
            action,
            takes,
            found: kind(other),
        }),
    };
    Ok(match action {
        "say" => Step::Say(text("a text")?),
        "choose" => Step::Choose(text("the text of an item")?),
        "answer" => Step::Answer(text("an option's text or the text to type")?),
        "rate" => Step::Rate(text("an option's id or text")?),
        "raw" => Step::Raw(text("a custom message as text (JSON5 accepted)")?),
        "submit" => Step::Submit(texts(value)?),
        "send_card" => Step::SendCard(card(value)?),
        "wait" => Step::Wait(wait(value)?),
        _ => Step::Agent(agent(value)?),
    })
}

fn texts(value: &Value) -> Result<Vec<String>, StepProblem> {
    let wrong = |found: &Value| StepProblem::WrongValue {
        action: "submit",
        takes: "a list of texts, one per field",
        found: kind(found),
    };
    let Value::Array(items) = value else {
        return Err(wrong(value));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.clone()),
            other => Err(wrong(other)),
        })
        .collect()
}

fn card(value: &Value) -> Result<ProductCard, StepProblem> {
    let Value::Object(map) = value else {
        return Err(StepProblem::WrongValue {
            action: "send_card",
            takes: "a card",
            found: kind(value),
        });
    };
    let field = |key: &str| -> Result<String, StepProblem> {
        match map.get(key) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(StepProblem::BadCardField(format!(
                "`{key}` takes a text; found {}",
                kind(other)
            ))),
        }
    };
    if let Some(key) = map
        .keys()
        .find(|k| !["header", "desc", "pic", "url", "customField"].contains(&k.as_str()))
    {
        return Err(StepProblem::UnknownCardKey(key.clone()));
    }
    Ok(ProductCard {
        header: field("header")?,
        desc: field("desc")?,
        pic: field("pic")?,
        url: field("url")?,
        custom_field: custom_fields(map)?,
    })
}

/// `customField`: `[{"name": "…", "value": "…"}]`, as the clients send it.
fn custom_fields(card: &Map<String, Value>) -> Result<Option<Vec<CustomField>>, StepProblem> {
    let Some(value) = card.get("customField") else {
        return Ok(None);
    };
    serde_path_to_error::deserialize::<_, Vec<CustomField>>(value)
        .map(Some)
        .map_err(|e| {
            let place = e.path().to_string();
            let message = crate::protocol::plain_serde_message(e.inner(), None);
            StepProblem::BadCardField(format!(
                "customField{}: {message} (customField is a list of {{\"name\": …, \"value\": …}})",
                if place == "." { String::new() } else { place }
            ))
        })
}

/// The agent's commands written as a word, with their names for messages.
fn agent_word(word: &str) -> Option<(&'static str, AgentStep)> {
    Some(match word {
        "typing" => ("typing", AgentStep::Typing),
        "send_rating" => ("send_rating", AgentStep::SendRating),
        "end_session" => ("end_session", AgentStep::EndSession),
        _ => return None,
    })
}

fn agent(value: &Value) -> Result<AgentStep, StepProblem> {
    let inside = |problem| StepProblem::InAgent(Box::new(problem));
    match value {
        Value::String(word) => match agent_word(word) {
            Some((_, command)) => Ok(command),
            None if word == "say" => Err(inside(StepProblem::NeedsValue("say"))),
            None => Err(StepProblem::UnknownAgentCommand(word.clone())),
        },
        Value::Object(map) if map.len() > 1 => Err(inside(StepProblem::SeveralActions(
            map.keys().cloned().collect(),
        ))),
        Value::Object(map) if let Some((command, value)) = map.iter().next() => {
            match (agent_word(command), command.as_str(), value) {
                (Some((_, step)), _, Value::Null) => Ok(step),
                (Some((name, _)), _, _) => Err(inside(StepProblem::TakesNoValue(name))),
                (None, "say", Value::String(s)) => Ok(AgentStep::Say(s.clone())),
                (None, "say", other) => Err(inside(StepProblem::WrongValue {
                    action: "say",
                    takes: "a text",
                    found: kind(other),
                })),
                (None, other, _) => Err(StepProblem::UnknownAgentCommand(other.to_owned())),
            }
        }
        other => Err(StepProblem::WrongValue {
            action: "agent",
            takes: "a command",
            found: kind(other),
        }),
    }
}

/// A `wait`: a duration as text, or a number of milliseconds. Both forms
/// accept 0 to [`LONGEST_WAIT`] in whole milliseconds and say the same
/// about anything else.
fn wait(value: &Value) -> Result<Duration, WaitProblem> {
    let found = written(value);
    let problem = |e: DurationError| match e {
        DurationError::NotADuration => WaitProblem::NotADuration(found.clone()),
        DurationError::NotWhole => WaitProblem::NotWhole(found.clone()),
        DurationError::TooLong => WaitProblem::TooLong,
    };
    let millis = match value {
        Value::String(text) => return parse_duration(text).map_err(problem),
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(ms), _) => Ok(ms),
            (None, Some(f)) if f < 0.0 => Err(DurationError::NotADuration),
            (None, Some(f)) if f > LONGEST_WAIT.as_millis() as f64 => Err(DurationError::TooLong),
            (None, Some(f)) if f.fract() != 0.0 => Err(DurationError::NotWhole),
            // Whole and within range: exact as an integer.
            (None, Some(f)) => Ok(f as u64),
            (None, None) => Err(DurationError::NotADuration),
        },
        _ => Err(DurationError::NotADuration),
    }
    .map_err(problem)?;
    let wait = Duration::from_millis(millis);
    if wait > LONGEST_WAIT {
        return Err(WaitProblem::TooLong);
    }
    Ok(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_as_in_a_script_file() {
        let s: Script = serde_json::from_str(
            r#"{"steps": [{"say": "hi"}, "request_rating", {"wait": "5m"}, {"agent": {"say": "hello"}}, {"wait": 20}, {"human": null}, {"agent": "typing"}]}"#,
        )
        .unwrap();
        assert_eq!(s.steps[1], Step::RequestRating);
        assert_eq!(s.steps[2], Step::Wait(Duration::from_secs(300)));
        assert_eq!(s.steps[3], Step::Agent(AgentStep::Say("hello".into())));
        assert_eq!(s.steps[4], Step::Wait(Duration::from_millis(20)));
        assert_eq!(s.steps[5], Step::Human);
        assert_eq!(s.steps[6], Step::Agent(AgentStep::Typing));
    }
}
