//! A raw custom message for QA, JSON5 accepted. It opens on a template of
//! a src the user side sends (a picker offers the others); what the text
//! decodes to, or why not, and whether the service will act on it show as
//! it is typed, read again only when the text changes.

use egui::{Id, Modal, RichText, Ui};

use crate::protocol::encode::{USER_SENDS, raw_template};
use crate::protocol::src_name;
use crate::session::{Intent, RawVerdict, raw_verdict};
use crate::ui::{Cx, T, UiAction};

pub struct RawDialog {
    text: String,
    /// The verdict on `checked`, the text as it was last read.
    verdict: RawVerdict,
    checked: String,
}

impl RawDialog {
    /// Opens on `draft`, or on the template of a rating request when there
    /// is none.
    pub fn new(draft: String) -> Self {
        let text = if draft.trim().is_empty() {
            raw_template("24").unwrap_or_default().to_owned()
        } else {
            draft
        };
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
        ui.set_width(480.0);
        let label = ui.heading(cx.t(T::RawMessage));
        ui.horizontal(|ui| {
            ui.label(RichText::new(cx.t(T::RawHint)).small().color(p.muted));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::ComboBox::from_label(cx.t(T::Template))
                    .selected_text("src …")
                    .show_ui(ui, |ui| {
                        for src in USER_SENDS {
                            let name = format!("src {src} · {}", src_name(src));
                            if ui.selectable_label(false, name).clicked()
                                && let Some(template) = raw_template(src)
                            {
                                self.text = template.to_owned();
                            }
                        }
                    });
            });
        });
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
                ignored,
            } => {
                ui.label(RichText::new(format!("✔ src {src} {name}")).color(p.success));
                if *ignored {
                    let text = format!("⚠ {}", cx.t(T::RawIgnored));
                    ui.add(egui::Label::new(RichText::new(text).color(p.warning)).wrap());
                }
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
