//! Decoding a custom message's `data` string into a [`CsMessage`].
//!
//! One fast pass reads the envelope (`customerServicePlugin`, `src`, and
//! `content` as a borrowed raw slice), then the typed message is read from the
//! same bytes by serde. Only when that fails is the text parsed again, with
//! path tracking, to say exactly where and what was wrong.

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::error::DecodeError;
use super::fast;
use super::lenient::normalize_lenient;
use super::message::{CsMessage, dispatch};
use super::warning::{Check, Warning, WarningKind};

/// How strictly the text must follow JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// RFC 8259 JSON, as the clients' `JSON.parse` and friends accept it.
    #[default]
    Strict,
    /// JSON5 and the documentation's own habits: comments, trailing and
    /// missing commas, single quotes, unquoted keys.
    Lenient,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    pub syntax: Syntax,
    /// The current time in Unix seconds, for checks that depend on it
    /// (`expireTime` already past). `None` skips them.
    pub now_unix: Option<i64>,
}

impl DecodeOptions {
    pub fn strict() -> Self {
        Self::default()
    }

    pub fn lenient() -> Self {
        Self {
            syntax: Syntax::Lenient,
            ..Self::default()
        }
    }

    pub fn at(mut self, now_unix: i64) -> Self {
        self.now_unix = Some(now_unix);
        self
    }
}

/// One decoded IM message element.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub body: Body,
    /// Conformance warnings: what the spec or an official client would flag.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A plain text message (`TIMTextElem`).
    Text(String),
    /// A customer-service custom message.
    Service(CsMessage),
    /// A custom message without the customer-service flag: not an error,
    /// just not ours.
    OtherCustom,
    /// Another IM element type (`TIMImageElem` …), named.
    OtherElement(String),
}

impl Decoded {
    pub fn service(&self) -> Option<&CsMessage> {
        match &self.body {
            Body::Service(m) => Some(m),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(rename = "customerServicePlugin", borrow, default)]
    pub(super) plugin: Option<&'a RawValue>,
    #[serde(rename = "chatbotPlugin", borrow, default)]
    pub(super) chatbot: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) src: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) content: Option<&'a RawValue>,
}

/// Decodes the `data` string of one custom message.
pub fn decode(data: &str, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    match opts.syntax {
        Syntax::Strict => decode_strict(data, opts),
        Syntax::Lenient => decode_strict(&normalize_lenient(data)?, opts),
    }
}

fn decode_strict(data: &str, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    if let Some(decoded) = decode_fast(data, opts) {
        return Ok(decoded);
    }
    decode_careful(data, opts)
}

/// One pass, for the common well-formed message; `None` sends the caller
/// down the careful path.
fn decode_fast(data: &str, opts: &DecodeOptions) -> Option<Decoded> {
    let fast = fast::decode_fast(data)?;
    let envelope = Envelope {
        plugin: fast.plugin,
        chatbot: fast.chatbot,
        src: fast.src,
        content: None,
    };
    let mut warnings = Vec::new();
    if !is_customer_service(&envelope, &mut warnings).ok()? {
        return Some(Decoded {
            body: Body::OtherCustom,
            warnings,
        });
    }
    let message = finish(fast.message?, data);
    message.check(&mut Check::new(data, opts, &mut warnings));
    Some(Decoded {
        body: Body::Service(message),
        warnings,
    })
}

fn finish(mut message: CsMessage, data: &str) -> CsMessage {
    if let CsMessage::Unknown { raw, .. } = &mut message {
        *raw = data.trim().to_owned();
    }
    message
}

/// Two passes: the envelope, then the typed payload; each failure becomes
/// an error that names its place.
fn decode_careful(data: &str, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    if !data.trim_start().starts_with('{') {
        // serde would read an array positionally into the envelope.
        let value: Value = parse_typed(data)?;
        return Err(DecodeError::wrong_type("(top level)", "an object", &value));
    }
    let envelope: Envelope = parse_typed(data)?;
    let mut warnings = Vec::new();
    if !is_customer_service(&envelope, &mut warnings)? {
        return Ok(Decoded {
            body: Body::OtherCustom,
            warnings,
        });
    }
    let src_raw = envelope.src.ok_or_else(|| DecodeError::Missing {
        path: "src".to_owned(),
    })?;
    let src = read_src(src_raw, &mut warnings)?;
    let message = dispatch(&src, TextReader(data)).map_err(|e| match e {
        DecodeError::Missing { path }
            if src == "9" && path == "menuContent" && envelope.content.is_some() =>
        {
            DecodeError::invalid(
                path,
                "missing: the card is under `content`, where no client looks for it",
            )
        }
        e => e,
    })?;
    let message = finish(message, data);
    message.check(&mut Check::new(data, opts, &mut warnings));
    Ok(Decoded {
        body: Body::Service(message),
        warnings,
    })
}

/// Web: `Number(customerServicePlugin) === 0` (or `chatbotPlugin === 1`);
/// Flutter: the number 0 only; Android: the key's presence. desksim reads
/// the flag as the web client does, and warns where the clients differ.
fn is_customer_service(env: &Envelope, warnings: &mut Vec<Warning>) -> Result<bool, DecodeError> {
    let Some(flag) = env.plugin else {
        let chatbot = env.chatbot.map(|raw| raw.get().trim_matches('"') == "1");
        if chatbot == Some(true) {
            warnings.push(Warning::top(WarningKind::ChatbotPluginOnly));
            return Ok(true);
        }
        return Ok(false);
    };
    let path = "customerServicePlugin";
    let text = flag.get();
    if text == "0" {
        return Ok(true);
    }
    let not_zero = |shown: String, warnings: &mut Vec<Warning>| {
        warnings.push(Warning::at(path, WarningKind::PluginFlagNotZero(shown)));
        Ok(false)
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Number(n)) if n.as_f64() == Some(0.0) => Ok(true),
        Ok(Value::Number(n)) => not_zero(n.to_string(), warnings),
        Ok(Value::Null) => {
            warnings.push(Warning::at(path, WarningKind::PluginFlagReadAsZero("null")));
            Ok(true)
        }
        Ok(Value::String(s)) if s.trim().is_empty() => {
            warnings.push(Warning::at(path, WarningKind::PluginFlagReadAsZero("\"\"")));
            Ok(true)
        }
        Ok(Value::String(s)) if s.trim().parse::<f64>() == Ok(0.0) => {
            warnings.push(Warning::at(path, WarningKind::StringPluginFlag));
            Ok(true)
        }
        Ok(Value::String(s)) => not_zero(format!("{s:?}"), warnings),
        Ok(other) => Err(DecodeError::wrong_type(path, "the number 0", &other)),
        Err(e) => Err(DecodeError::invalid(path, e.to_string())),
    }
}

fn read_src(raw: &RawValue, warnings: &mut Vec<Warning>) -> Result<String, DecodeError> {
    let text = raw.get();
    if text.starts_with('"') {
        let src: String =
            serde_json::from_str(text).map_err(|e| DecodeError::invalid("src", e.to_string()))?;
        return Ok(src);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Number(n)) => {
            warnings.push(Warning::at("src", WarningKind::NumericSrc));
            // `15.0` is 15 to the web client, as to JavaScript.
            Ok(match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
                _ => n.to_string(),
            })
        }
        Ok(other) => Err(DecodeError::wrong_type("src", "a string", &other)),
        Err(e) => Err(DecodeError::invalid(
            "src",
            super::error::plain_serde_message(&e, None),
        )),
    }
}

/// The src a custom message says it is, however the rest of it reads (a
/// message that fails to decode still says what it meant to be; one cut
/// off mid-way is looked through for `"src": "…"`).
pub fn peek_src(data: &str) -> Option<String> {
    match serde_json::from_str::<Envelope>(data) {
        Ok(envelope) => read_src(envelope.src?, &mut Vec::new()).ok(),
        Err(_) => {
            let after = &data[data.find("\"src\"")? + 5..];
            let value = after.trim_start().strip_prefix(':')?.trim_start();
            let value = value.strip_prefix('"').unwrap_or(value);
            let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
            (!digits.is_empty()).then_some(digits)
        }
    }
}

/// Reads one message type's payload from wherever the decoder is.
pub(super) trait PayloadReader<'de> {
    type Error;
    fn read<T: Deserialize<'de>>(self) -> Result<T, Self::Error>;
}

/// The careful path reads each payload from the whole text.
struct TextReader<'a>(&'a str);

impl<'a> PayloadReader<'a> for TextReader<'a> {
    type Error = DecodeError;
    fn read<T: Deserialize<'a>>(self) -> Result<T, DecodeError> {
        parse_typed(self.0)
    }
}

/// The fast path: serde straight from the text. On failure, the slow path
/// finds the JSON path of the problem.
pub(crate) fn parse_typed<'de, T: Deserialize<'de>>(data: &'de str) -> Result<T, DecodeError> {
    serde_json::from_str(data).map_err(|err| explain::<T>(data, err))
}

fn explain<'de, T: Deserialize<'de>>(data: &'de str, err: serde_json::Error) -> DecodeError {
    if err.is_syntax() || err.is_eof() {
        let mut e = DecodeError::from_syntax(&err);
        if let DecodeError::Syntax { hint, .. } = &mut e
            && normalize_lenient(data).is_ok()
        {
            *hint = Some("the text is valid JSON5: decode it in lenient mode".to_owned());
        }
        return e;
    }
    let mut de = serde_json::Deserializer::from_str(data);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => DecodeError::from_data("", &err, None),
        Err(tracked) => {
            let path = tracked.path().to_string();
            let root: Option<Value> = serde_json::from_str(data).ok();
            DecodeError::from_data(&path, tracked.inner(), root.as_ref())
        }
    }
}
