//! The Flow tab: the flow file, where the flow is, what it collected;
//! restart; and the clock's fast-forward for reminders, timeouts, expiry.

use std::time::Duration;

use egui::{RichText, Ui};

use super::{Cx, T, UiAction};
use crate::clock::Timestamp;
use crate::session::{FlowState, Timer};

/// What the Flow tab shows of a conversation.
pub struct FlowFacts<'a> {
    pub file: String,
    pub state: &'a FlowState,
    /// `check` diagnostics of the file as it is on disk, when it has errors.
    pub diagnostics: &'a [String],
    /// `check` warnings of the flow that runs.
    pub warnings: &'a [String],
    /// How far the conversation's clock is ahead of real time.
    pub ahead: Duration,
    /// The conversation's clock now.
    pub now: Timestamp,
}

pub fn flow_tab_ui(ui: &mut Ui, cx: &mut Cx, conv: &FlowFacts) {
    let p = cx.palette;
    egui::Grid::new("flow-facts")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label(RichText::new(cx.t(T::FlowFile)).color(p.muted));
            ui.add(egui::Label::new(RichText::new(&conv.file).monospace()).wrap());
            ui.end_row();
            ui.label(RichText::new(cx.t(T::CurrentNode)).color(p.muted));
            ui.label(
                RichText::new(conv.state.node.as_deref().unwrap_or("—"))
                    .monospace()
                    .strong(),
            );
            ui.end_row();
            ui.label(RichText::new(cx.t(T::NextTimerLabel)).color(p.muted));
            let next = next_timer(ui.ctx(), cx, conv);
            ui.label(next);
            ui.end_row();
        });
    for (lines, fill, title) in [
        (conv.diagnostics, p.error_soft, T::FlowErrors),
        (conv.warnings, p.warning_soft, T::FlowWarnings),
    ] {
        if lines.is_empty() {
            continue;
        }
        ui.add_space(6.0);
        egui::Frame::new()
            .fill(fill)
            .inner_margin(8)
            .corner_radius(6)
            .show(ui, |ui| {
                let strong = if title == T::FlowErrors {
                    p.error
                } else {
                    p.warning
                };
                ui.label(RichText::new(cx.t(title)).color(strong).strong());
                for line in lines {
                    // Errors red, warnings amber, as `check` says which.
                    let color = if line.contains(": warning:") {
                        p.warning
                    } else {
                        p.error
                    };
                    let text = RichText::new(line).monospace().size(11.0).color(color);
                    ui.add(egui::Label::new(text).wrap());
                }
            });
    }
    ui.add_space(8.0);
    ui.label(RichText::new(cx.t(T::Variables)).strong());
    if conv.state.variables.is_empty() {
        ui.label(RichText::new(cx.t(T::NoVariables)).color(p.muted));
    } else {
        egui::Grid::new("flow-variables")
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for (name, value) in &conv.state.variables {
                    ui.label(RichText::new(name).monospace());
                    ui.label(value);
                    ui.end_row();
                }
            });
    }
    ui.add_space(10.0);
    if ui.button(format!("↺ {}", cx.t(T::Restart))).clicked() {
        cx.act(UiAction::AskFirst(super::dialogs::Ask::Restart));
    }
    ui.add_space(10.0);
    ui.label(RichText::new(cx.t(T::FastForward)).strong());
    ui.horizontal_wrapped(|ui| {
        if ui.button(cx.t(T::OneMinute)).clicked() {
            cx.act(UiAction::FastForward(Duration::from_secs(60)));
        }
        if ui.button(cx.t(T::FiveMinutes)).clicked() {
            cx.act(UiAction::FastForward(Duration::from_secs(300)));
        }
        if ui.button(format!("⏭ {}", cx.t(T::NextTimer))).clicked() {
            cx.act(UiAction::FastForwardToNextTimer);
        }
    });
    let ahead = conv.ahead;
    if !ahead.is_zero() {
        ui.label(
            RichText::new(format!("⏩ {} {}", super::countdown(ahead), cx.t(T::Ahead)))
                .small()
                .color(p.muted),
        );
    }
}

/// "Reminder in 00:01:20 (10:42:05)", on the conversation's clock; the tab
/// is drawn again each second while a timer runs, for the countdown.
fn next_timer(ctx: &egui::Context, cx: &Cx, conv: &FlowFacts) -> String {
    let Some((timer, at)) = conv.state.next_timer else {
        return "—".to_owned();
    };
    ctx.request_repaint_after(Duration::from_secs(1));
    let what = match timer {
        Timer::Reminder => cx.t(T::ReminderTimer),
        Timer::Timeout => cx.t(T::TimeoutTimer),
    };
    let (left, when) = (
        super::countdown(at.since(conv.now)),
        super::clock_time_seconds(at),
    );
    match cx.lang {
        super::Lang::En => format!("{what} in {left} ({when})"),
        super::Lang::Zh => format!("{left}后{what}（{when}）"),
    }
}
