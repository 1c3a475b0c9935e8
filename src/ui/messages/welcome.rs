//! The bot welcome card (29, `welcome_msg`): a title and questions, a
//! page at a time (the session says which), with a refresh button.

use egui::{RichText, Ui};

use super::{Item, side_ui};
use crate::session::{Intent, WelcomePage};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn welcome_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, page: &WelcomePage) {
    let p = cx.palette;
    let id = item.entry().id.clone();
    let open = item.session.card_state(item.position).is_open();
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    side_ui(ui, cx, item.entry(), |ui, cx| {
        let frame = widgets::card_frame(&p).fill(p.accent_soft);
        widgets::selectable(frame, &p, selected).show(ui, |ui| {
            ui.set_width(width);
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("💡 {}", page.title))
                        .strong()
                        .color(p.accent),
                );
                if page.pages > 1 {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let refresh = egui::Button::new(
                            RichText::new(format!("⟳ {}", cx.t(T::Refresh))).small(),
                        )
                        .frame(false);
                        if ui.add(refresh).clicked() {
                            cx.act(UiAction::Intent(Intent::NextPage { id: id.clone() }));
                        }
                        ui.label(
                            RichText::new(format!("{}/{}", page.page + 1, page.pages))
                                .small()
                                .color(p.muted),
                        );
                    });
                }
            });
            if !page.text.is_empty() {
                let text = RichText::new(page.text).color(p.service_text);
                ui.add(egui::Label::new(text).wrap());
            }
            ui.add_space(2.0);
            for (n, question) in page.items.iter().enumerate() {
                let text = RichText::new(format!(
                    "{}. {}",
                    n + 1,
                    widgets::typeset(&question.content)
                ))
                .color(p.service_text);
                let link = egui::Button::new(text).frame(false).wrap();
                if ui.add_enabled(open, link).clicked() {
                    cx.act(UiAction::Intent(Intent::Choose {
                        id: id.clone(),
                        index: page.first + n,
                    }));
                }
            }
        });
    });
}
