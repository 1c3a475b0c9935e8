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
        let id = egui::Id::unique("composer");
        // Enter ends a message, but egui's one-line field drops whatever
        // else was typed in the same frame after it: a fast typist lost the
        // start of the next message. So the field takes every key in
        // order, Enter as a line break, and each finished line is sent
        // here; a pasted text stays one message (its breaks become spaces).
        if ui.memory(|m| m.has_focus(id)) {
            ui.input_mut(|i| {
                for event in &mut i.events {
                    if let egui::Event::Paste(pasted) = event {
                        *pasted = pasted.replace("\r\n", " ").replace(['\r', '\n'], " ");
                    }
                }
            });
        }
        let edit = egui::TextEdit::multiline(text)
            .id(id)
            .desired_rows(1)
            .hint_text(match affordances.phase {
                _ if enabled => cx.t(T::ComposerHint),
                crate::session::Phase::NotStarted => cx.t(T::ComposerNotStarted),
                _ => cx.t(T::ComposerDisabled),
            })
            .desired_width(ui.available_width() - send_width)
            .interactive(enabled)
            .margin(egui::Margin::symmetric(8, 6));
        let response = ui.add(edit).on_hover_text(cx.t(T::ComposerLabel));
        if let Some((done, rest)) = text.rsplit_once('\n') {
            let (done, rest) = (done.to_owned(), rest.to_owned());
            for line in done.split('\n').filter(|l| !l.trim().is_empty()) {
                cx.act(UiAction::Intent(Intent::SendText(line.to_owned())));
            }
            // What was typed after Enter stays, the cursor after it.
            *text = rest;
            cursor_to_end(ui, id, text);
        }
        let send = egui::Button::new(RichText::new(cx.t(T::Send)).color(p.chosen_text))
            .fill(p.chosen)
            .min_size(egui::vec2(send_width - 8.0, 30.0));
        let clicked = ui
            .add_enabled(enabled && !text.trim().is_empty(), send)
            .clicked();
        if enabled && clicked && !text.trim().is_empty() {
            cx.act(UiAction::Intent(Intent::SendText(std::mem::take(text))));
            response.request_focus();
        }
    });
}

/// Puts the field's cursor after its last character.
fn cursor_to_end(ui: &Ui, id: egui::Id, text: &str) {
    if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
        let end = egui::text::CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ui.ctx(), id);
    }
}
