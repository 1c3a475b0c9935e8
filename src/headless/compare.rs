//! Two transcripts of the same script, turn by turn: what the user sent,
//! and the last state of each message the service sent (updates folded in,
//! since a remote service may show only the final state), by kind and key
//! fields (`CsMessage::key_fields`). Ids, times, pictures and what changes
//! from run to run (rating session ids, expiry times) are left out, and so
//! are online-only messages, which a remote service never stores, and
//! refusals, which answer a send rather than appear in the history.

use serde_json::Value;

use crate::protocol::{Body, DecodeOptions, Decoded, decode};

use crate::session::{Direction, Line, LineData, LineKind};

/// One message as compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub dir: Direction,
    pub kind: LineKind,
    pub content: Value,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let arrow = match self.dir {
            Direction::Out => "→",
            Direction::In => "←",
        };
        let kind = self.kind.as_str();
        let text = self.content.to_string();
        let shown: String = text.chars().take(120).collect();
        write!(
            f,
            "{arrow} {kind} {shown}{}",
            if text.chars().count() > 120 {
                "…"
            } else {
                ""
            }
        )
    }
}

/// The transcript as turns: each starts with what the user sent.
pub fn turns(lines: &[Line]) -> Vec<Vec<Key>> {
    let mut messages: Vec<(String, Key)> = Vec::new();
    let mut turn_starts = vec![0];
    for line in lines {
        // A remote service stores neither online-only messages nor its
        // refusals (those answer a send, through another channel).
        if (line.online_only && line.dir == Direction::In) || line.kind == LineKind::Refused {
            continue;
        }
        let content = normalized(line);
        if line.kind == LineKind::Update {
            if let Some((_, key)) = messages.iter_mut().rev().find(|(id, _)| *id == line.id) {
                key.content = content;
            }
            continue;
        }
        if line.dir == Direction::Out && !messages.is_empty() {
            turn_starts.push(messages.len());
        }
        messages.push((
            line.id.clone(),
            Key {
                dir: line.dir,
                kind: line.kind,
                content,
            },
        ));
    }
    turn_starts.dedup();
    turn_starts.push(messages.len());
    turn_starts
        .windows(2)
        .map(|w| {
            messages[w[0]..w[1]]
                .iter()
                .map(|(_, k)| k.clone())
                .collect()
        })
        .collect()
}

fn normalized(line: &Line) -> Value {
    match &line.data {
        LineData::Text(t) => Value::String(t.clone()),
        LineData::Custom(data) => match decode(data, &DecodeOptions::strict()) {
            Ok(Decoded {
                body: Body::Service(m),
                ..
            }) => m.key_fields(),
            // Not ours, or not decodable: the text itself is what counts.
            _ => Value::String(data.clone()),
        },
    }
}

/// The differences, turn by turn; empty when the transcripts agree.
pub fn diff(left_name: &str, left: &[Line], right_name: &str, right: &[Line]) -> Vec<String> {
    let (a, b) = (turns(left), turns(right));
    let mut out = Vec::new();
    for i in 0..a.len().max(b.len()) {
        let (ta, tb) = (
            a.get(i).map_or(&[][..], Vec::as_slice),
            b.get(i).map_or(&[][..], Vec::as_slice),
        );
        if ta == tb {
            continue;
        }
        out.push(format!("turn {}:", i + 1));
        for j in 0..ta.len().max(tb.len()) {
            match (ta.get(j), tb.get(j)) {
                (Some(x), Some(y)) if x == y => out.push(format!("    {x}")),
                (x, y) => {
                    if let Some(x) = x {
                        out.push(format!("  - {left_name}: {x}"));
                    }
                    if let Some(y) = y {
                        out.push(format!("  + {right_name}: {y}"));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(header: &str, pic: &str) -> Line {
        Line {
            t_ms: 0,
            dir: Direction::In,
            id: "x".into(),
            kind: LineKind::Custom,
            raw: false,
            from: None,
            online_only: false,
            data: LineData::Custom(format!(
                r#"{{"customerServicePlugin":0,"src":"22","content":{{"header":"{header}","desc":"d","pic":"{pic}","url":"https://e.com"}}}}"#
            )),
        }
    }

    #[test]
    fn pictures_and_descriptions_are_not_key_fields() {
        let a = [card("Buds", "file:///a.png")];
        let b = [card("Buds", "https://cdn.example.com/a.png")];
        assert!(diff("a", &a, "b", &b).is_empty());
    }

    #[test]
    fn a_different_title_is_a_difference_in_its_turn() {
        let a = [card("Buds", "p")];
        let b = [card("Buds Pro", "p")];
        let d = diff("a", &a, "b", &b);
        assert_eq!(d[0], "turn 1:");
        assert!(d[1].contains("Buds") && d[2].contains("Buds Pro"), "{d:?}");
    }
}
