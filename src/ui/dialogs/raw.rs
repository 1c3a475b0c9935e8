//! A raw custom message for QA, JSON5 accepted: what it decodes to (or
//! why not) shows as it is typed, read again only when the text changes.

use egui::{Id, Modal, RichText, Ui};

use crate::session::{Intent, RawVerdict, raw_verdict};
use crate::ui::{Cx, T, UiAction};

pub struct RawDialog {
    text: String,
    /// The verdict on `checked`, the text as it was last read.
    verdict: RawVerdict,
    checked: String,
}

impl RawDialog {
    pub fn new(text: String) -> Self {
        RawDialog {
            verdict: raw_verdict(&text),
            checked: text.clone(),
            text,
        }
    }

    /// The text typed, to offer again next time.
    pub fn into_draft(self) -> String {
        self.text
    }

    /// Returns whether the dialog stays open.
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut Cx) -> bool {
        let response = Modal::new(Id::unique("raw-dialog")).show(ctx, |ui| self.render(ui, cx));
        !response.should_close()
    }

    fn render(&mut self, ui: &mut Ui, cx: &mut Cx) {
        let p = cx.palette;
        ui.set_width(460.0);
        let label = ui.heading(cx.t(T::RawMessage));
        ui.label(RichText::new(cx.t(T::RawHint)).small().color(p.muted));
        ui.add(
            egui::TextEdit::multiline(&mut self.text)
                .code_editor()
                .desired_rows(8)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        if self.text != self.checked {
            self.verdict = raw_verdict(&self.text);
            self.checked = self.text.clone();
        }
        match &self.verdict {
            RawVerdict::Empty => {}
            RawVerdict::Message {
                src,
                name,
                warnings,
            } => {
                ui.label(RichText::new(format!("✔ src {src} {name}")).color(p.success));
                for w in warnings {
                    let text = RichText::new(format!("⚠ {w}")).small().color(p.warning);
                    ui.add(egui::Label::new(text).wrap());
                }
            }
            RawVerdict::NotService => {
                let text = format!("⚠ {}", cx.t(T::NotServiceMessage));
                ui.label(RichText::new(text).color(p.warning));
            }
            RawVerdict::Error(e) => {
                ui.add(egui::Label::new(RichText::new(format!("✖ {e}")).color(p.error)).wrap());
            }
        }
        ui.horizontal(|ui| {
            let send = egui::Button::new(cx.t(T::Send));
            if ui.add_enabled(self.verdict.can_send(), send).clicked() {
                cx.act(UiAction::Intent(Intent::SendRaw(self.text.clone())));
                ui.close();
            }
            if ui.button(cx.t(T::Cancel)).clicked() {
                ui.close();
            }
        });
    }
}
