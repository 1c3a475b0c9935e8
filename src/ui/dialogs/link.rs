//! "Open this link in your browser?": http and https only.

use egui::{Id, Modal, RichText, Ui};

use crate::protocol;
use crate::ui::{Cx, T, UiAction};

pub struct LinkDialog {
    url: String,
}

impl LinkDialog {
    pub fn new(url: String) -> Self {
        LinkDialog { url }
    }

    /// Returns whether the dialog stays open.
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut Cx) -> bool {
        let response = Modal::new(Id::unique("link-dialog")).show(ctx, |ui| self.render(ui, cx));
        !response.should_close()
    }

    fn render(&self, ui: &mut Ui, cx: &mut Cx) {
        ui.set_max_width(420.0);
        ui.label(RichText::new(cx.t(T::OpenLinkTitle)).strong());
        ui.add(egui::Label::new(RichText::new(&self.url).monospace()).wrap());
        let allowed = protocol::is_http(&self.url);
        if !allowed {
            ui.label(RichText::new(cx.t(T::OnlyHttpLinks)).color(cx.palette.error));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(allowed, egui::Button::new(cx.t(T::Open)))
                .clicked()
            {
                cx.act(UiAction::OpenLink(self.url.clone()));
                ui.close();
            }
            if ui.button(cx.t(T::Cancel)).clicked() {
                ui.close();
            }
        });
    }
}
