//! The Log tab: what happened, in order: sends, receipts, problems.

use egui::{RichText, Ui};

use super::{Cx, clock_time};
use crate::session::{Level, LogLine};

pub fn log_tab_ui(ui: &mut Ui, cx: &mut Cx, log: &[LogLine]) {
    let p = cx.palette;
    egui::ScrollArea::vertical()
        .id_salt("log")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show_rows(ui, 18.0, log.len(), |ui, range| {
            for line in &log[range] {
                let color = match line.level {
                    Level::Info => ui.visuals().text_color(),
                    Level::Problem => p.error,
                };
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("{}  {}", clock_time(line.at), line.text))
                            .monospace()
                            .size(11.5)
                            .color(color),
                    )
                    .truncate(),
                );
            }
        });
}
