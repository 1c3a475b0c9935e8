//! Plain text: the user's on the right, the service's on the left.

use egui::{RichText, Ui};

use super::{Item, side_ui};
use crate::session::Direction;
use crate::ui::{Cx, widgets};

pub fn text_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, text: &str) {
    let p = cx.palette;
    let outgoing = item.entry().direction == Direction::Out;
    let max = widgets::bubble_width(item.width);
    let selected = item.selected();
    side_ui(ui, cx, item.head(), |ui, _| {
        let (frame, color) = if outgoing {
            (widgets::user_frame(&p), p.user_text)
        } else {
            (widgets::service_frame(&p), p.service_text)
        };
        let frame = widgets::selectable(frame, &p, selected);
        frame.show(ui, |ui| {
            ui.set_max_width(max);
            ui.add(egui::Label::new(RichText::new(widgets::typeset(text)).color(color)).wrap());
        });
    });
}

/// A custom message the user typed raw: compact, on the user's side, in
/// monospace; a click shows it in the Inspector.
pub fn raw_sent_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, what: &(&str, &str)) {
    let p = cx.palette;
    let (src, name) = *what;
    let selected = item.selected();
    side_ui(ui, cx, item.head(), |ui, _| {
        let frame = widgets::user_frame(&p).fill(p.accent_soft);
        widgets::selectable(frame, &p, selected).show(ui, |ui| {
            let text = RichText::new(format!("{{ }} src {src} · {name}"))
                .monospace()
                .color(p.accent);
            ui.add(egui::Label::new(text));
        });
    });
}
