//! The readable chat of `desksim play --format text`.

use crate::protocol::{Body, DecodeOptions, decode, summary};
use crate::session::{Direction, Line, LineData, LineKind};

/// `→ text "订单查询"` or `← src 15 branch: "请选择", 4 items …`.
pub fn line_text(line: &Line) -> String {
    let arrow = match line.dir {
        Direction::Out => "→",
        Direction::In => "←",
    };
    let update = if line.kind == LineKind::Update {
        " (update)"
    } else {
        ""
    };
    let online = if line.online_only {
        " [online-only]"
    } else {
        ""
    };
    match &line.data {
        LineData::Text(t) if line.kind == LineKind::Text => format!("{arrow} text {t:?}{online}"),
        LineData::Text(t) => format!("{arrow} {t}{update}"),
        LineData::Custom(raw) => match decode(raw, &DecodeOptions::strict()) {
            Ok(d) => match d.body {
                Body::Service(m) => {
                    let s = summary(&m);
                    let sep = if s.is_empty() { "" } else { ": " };
                    format!(
                        "{arrow} src {} {}{update}{online}{sep}{s}",
                        m.src(),
                        m.name()
                    )
                }
                _ => format!("{arrow} custom {raw}{update}"),
            },
            Err(e) => format!("{arrow} undecodable custom message ({e}){update}"),
        },
    }
}

/// `[00:01.2] ← …`
pub fn timed(line: &Line) -> String {
    let t = line.t_ms.max(0);
    format!(
        "[{:02}:{:02}.{}] {}",
        t / 60_000,
        (t / 1000) % 60,
        (t % 1000) / 100,
        line_text(line)
    )
}
