//! The chat's header: the conversation's name, where the user is (bot or
//! agent), and the buttons the session allows right now.

use egui::{RichText, Ui};

use super::{Cx, T, UiAction};
use crate::protocol::SeatStatus;
use crate::session::{Affordances, ConnectionState, Intent};

/// A note in the header, wherever the user is in the chat (a flow just
/// reloaded, a flow with errors); a click shows the Flow tab.
pub struct Chip {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

/// What the header shows of a conversation.
pub struct Header<'a> {
    pub title: &'a str,
    /// Which backend plays the service ("embedded", "Tencent IM").
    pub backend: &'a str,
    /// A remote service's link, when there is one.
    pub connection: Option<&'a ConnectionState>,
    pub affordances: &'a Affordances,
    pub chip: Option<Chip>,
}

pub fn toolbar_ui(ui: &mut Ui, cx: &mut Cx, header: &Header) {
    let p = cx.palette;
    let Header {
        title,
        backend,
        connection,
        affordances,
        ref chip,
    } = *header;
    let (dot, status) = match affordances.seat {
        SeatStatus::InSeat => (p.success, cx.t(T::ConnectedToAgent)),
        SeatStatus::OutSeat => (p.muted, cx.t(T::Bot)),
    };
    // A remote service's link: connected, retrying in N s, or failed and why.
    let link = connection.map(|c| match c {
        ConnectionState::Connected => (
            p.success,
            format!(" · {}", cx.t(T::Connected)),
            String::new(),
        ),
        ConnectionState::Retrying { in_ms, why } => (
            p.warning,
            format!(" · {} {} s", cx.t(T::Retrying), in_ms.div_ceil(1000)),
            why.clone(),
        ),
        ConnectionState::Failed { why } => (
            p.error,
            format!(" · {}: {why}", cx.t(T::Failed)),
            why.clone(),
        ),
    });
    let mut chip_clicked = false;
    egui::Sides::new().shrink_left().truncate().show(
        ui,
        |ui| {
            ui.vertical(|ui| {
                ui.add(egui::Label::new(RichText::new(title).strong().size(16.0)).truncate());
                ui.horizontal(|ui| {
                    ui.label(RichText::new("●").color(dot).small());
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("{status} · {backend}"))
                                .small()
                                .color(p.muted),
                        )
                        .truncate(),
                    );
                    if let Some((color, text, why)) = &link {
                        let label = ui.add(
                            egui::Label::new(RichText::new(text).small().color(*color)).truncate(),
                        );
                        if !why.is_empty() {
                            label.on_hover_text(why);
                        }
                    }
                    if let Some(chip) = chip {
                        let (fill, color) = match chip.tone {
                            Tone::Info => (p.accent_soft, p.accent),
                            Tone::Warning => (p.warning_soft, p.warning),
                            Tone::Error => (p.error_soft, p.error),
                        };
                        let button =
                            egui::Button::new(RichText::new(&chip.text).small().color(color))
                                .fill(fill)
                                .corner_radius(egui::CornerRadius::same(10));
                        chip_clicked = ui.add(button).clicked();
                    }
                });
            });
        },
        |ui| {
            if ui.button("☰").on_hover_text(cx.t(T::Inspector)).clicked() {
                cx.act(UiAction::ToggleSidePanel);
            }
            if ui.button("⚙").on_hover_text(cx.t(T::Settings)).clicked() {
                cx.act(UiAction::OpenSettings);
            }
            // Buttons appear only when the protocol allows them.
            if affordances.end_service && ui.button(cx.t(T::EndService)).clicked() {
                cx.act(UiAction::AskFirst(super::dialogs::Ask::EndService));
            }
            if affordances.rate {
                let rate = egui::Button::new(format!("⭐ {}", cx.t(T::Rate)));
                let response = ui
                    .add_enabled(!affordances.rated, rate)
                    .on_disabled_hover_text(cx.t(T::AlreadyRated));
                if response.clicked() {
                    cx.act(UiAction::Intent(Intent::RequestRating));
                }
            }
            if affordances.human_service
                && ui.button(format!("🎧 {}", cx.t(T::HumanService))).clicked()
            {
                cx.act(UiAction::Intent(Intent::RequestHuman));
            }
        },
    );
    if chip_clicked {
        cx.act(UiAction::ShowFlowTab);
    }
}
