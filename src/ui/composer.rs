//! The composer: type and send; the product-card picker and the raw
//! message for QA; "Start new session" when the session is over.

use egui::{RichText, Ui};

use super::{Cx, T, UiAction};
use crate::session::{Affordances, Intent};

pub fn composer_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    text: &mut String,
    notice: Option<&str>,
    unsent: usize,
    affordances: &Affordances,
) {
    let p = cx.palette;
    if unsent > 0 {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("⏳ {unsent} {}", cx.t(T::Unsent)))
                    .small()
                    .color(p.warning),
            );
            if ui.small_button(cx.t(T::Discard)).clicked() {
                cx.act(UiAction::DiscardUnsent);
            }
        });
    }
    if let Some(notice) = notice {
        ui.label(
            RichText::new(format!("⚠ {notice}"))
                .small()
                .color(p.warning),
        );
    }
    if affordances.start_new_session {
        ui.horizontal(|ui| {
            let ended = match affordances.phase {
                crate::session::Phase::TimedOut => cx.t(T::SessionTimedOut),
                _ => cx.t(T::SessionEnded),
            };
            ui.label(RichText::new(ended).color(p.muted));
            if ui
                .button(RichText::new(format!("↻ {}", cx.t(T::StartNewSession))).strong())
                .clicked()
            {
                cx.act(UiAction::Intent(Intent::Start));
            }
        });
        return;
    }
    let enabled = affordances.composer;
    ui.horizontal(|ui| {
        let cards = ui
            .add_enabled(enabled, egui::Button::new("🏷").frame(false))
            .on_hover_text(cx.t(T::ProductCards));
        if cards.clicked() {
            cx.act(UiAction::OpenCardPicker);
        }
        let raw = ui
            .add_enabled(true, egui::Button::new("{ }").frame(false))
            .on_hover_text(cx.t(T::RawMessage));
        if raw.clicked() {
            cx.act(UiAction::OpenRawMessage);
        }
        let send_width = 72.0;
        let edit = egui::TextEdit::singleline(text)
            .hint_text(match affordances.phase {
                _ if enabled => cx.t(T::ComposerHint),
                crate::session::Phase::NotStarted => cx.t(T::ComposerNotStarted),
                _ => cx.t(T::ComposerDisabled),
            })
            .desired_width(ui.available_width() - send_width)
            .interactive(enabled)
            .margin(egui::Margin::symmetric(8, 6));
        let response = ui.add(edit).on_hover_text(cx.t(T::ComposerLabel));
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let send = egui::Button::new(RichText::new(cx.t(T::Send)).color(p.user_text))
            .fill(p.accent)
            .min_size(egui::vec2(send_width - 8.0, 30.0));
        let clicked = ui
            .add_enabled(enabled && !text.trim().is_empty(), send)
            .clicked();
        if enabled && (clicked || entered) && !text.trim().is_empty() {
            cx.act(UiAction::Intent(Intent::SendText(std::mem::take(text))));
            response.request_focus();
        }
    });
}
