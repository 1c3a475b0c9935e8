//! The bot welcome card (29, `welcome_msg`): a title and questions, five
//! to a page (the web client's paging), with a refresh button.

use egui::{RichText, Ui};

use super::{Item, side_ui};
use crate::protocol::BotMessage;
use crate::session::{Intent, WELCOME_PAGE_SIZE};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn welcome_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, bot: &BotMessage) {
    let p = cx.palette;
    let id = item.entry().id.clone();
    let page = item.entry().page;
    let open = item.session.card_state(item.position).is_open();
    let width = widgets::card_width(item.width);
    let items = &bot.content.items;
    let pages = items.len().div_ceil(WELCOME_PAGE_SIZE).max(1);
    side_ui(ui, cx, item, |ui, cx| {
        widgets::card_frame(&p).fill(p.accent_soft).show(ui, |ui| {
            ui.set_width(width);
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("💡 {}", bot.content.title))
                        .strong()
                        .color(p.accent),
                );
                if pages > 1 {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let refresh = egui::Button::new(
                            RichText::new(format!("⟳ {}", cx.t(T::Refresh))).small(),
                        )
                        .frame(false);
                        if ui.add(refresh).clicked() {
                            cx.act(UiAction::Intent(Intent::NextPage { id: id.clone() }));
                        }
                        ui.label(
                            RichText::new(format!("{}/{pages}", page + 1))
                                .small()
                                .color(p.muted),
                        );
                    });
                }
            });
            ui.add_space(2.0);
            let start = page * WELCOME_PAGE_SIZE;
            for (index, question) in items.iter().enumerate().skip(start).take(WELCOME_PAGE_SIZE) {
                let text = RichText::new(format!("{}. {}", index - start + 1, question.content))
                    .color(p.service_text);
                let link = egui::Button::new(text).frame(false).wrap();
                if ui.add_enabled(open, link).clicked() {
                    cx.act(UiAction::Intent(Intent::Choose {
                        id: id.clone(),
                        index,
                    }));
                }
            }
        });
    });
}
