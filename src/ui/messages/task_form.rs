//! The task-flow form (33): a tip and fields (text or choice), submitted
//! as one 33 message; shows the values once submitted.

use egui::{RichText, Ui};

use super::{Item, side_ui};
use crate::protocol::TaskForm;
use crate::session::{CardState, Intent, LocalAnswer};
use crate::ui::{Cx, T, UiAction, widgets};

pub fn task_form_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, form: &TaskForm) {
    let p = cx.palette;
    let state = item.session.card_state(item.position);
    let id = item.entry().id.clone();
    let submitted = match &item.entry().answer {
        Some(LocalAnswer::Values(v)) => Some(v.clone()),
        _ => None,
    };
    let vars = &form.content.input_variables;
    let mut values = item
        .widgets
        .task_values
        .get(&id)
        .cloned()
        .unwrap_or_else(|| {
            vars.iter()
                .map(|v| v.variable_value.clone().unwrap_or_default())
                .collect()
        });
    values.resize(vars.len(), String::new());
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    side_ui(ui, cx, item.head(), |ui, cx| {
        let frame = widgets::selectable(widgets::card_frame(&p), &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            ui.add(
                egui::Label::new(RichText::new(format!("📋 {}", form.content.tip)).strong()).wrap(),
            );
            ui.add_space(4.0);
            let open = state.is_open();
            for (i, var) in vars.iter().enumerate() {
                let required = if var.required() { " *" } else { "" };
                let label =
                    ui.label(RichText::new(format!("{}{required}", var.name)).color(p.muted));
                let shown = submitted
                    .as_ref()
                    .and_then(|v| v.get(i))
                    .or(var.variable_value.as_ref());
                if !open {
                    ui.label(shown.map_or("—", String::as_str));
                    continue;
                }
                if var.is_choice() {
                    ui.horizontal_wrapped(|ui| {
                        for choice in var.choices() {
                            let on = values[i] == choice;
                            if ui.selectable_label(on, &choice).clicked() {
                                values[i] = choice;
                            }
                        }
                    });
                } else {
                    let mut edit =
                        egui::TextEdit::singleline(&mut values[i]).desired_width(f32::INFINITY);
                    if let Some(hint) = &var.placeholder {
                        edit = edit.hint_text(hint.as_str());
                    }
                    ui.add(edit).labelled_by(label.id);
                }
            }
            if open {
                ui.add_space(4.0);
                if ui.button(cx.t(T::Submit)).clicked() {
                    cx.act(UiAction::Intent(Intent::SubmitTaskForm {
                        id: id.clone(),
                        values: values.clone(),
                    }));
                }
            } else if let CardState::Locked(reason) = &state {
                widgets::caption(ui, &p, format!("✔ {} · {reason}", cx.t(T::Submitted)));
            }
        });
    });
    item.widgets.task_values.insert(id, values);
}
