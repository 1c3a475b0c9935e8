//! System lines (tips 37, no seat online 18, concurrency 36), banners (seat
//! status 26, end 19, timeout 20) and placeholders for what cannot show.

use egui::{RichText, Ui};

use super::Item;
use crate::protocol::{CsMessage, SeatStatus};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn line_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, text: &str) {
    let p = cx.palette;
    let max = widgets::bubble_width(item.width) + 60.0;
    ui.vertical_centered(|ui| {
        ui.set_max_width(max);
        ui.add(egui::Label::new(RichText::new(text).small().color(p.muted)).wrap());
    });
}

pub fn banner_ui(ui: &mut Ui, cx: &mut Cx, _item: &mut Item, message: &CsMessage) {
    let p = cx.palette;
    let (fill, color, text) = match message {
        CsMessage::SeatStatus(s) => match s.content.seat() {
            Some(SeatStatus::InSeat) => (
                p.accent_soft,
                p.accent,
                format!("🎧 {}", cx.t(T::ConnectedToAgent)),
            ),
            _ => (p.banner_bg, p.muted, format!("💬 {}", cx.t(T::BackToBot))),
        },
        CsMessage::End(_) => (p.banner_bg, p.muted, format!("■ {}", cx.t(T::SessionEnded))),
        _ => (
            p.warning_soft,
            p.warning,
            format!("⏱ {}", cx.t(T::SessionTimedOut)),
        ),
    };
    widgets::pill(ui, fill, RichText::new(text).color(color));
}

/// A message that cannot be drawn: malformed (an error), or a kind the
/// chat does not show. A click selects it in the Inspector.
pub fn placeholder_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, malformed: bool) {
    let p = cx.palette;
    let (fill, color, text) = if malformed {
        (p.error_soft, p.error, format!("⚠ {}", cx.t(T::Undecodable)))
    } else {
        (
            p.placeholder,
            p.muted,
            format!("… {}", cx.t(T::Unsupported)),
        )
    };
    let id = item.entry().id.clone();
    let response = widgets::pill(ui, fill, RichText::new(text).color(color));
    let response = response.interact(egui::Sense::click());
    if response.clicked() {
        cx.act(UiAction::Select(id));
    }
}
