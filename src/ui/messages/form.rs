//! Form collection (21): option buttons, or a text input with submit.
//! Locked with the answer shown once answered.

use egui::{RichText, Ui};

use super::{Item, lock_note, side_ui};
use crate::protocol::FormCard;
use crate::session::{FormAnswer, Intent};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn form_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, form: &FormCard) {
    let p = cx.palette;
    let open = item.session.card_state(item.position).is_open();
    let answer = item.session.answer_of(item.position);
    let lock = lock_note(cx, item).filter(|_| answer.is_none());
    let confirmed = item.session.answer_confirmed(item.position);
    let rejected = item.session.answer_rejected(item.position);
    let id = item.entry().id.clone();
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    let mut text = item.widgets.form_text.get(&id).cloned().unwrap_or_default();
    side_ui(ui, cx, item.head(), |ui, cx| {
        let frame = widgets::card_frame(&p);
        let frame = widgets::selectable(frame, &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            let header = ui.add(
                egui::Label::new(
                    RichText::new(format!("📝 {}", widgets::typeset(&form.header))).strong(),
                )
                .wrap(),
            );
            ui.add_space(4.0);
            if form.has_options() {
                for (index, option) in form.items.iter().enumerate() {
                    let chosen = answer.as_deref() == Some(option.content.as_str());
                    if widgets::choice_button(ui, &p, &option.content, &option.desc, chosen, open) {
                        cx.act(UiAction::Intent(Intent::AnswerForm {
                            id: id.clone(),
                            answer: FormAnswer::Option(index),
                        }));
                    }
                }
            } else if let (false, Some(answer)) = (open, &answer) {
                // Green once the service took it, red when it asked again,
                // muted while it has said neither.
                let (mark, color) = if confirmed {
                    ("✔", p.success)
                } else if rejected {
                    ("✖", p.error)
                } else {
                    ("↪", p.muted)
                };
                ui.add(
                    egui::Label::new(RichText::new(format!("{mark} {answer}")).color(color)).wrap(),
                );
            } else {
                ui.horizontal(|ui| {
                    let input = egui::TextEdit::singleline(&mut text)
                        .hint_text(cx.t(T::FormAnswerHint))
                        .desired_width(ui.available_width() - 70.0)
                        .interactive(open);
                    let response = ui.add(input).labelled_by(header.id);
                    let submit = ui.add_enabled(
                        open && !text.trim().is_empty(),
                        egui::Button::new(cx.t(T::Submit)),
                    );
                    let entered =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if open && (submit.clicked() || entered) && !text.trim().is_empty() {
                        cx.act(UiAction::Intent(Intent::AnswerForm {
                            id: id.clone(),
                            answer: FormAnswer::Text(text.trim().to_owned()),
                        }));
                    }
                });
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
    item.widgets.form_text.insert(id, text);
}
