//! A short note at the bottom of the window that goes by itself: what
//! went wrong outside any conversation's chat (a link that would not open).

use egui::{Align2, RichText};

use super::Cx;

/// How long a toast stays, in seconds.
const SHOWN_FOR: f64 = 5.0;

pub struct Toast {
    text: String,
    /// egui's time (seconds) when it goes.
    until: Option<f64>,
}

impl Toast {
    pub fn new(text: impl Into<String>) -> Self {
        Toast {
            text: text.into(),
            until: None,
        }
    }
}

/// Draws the toast; clears it when its time is up or it is clicked.
pub fn toast_ui(ctx: &egui::Context, cx: &Cx, toast: &mut Option<Toast>) {
    let Some(t) = toast else {
        return;
    };
    let now = ctx.input(|i| i.time);
    let until = *t.until.get_or_insert(now + SHOWN_FOR);
    if now >= until {
        *toast = None;
        return;
    }
    ctx.request_repaint_after(std::time::Duration::from_secs_f64(until - now));
    let p = cx.palette;
    let clicked = egui::Area::new(egui::Id::unique("toast"))
        .anchor(Align2::CENTER_BOTTOM, egui::vec2(0.0, -84.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(p.error_soft)
                .stroke(egui::Stroke::new(1.0, p.error))
                .corner_radius(egui::CornerRadius::same(8))
                .inner_margin(egui::Margin::symmetric(14, 8))
                .show(ui, |ui| {
                    ui.set_max_width(480.0);
                    ui.add(
                        egui::Label::new(RichText::new(format!("⚠ {}", t.text)).color(p.error))
                            .wrap()
                            .sense(egui::Sense::click()),
                    )
                    .clicked()
                })
                .inner
        })
        .inner;
    if clicked {
        *toast = None;
    }
}
