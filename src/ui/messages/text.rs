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
    side_ui(ui, cx, item.entry(), |ui, _| {
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
