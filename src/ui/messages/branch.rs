//! Items answered by their text: the branch (15), the task-flow branch
//! (32) and bot lists (29 other than the welcome card). Locked after a
//! choice, with the choice highlighted.

use egui::{RichText, Ui};

use super::{Item, lock_note, side_ui};
use crate::session::{ChoiceCard, Intent};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn choices_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, card: &ChoiceCard) {
    let p = cx.palette;
    let open = item.session.card_state(item.position).is_open();
    let id = item.entry().id.clone();
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    // A card showing its answer needs no lock line.
    let lock = lock_note(cx, item).filter(|_| !card.items.iter().any(|i| i.chosen));
    let rejected = item.session.answer_rejected(item.position);
    side_ui(ui, cx, item.head(), |ui, cx| {
        let frame = widgets::selectable(widgets::card_frame(&p), &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            if !card.header.is_empty() {
                let header = RichText::new(widgets::typeset(card.header))
                    .strong()
                    .color(p.service_text);
                ui.add(egui::Label::new(header).wrap());
                ui.add_space(4.0);
            }
            if !card.text.is_empty() {
                let text = RichText::new(widgets::typeset(card.text)).color(p.service_text);
                ui.add(egui::Label::new(text).wrap());
                ui.add_space(4.0);
            }
            for choice in &card.items {
                let picked = widgets::choice_button(
                    ui,
                    &p,
                    choice.content,
                    choice.desc,
                    choice.chosen,
                    open,
                );
                if picked {
                    cx.act(UiAction::Intent(Intent::Choose {
                        id: id.clone(),
                        index: choice.index,
                    }));
                }
            }
            if !card.tail.is_empty() {
                ui.add_space(2.0);
                widgets::caption(ui, &p, widgets::typeset(card.tail));
            }
            if rejected {
                ui.label(
                    RichText::new(cx.t(T::AnswerRejected))
                        .small()
                        .color(p.error),
                );
            }
            if let Some(lock) = lock {
                widgets::caption(ui, &p, lock);
            }
        });
    });
}
