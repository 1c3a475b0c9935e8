//! Rich text (30) as Markdown, images included, and stream text (31)
//! growing in place with a cursor until it is finished.

use egui::{RichText, Ui};

use super::{Item, side_ui};
use crate::protocol::StreamText;
use crate::ui::{Cx, widgets};

pub fn rich_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, text: &str) {
    let p = cx.palette;
    let max = widgets::bubble_width(item.width).max(widgets::card_width(item.width));
    let selected = item.selected();
    let head = item.head();
    let blocks = item.markdown.blocks(text);
    side_ui(ui, cx, head, |ui, cx| {
        let frame = widgets::service_frame(&p);
        let frame = widgets::selectable(frame, &p, selected);
        frame.show(ui, |ui| {
            ui.set_max_width(max);
            crate::ui::markdown::markdown_ui(ui, cx, &blocks, max);
        });
    });
}

pub fn stream_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, stream: &StreamText) {
    let p = cx.palette;
    let max = widgets::bubble_width(item.width);
    let finished = stream.finished();
    let selected = item.selected();
    let time = ui.input(|i| i.time);
    side_ui(ui, cx, item.head(), |ui, _| {
        let frame = widgets::selectable(widgets::service_frame(&p), &p, selected);
        frame.show(ui, |ui| {
            ui.set_max_width(max);
            let mut text = stream.text();
            if !finished {
                // A blinking cursor, twice a second, only while streaming.
                text.push(if (time * 2.0) as i64 % 2 == 0 {
                    '▍'
                } else {
                    ' '
                });
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(500));
            }
            let text = widgets::typeset(&text).into_owned();
            ui.add(egui::Label::new(RichText::new(text).color(p.service_text)).wrap());
        });
    });
}
