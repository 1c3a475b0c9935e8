//! The product-card picker: the cards of `assets/cards.json`, each sent as
//! the user's product card (22).

use egui::{Id, Modal, RichText, Ui};

use crate::protocol::ProductCard;
use crate::session::Intent;
use crate::ui::{Cx, T, UiAction, picture_ui};

pub struct CardsDialog {
    cards: Vec<ProductCard>,
}

impl CardsDialog {
    pub fn new(cards: Vec<ProductCard>) -> Self {
        CardsDialog { cards }
    }

    /// Returns whether the dialog stays open.
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut Cx) -> bool {
        let response = Modal::new(Id::unique("cards-dialog")).show(ctx, |ui| self.render(ui, cx));
        !response.should_close()
    }

    fn render(&self, ui: &mut Ui, cx: &mut Cx) {
        ui.set_width(420.0);
        ui.heading(cx.t(T::ProductCards));
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for card in &self.cards {
                    ui.horizontal(|ui| {
                        picture_ui(ui, cx, &card.pic, egui::vec2(56.0, 42.0));
                        ui.vertical(|ui| {
                            ui.label(RichText::new(&card.header).strong());
                            ui.label(RichText::new(&card.desc).small().color(cx.palette.muted));
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let send = ui.button(cx.t(T::Send)).on_hover_text(&card.header);
                            if send.clicked() {
                                cx.act(UiAction::Intent(Intent::SendProductCard(card.clone())));
                                ui.close();
                            }
                        });
                    });
                    ui.separator();
                }
            });
        if ui.button(cx.t(T::Cancel)).clicked() {
            ui.close();
        }
    }
}
