//! Two transcripts of the same script, turn by turn: what the user sent,
//! and the last state of each message the service sent (updates folded in,
//! since a remote service may show only the final state), by kind and key
//! fields. Ids, times and what changes from run to run (rating session
//! ids, expiry times) are left out, and so are online-only messages, which
//! a remote service never stores.

use serde_json::Value;

use super::run::{Line, LineData};

/// One message as compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub dir: &'static str,
    pub kind: &'static str,
    pub content: Value,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let arrow = if self.dir == "out" { "→" } else { "←" };
        let text = self.content.to_string();
        let shown: String = text.chars().take(120).collect();
        write!(
            f,
            "{arrow} {} {shown}{}",
            self.kind,
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
        if line.online_only && line.dir == "in" {
            continue;
        }
        let content = normalized(line);
        if line.kind == "update" {
            if let Some((_, key)) = messages.iter_mut().rev().find(|(id, _)| *id == line.id) {
                key.content = content;
            }
            continue;
        }
        if line.dir == "out" && !messages.is_empty() {
            turn_starts.push(messages.len());
        }
        let kind = if line.kind == "text" {
            "text"
        } else {
            "custom"
        };
        messages.push((
            line.id.clone(),
            Key {
                dir: line.dir,
                kind,
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
        LineData::Custom(data) => {
            let mut v: Value = serde_json::from_str(data).unwrap_or(Value::String(data.clone()));
            for path in [
                &["menuContent", "sessionId"][..],
                &["menuContent", "expireTime"],
                &["menuSelected", "sessionId"],
            ] {
                if let Some(Value::Object(parent)) = v.pointer_mut(&format!("/{}", path[0])) {
                    parent.remove(path[1]);
                }
            }
            v
        }
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
