//! Unwrapping IM message shapes as QA copies them from SDK logs and the REST
//! API: a `TIMCustomElem`/`TIMTextElem` element, a `MsgBody` array, a REST
//! `MsgList`, or a web SDK message (`type` + `payload`). Plain custom data
//! goes straight to [`decode`].

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::decode::{Body, DecodeOptions, Decoded, Syntax, decode, parse_typed};
use super::error::DecodeError;
use super::lenient::normalize_lenient;

/// Top-level keys that mark an IM wrapper rather than custom data.
#[derive(Deserialize)]
struct Wrapper<'a> {
    #[serde(rename = "MsgType", borrow, default)]
    msg_type: Option<&'a RawValue>,
    #[serde(rename = "MsgBody", borrow, default)]
    msg_body: Option<&'a RawValue>,
    #[serde(rename = "MsgList", borrow, default)]
    msg_list: Option<&'a RawValue>,
    #[serde(rename = "payload", borrow, default)]
    payload: Option<&'a RawValue>,
}

/// Decodes one pasted document: custom data, or any IM wrapper around one or
/// more elements. Elements come back in order.
pub fn decode_any(input: &str, opts: &DecodeOptions) -> Result<Vec<Decoded>, DecodeError> {
    let normalized;
    let text = match opts.syntax {
        Syntax::Strict => input,
        Syntax::Lenient => {
            normalized = normalize_lenient(input)?;
            &normalized
        }
    };
    // The outer text is strict JSON by now; a `Data` string inside a
    // wrapper is the caller's to read in the caller's mode.
    let strict = DecodeOptions {
        syntax: Syntax::Strict,
        ..*opts
    };
    if text.trim_start().starts_with('[') {
        let value: Value = parse_typed(text)?;
        return elements(&value, "", opts);
    }
    let wrapper: Wrapper = parse_typed(text)?;
    if wrapper.msg_type.is_none()
        && wrapper.msg_body.is_none()
        && wrapper.msg_list.is_none()
        && wrapper.payload.is_none()
    {
        return Ok(vec![decode(text, &strict)?]);
    }
    let value: Value = parse_typed(text)?;
    if let Some(list) = value.get("MsgList") {
        let Value::Array(messages) = list else {
            return Err(DecodeError::wrong_type("MsgList", "an array", list));
        };
        let mut out = Vec::new();
        for (i, message) in messages.iter().enumerate() {
            let body = message.get("MsgBody").ok_or_else(|| DecodeError::Missing {
                path: format!("MsgList[{i}].MsgBody"),
            })?;
            out.extend(elements(body, &format!("MsgList[{i}].MsgBody"), opts)?);
        }
        return Ok(out);
    }
    if let Some(body) = value.get("MsgBody") {
        return elements(body, "MsgBody", opts);
    }
    if value.get("MsgType").is_some() {
        return Ok(vec![im_element(&value, "", opts)?]);
    }
    if value.get("payload").is_some() && value.get("type").is_some_and(Value::is_string) {
        return Ok(vec![web_message(&value, opts)?]);
    }
    // `payload` alone is an ordinary key of some custom data.
    Ok(vec![decode(text, &strict)?])
}

fn elements(value: &Value, path: &str, opts: &DecodeOptions) -> Result<Vec<Decoded>, DecodeError> {
    let Value::Array(items) = value else {
        return Err(DecodeError::wrong_type(
            display(path),
            "an array of message elements",
            value,
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| im_element(item, &format!("{path}[{i}]"), opts))
        .collect()
}

/// `{"MsgType": "TIMCustomElem", "MsgContent": {"Data": "..."}}` and friends.
fn im_element(elem: &Value, path: &str, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    let msg_type = match elem.get("MsgType") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => {
            return Err(DecodeError::wrong_type(
                join(path, "MsgType"),
                "a string",
                other,
            ));
        }
        None => {
            return Err(DecodeError::Missing {
                path: join(path, "MsgType"),
            });
        }
    };
    let content_path = join(path, "MsgContent");
    let content = elem.get("MsgContent").ok_or_else(|| DecodeError::Missing {
        path: content_path.clone(),
    })?;
    match msg_type {
        "TIMCustomElem" => custom_data(content.get("Data"), &join(&content_path, "Data"), opts),
        "TIMTextElem" => text_element(content.get("Text"), &join(&content_path, "Text")),
        other => Ok(Decoded {
            body: Body::OtherElement(other.to_owned()),
            warnings: Vec::new(),
        }),
    }
}

/// The web SDK's message object: `{"type": "TIMCustomElem", "payload": {"data": "..."}}`.
fn web_message(message: &Value, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    let payload = &message["payload"];
    match message["type"].as_str().unwrap_or_default() {
        "TIMCustomElem" => custom_data(payload.get("data"), "payload.data", opts),
        "TIMTextElem" => text_element(payload.get("text"), "payload.text"),
        other => Ok(Decoded {
            body: Body::OtherElement(other.to_owned()),
            warnings: Vec::new(),
        }),
    }
}

fn custom_data(
    data: Option<&Value>,
    path: &str,
    opts: &DecodeOptions,
) -> Result<Decoded, DecodeError> {
    match data {
        Some(Value::String(data)) => decode(data, opts).map_err(|e| DecodeError::Nested {
            path: path.to_owned(),
            source: Box::new(e),
        }),
        Some(other) => Err(DecodeError::wrong_type(
            path,
            "a string holding the custom JSON",
            other,
        )),
        None => Err(DecodeError::Missing {
            path: path.to_owned(),
        }),
    }
}

fn text_element(text: Option<&Value>, path: &str) -> Result<Decoded, DecodeError> {
    match text {
        Some(Value::String(text)) => Ok(Decoded {
            body: Body::Text(text.clone()),
            warnings: Vec::new(),
        }),
        Some(other) => Err(DecodeError::wrong_type(path, "a string", other)),
        None => Err(DecodeError::Missing {
            path: path.to_owned(),
        }),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn display(path: &str) -> &str {
    if path.is_empty() { "(top level)" } else { path }
}
