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
    side_ui(ui, cx, item.head(), |ui, cx| {
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
            // Questions read as links (accent, a chevron, a frame under the
            // pointer), as the web widget draws them.
            for (n, question) in page.items.iter().enumerate() {
                let color = if open { p.accent } else { p.muted };
                let label = format!("{}. {}", n + 1, widgets::typeset(&question.content));
                let text = RichText::new(&label).color(color);
                let link = egui::Button::new(text)
                    .right_text(RichText::new("›").color(color))
                    .frame_when_inactive(false)
                    .min_size(egui::vec2(ui.available_width(), 26.0))
                    .wrap();
                let response = ui
                    .add_enabled(open, link)
                    .on_hover_cursor(egui::CursorIcon::PointingHand);
                // Found by its words, not by the chevron.
                ui.ctx()
                    .accesskit_node_builder(response.id, |node| node.set_label(label));
                if response.clicked() {
                    cx.act(UiAction::Intent(Intent::Choose {
                        id: id.clone(),
                        index: page.first + n,
                    }));
                }
            }
        });
    });
}
