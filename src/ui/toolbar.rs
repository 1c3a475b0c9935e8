//! The chat's header: the conversation's name, where the user is (bot or
//! agent), and the buttons the session allows right now.

use egui::{RichText, Ui};

use super::{Cx, T, UiAction};
use crate::protocol::SeatStatus;
use crate::session::{Affordances, Intent};

/// Returns whether the settings button was clicked.
pub fn toolbar_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    title: &str,
    backend: &str,
    affordances: &Affordances,
) -> bool {
    let p = cx.palette;
    let mut settings = false;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new(title).strong().size(16.0));
            let (dot, status) = match affordances.seat {
                SeatStatus::InSeat => (p.success, cx.t(T::ConnectedToAgent)),
                SeatStatus::OutSeat => (p.muted, "Bot"),
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new("●").color(dot).small());
                ui.label(
                    RichText::new(format!("{status} · {backend}"))
                        .small()
                        .color(p.muted),
                );
            });
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("⚙").on_hover_text(cx.t(T::Settings)).clicked() {
                settings = true;
            }
            // Buttons appear only when the protocol allows them.
            if affordances.end_service && ui.button(cx.t(T::EndService)).clicked() {
                cx.act(UiAction::Intent(Intent::EndHumanService));
            }
            if affordances.rate && ui.button(format!("⭐ {}", cx.t(T::Rate))).clicked() {
                cx.act(UiAction::Intent(Intent::RequestRating));
            }
            if affordances.human_service
                && ui.button(format!("🎧 {}", cx.t(T::HumanService))).clicked()
            {
                cx.act(UiAction::Intent(Intent::RequestHuman));
            }
        });
    });
    settings
}
