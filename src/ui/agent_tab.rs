//! The Agent tab: one person plays the agent of the embedded backend (the
//! operator mode) while using the widget: say, typing, seat, rating, end.

use egui::{RichText, Ui};

use super::{AgentView, Cx, T, UiAction};
use crate::protocol::SeatStatus;
use crate::session::{AgentCommand, FlowState};

pub fn agent_tab_ui(ui: &mut Ui, cx: &mut Cx, state: &FlowState, view: &mut AgentView) {
    let text = &mut view.text;
    let p = cx.palette;
    ui.add(egui::Label::new(RichText::new(cx.t(T::AgentIntro)).color(p.muted)).wrap());
    if !state.operator {
        ui.add(
            egui::Label::new(
                RichText::new(cx.t(T::AgentNotOperator))
                    .small()
                    .color(p.warning),
            )
            .wrap(),
        );
    }
    ui.add_space(6.0);
    let label = ui.label(cx.t(T::AgentSay));
    let response = ui
        .add(
            egui::TextEdit::multiline(text)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    let enter = response.has_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.command);
    ui.horizontal_wrapped(|ui| {
        if (ui.button(cx.t(T::Send)).clicked() || enter) && !text.trim().is_empty() {
            cx.act(UiAction::Agent(AgentCommand::Say(
                std::mem::take(text).trim().to_owned(),
            )));
        }
        if ui.button(format!("⌨ {}", cx.t(T::AgentTyping))).clicked() {
            cx.act(UiAction::Agent(AgentCommand::Typing));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .selectable_label(state.seat == SeatStatus::InSeat, cx.t(T::SeatIn))
            .clicked()
        {
            cx.act(UiAction::Agent(AgentCommand::Seat(SeatStatus::InSeat)));
        }
        if ui
            .selectable_label(state.seat == SeatStatus::OutSeat, cx.t(T::SeatOut))
            .clicked()
        {
            cx.act(UiAction::Agent(AgentCommand::Seat(SeatStatus::OutSeat)));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(format!("⭐ {}", cx.t(T::SendRatingCard)))
            .clicked()
        {
            cx.act(UiAction::Agent(AgentCommand::SendRating));
        }
        if ui.button(format!("■ {}", cx.t(T::EndSession))).clicked() {
            cx.act(UiAction::Agent(AgentCommand::EndSession));
        }
    });
    if let Some(notice) = &view.notice {
        ui.label(RichText::new(format!("⚠ {notice}")).color(p.warning));
    }
}
