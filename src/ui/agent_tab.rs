//! The Agent tab: one person plays the agent of the embedded backend (the
//! operator mode) while using the widget: say, typing, seat, rating, end.
//!
//! The controls come first and everything that changes (who is seated,
//! why a command was refused) comes under them, so no button moves when
//! the situation does.

use egui::{RichText, Ui};

use super::{AgentView, Cx, T, UiAction};
use crate::protocol::SeatStatus;
use crate::session::{AgentCommand, FlowState};

/// What the Agent tab shows of a conversation.
pub struct AgentFacts<'a> {
    pub state: &'a FlowState,
    /// The seat as the session was told it: the one the header shows.
    pub seat: SeatStatus,
}

pub fn agent_tab_ui(ui: &mut Ui, cx: &mut Cx, facts: &AgentFacts, view: &mut AgentView) {
    let p = cx.palette;
    let agent = facts.state.agent.as_ref();
    // Who is seated, on one line of fixed height.
    let (dot, status) = match (agent, facts.seat) {
        (Some(a), SeatStatus::InSeat) if a.operator => {
            (p.success, format!("{} · {}", cx.t(T::AgentYou), a.name))
        }
        (Some(a), SeatStatus::InSeat) => {
            (p.accent, format!("{} · {}", cx.t(T::AgentScripted), a.name))
        }
        _ => (p.muted, cx.t(T::AgentNone).to_owned()),
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new("●").color(dot));
        ui.add(egui::Label::new(RichText::new(status).strong()).truncate());
    });
    ui.add_space(6.0);
    let why_not = cx.t(T::AgentNoSession);
    let on_duty = agent.is_some();
    let label = ui.label(cx.t(T::AgentSay));
    let text = &mut view.text;
    let response = ui
        .add_enabled(
            on_duty,
            egui::TextEdit::multiline(text)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .on_disabled_hover_text(why_not);
    let enter = response.has_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.command);
    let mut command = None;
    ui.horizontal_wrapped(|ui| {
        let send = ui
            .add_enabled(on_duty, egui::Button::new(cx.t(T::Send)))
            .on_disabled_hover_text(why_not);
        if (send.clicked() || enter) && !text.trim().is_empty() {
            command = Some(AgentCommand::Say(std::mem::take(text).trim().to_owned()));
        }
        let typing = egui::Button::new(format!("⌨ {}", cx.t(T::AgentTyping)));
        if ui
            .add_enabled(on_duty, typing)
            .on_disabled_hover_text(why_not)
            .clicked()
        {
            command = Some(AgentCommand::Typing);
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (seat, label) in [
            (SeatStatus::InSeat, T::SeatIn),
            (SeatStatus::OutSeat, T::SeatOut),
        ] {
            let button = egui::Button::selectable(facts.seat == seat, cx.t(label));
            if ui
                .add_enabled(on_duty, button)
                .on_disabled_hover_text(why_not)
                .clicked()
            {
                command = Some(AgentCommand::Seat(seat));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (icon, label, what) in [
            ("⭐", T::SendRatingCard, AgentCommand::SendRating),
            ("■", T::EndSession, AgentCommand::EndSession),
        ] {
            let button = egui::Button::new(format!("{icon} {}", cx.t(label)));
            if ui
                .add_enabled(on_duty, button)
                .on_disabled_hover_text(why_not)
                .clicked()
            {
                command = Some(what);
            }
        }
    });
    if let Some(command) = command {
        cx.act(UiAction::Agent(command));
    }
    ui.add_space(8.0);
    let about = match agent {
        Some(a) if a.operator => T::AgentYouAbout,
        Some(_) => T::AgentScriptedAbout,
        None if facts.state.has_operator => T::AgentNoneOperatorAbout,
        None => T::AgentNoneScriptedAbout,
    };
    ui.add(egui::Label::new(RichText::new(cx.t(about)).color(p.muted)).wrap());
    if let Some(notice) = &view.notice {
        ui.add(egui::Label::new(RichText::new(format!("⚠ {notice}")).color(p.warning)).wrap());
    }
}
