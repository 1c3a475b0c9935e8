//! "Are you sure?" before what cannot be taken back: ending the human
//! service (the agent is gone) and restarting the flow (the conversation
//! is forgotten).

use egui::{Id, Modal, RichText, Ui};

use crate::session::Intent;
use crate::ui::{Cx, T, UiAction};

/// What waits for a yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    EndService,
    Restart,
}

impl Ask {
    fn words(self) -> (T, T, T) {
        match self {
            Ask::EndService => (T::EndServiceTitle, T::EndServiceBody, T::EndService),
            Ask::Restart => (T::RestartTitle, T::RestartBody, T::Restart),
        }
    }

    fn action(self) -> UiAction {
        match self {
            Ask::EndService => UiAction::Intent(Intent::EndHumanService),
            Ask::Restart => UiAction::Restart,
        }
    }
}

pub struct ConfirmDialog {
    ask: Ask,
}

impl ConfirmDialog {
    pub fn new(ask: Ask) -> Self {
        ConfirmDialog { ask }
    }

    /// Returns whether the dialog stays open (Escape or a click outside
    /// closes it, as a no).
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut Cx) -> bool {
        let response = Modal::new(Id::unique("confirm-dialog")).show(ctx, |ui| self.render(ui, cx));
        !response.should_close()
    }

    fn render(&self, ui: &mut Ui, cx: &mut Cx) {
        let (title, body, yes) = self.ask.words();
        ui.set_max_width(380.0);
        ui.label(RichText::new(cx.t(title)).strong());
        ui.add_space(4.0);
        ui.add(egui::Label::new(RichText::new(cx.t(body)).color(cx.palette.muted)).wrap());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let button = egui::Button::new(RichText::new(cx.t(yes)).color(cx.palette.chosen_text))
                .fill(cx.palette.error);
            if ui.add(button).clicked() {
                cx.act(self.ask.action());
                ui.close();
            }
            if ui.button(cx.t(T::Cancel)).clicked() {
                ui.close();
            }
        });
    }
}
