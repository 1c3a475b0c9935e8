//! Branch (15), task-flow branch (32) and bot lists (29 other than the
//! welcome card): a header, item buttons, the answer sent as plain text.
//! Locked after a choice, with the choice highlighted.

use egui::{RichText, Ui};

use super::{Item, side_ui};
use crate::protocol::BranchItem;
use crate::session::{CardState, Intent};
use crate::ui::{Cx, UiAction, widgets};

pub fn branch_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    item: &mut Item,
    header: &str,
    items: &[BranchItem],
    tail: &str,
    quick_options: bool,
) {
    let p = cx.palette;
    let state = item.session.card_state(item.position);
    let answer = item.session.answer_of(item.position);
    let id = item.entry().id.clone();
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    side_ui(ui, cx, item, |ui, cx| {
        let frame = widgets::card_frame(&p);
        let frame = widgets::selectable(frame, &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            if !header.is_empty() {
                ui.add(
                    egui::Label::new(RichText::new(header).strong().color(p.service_text)).wrap(),
                );
                ui.add_space(4.0);
            }
            let open = state.is_open();
            for (index, branch_item) in items.iter().enumerate() {
                let chosen = answer.as_deref() == Some(branch_item.content.as_str());
                // Quick options go away once answered; fixed buttons stay.
                if quick_options && !open && !chosen {
                    continue;
                }
                if widgets::choice_button(
                    ui,
                    &p,
                    &branch_item.content,
                    &branch_item.desc,
                    chosen,
                    open,
                ) {
                    cx.act(UiAction::Intent(Intent::Choose {
                        id: id.clone(),
                        index,
                    }));
                }
            }
            if !tail.is_empty() {
                ui.add_space(2.0);
                widgets::caption(ui, &p, tail);
            }
            if let CardState::Locked(reason) = &state
                && answer.is_none()
            {
                widgets::caption(
                    ui,
                    &p,
                    format!("🔒 {}", crate::ui::i18n::lock_reason(reason, cx.lang)),
                );
            }
        });
    });
}
