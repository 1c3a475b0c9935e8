//! System lines (tips 37, no seat online 18, concurrency 36), banners (seat
//! status 26, end 19, timeout 20) and placeholders for what cannot show.

use egui::{RichText, Ui};

use super::Item;
use crate::session::{Banner, LineText};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn line_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, line: &LineText) {
    let p = cx.palette;
    let max = widgets::bubble_width(item.width) + 60.0;
    let text = match line {
        LineText::Text(t) => t,
        LineText::NoSeatOnline => cx.t(T::NoSeatFallback),
        LineText::ConcurrencyLimit => cx.t(T::ConcurrencyFallback),
        LineText::Recalled => cx.t(T::Recalled),
    };
    // A tip (a reminder, above all) says when it came, as a bubble does.
    let at = crate::ui::clock_time(item.entry().at);
    ui.vertical_centered(|ui| {
        ui.set_max_width(max);
        let text = format!("{} · {at}", widgets::typeset(text));
        ui.add(egui::Label::new(RichText::new(text).small().color(p.muted)).wrap());
    });
}

pub fn banner_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, banner: &Banner) {
    let p = cx.palette;
    let (fill, color, text) = match banner {
        Banner::ConnectedToAgent => (
            p.accent_soft,
            p.accent,
            format!("🎧 {}", cx.t(T::ConnectedToAgent)),
        ),
        Banner::BackToBot => (p.banner_bg, p.muted, format!("💬 {}", cx.t(T::BackToBot))),
        Banner::Ended => (p.banner_bg, p.muted, format!("■ {}", cx.t(T::SessionEnded))),
        Banner::TimedOut => (
            p.warning_soft,
            p.warning,
            format!("⏱ {}", cx.t(T::SessionTimedOut)),
        ),
    };
    let at = crate::ui::clock_time(item.entry().at);
    widgets::pill(
        ui,
        fill,
        RichText::new(format!("{text} · {at}")).color(color),
    );
}

/// A message that cannot be drawn: malformed (an error), or a kind the
/// chat does not show. A click selects it in the Inspector.
pub fn placeholder_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, malformed: &bool) {
    let p = cx.palette;
    let (fill, color, text) = if *malformed {
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
    if response.interact(egui::Sense::click()).clicked() {
        cx.act(UiAction::Select(id));
    }
}
