//! The one-pass decoder for well-formed messages.
//!
//! The envelope keys (`customerServicePlugin`, `src`) are read as they go by;
//! once `src` is known, the rest of the object is handed straight to that
//! message type's serde impl. Keys that came before `src` are kept as raw
//! slices and replayed first. Anything unusual (an error, a missing `src`)
//! makes the caller fall back to the careful two-pass path, which also
//! produces the error messages, so this file only has to be fast and right.

use std::fmt;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::decode::PayloadReader;
use super::message::CsMessage;

/// What the fast pass saw.
pub(super) struct Fast<'de> {
    pub plugin: Option<&'de RawValue>,
    pub chatbot: Option<&'de RawValue>,
    pub src: Option<&'de RawValue>,
    /// `None` when `src` was missing.
    pub message: Option<CsMessage>,
}

pub(super) fn decode_fast(data: &str) -> Option<Fast<'_>> {
    serde_json::from_str::<Fast>(data).ok()
}

impl<'de> Deserialize<'de> for Fast<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FastVisitor)
    }
}

struct FastVisitor;

impl<'de> Visitor<'de> for FastVisitor {
    type Value = Fast<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a customer-service message object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fast<'de>, A::Error> {
        let mut envelope = Envelope::default();
        let mut pending = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if envelope.take(key.as_str(), &mut map)? {
                let Some(src) = envelope.src else {
                    continue;
                };
                let src = src_code(src).ok_or_else(|| de::Error::custom("src"))?;
                let rest = Rest {
                    pending: pending.into_iter(),
                    current: None,
                    map,
                    envelope: &mut envelope,
                };
                let message = read_message(src, rest)?;
                return Ok(envelope.into_fast(Some(message)));
            }
            pending.push((key, map.next_value::<&RawValue>()?));
        }
        Ok(envelope.into_fast(None))
    }
}

#[derive(Default)]
struct Envelope<'de> {
    plugin: Option<&'de RawValue>,
    chatbot: Option<&'de RawValue>,
    src: Option<&'de RawValue>,
}

impl<'de> Envelope<'de> {
    /// Reads the value when `key` is an envelope key.
    fn take<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        let slot = match key {
            "customerServicePlugin" => &mut self.plugin,
            "chatbotPlugin" => &mut self.chatbot,
            "src" => &mut self.src,
            _ => return Ok(false),
        };
        if slot.is_some() {
            return Err(de::Error::custom("duplicate envelope key"));
        }
        *slot = Some(map.next_value()?);
        Ok(true)
    }

    fn into_fast(self, message: Option<CsMessage>) -> Fast<'de> {
        Fast {
            plugin: self.plugin,
            chatbot: self.chatbot,
            src: self.src,
            message,
        }
    }
}

/// A string `src` without escapes; anything else takes the careful path.
fn src_code(raw: &RawValue) -> Option<&str> {
    let text = raw.get();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then_some(inner)
}

fn read_message<'de, A: MapAccess<'de>>(
    src: &str,
    rest: Rest<'de, '_, A>,
) -> Result<CsMessage, A::Error> {
    super::message::dispatch(src, rest)
}

impl<'de, A: MapAccess<'de>> PayloadReader<'de> for Rest<'de, '_, A> {
    type Error = A::Error;
    fn read<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(self))
    }
}

/// The rest of the object after `src`: first the keys seen before it, then
/// the live ones, with envelope keys taken out.
struct Rest<'de, 'e, A> {
    pending: std::vec::IntoIter<(Key<'de>, &'de RawValue)>,
    current: Option<&'de RawValue>,
    map: A,
    envelope: &'e mut Envelope<'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'de, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, raw)) = self.pending.next() {
            self.current = Some(raw);
            return key.feed(seed).map(Some);
        }
        self.current = None;
        while let Some(key) = self.map.next_key_seed(KeySeed)? {
            if !self.envelope.take(key.as_str(), &mut self.map)? {
                return key.feed(seed).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.current.take() {
            Some(raw) => seed
                .deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
                .map_err(de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

/// An object key, borrowed from the input when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Key<'de> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    fn feed<K: DeserializeSeed<'de>, E: de::Error>(self, seed: K) -> Result<K::Value, E> {
        match self {
            Key::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s)),
            Key::Owned(s) => seed.deserialize(StringDeserializer::new(s)),
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}
