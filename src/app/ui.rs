//! One frame of the window: take in what came, draw the panels (each
//! panel's `_ui` function gets only the state it draws), then carry out
//! what was clicked.

use egui::{Frame, RichText, Ui};

use super::App;
use super::app_state::{AppState, SideTab, WIDE_WINDOW};
use super::conversation::{ConversationTab, Source};
use crate::ui::chat::ChatState;
use crate::ui::toolbar::Header;
use crate::ui::{self, Cx, T, UiAction};

impl App {
    /// One frame: take in events, draw, then carry out what was clicked.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        self.drain();
        let ctx = ui.ctx().clone();
        let state = &mut self.state;
        if state.applied_theme != Some(state.settings.theme) {
            ui::theme::apply(&ctx, state.settings.theme);
            state.applied_theme = Some(state.settings.theme);
        }
        state.window_width = ui.available_width();
        let mut actions = Vec::new();
        let mut cx = state.cx(&mut actions);
        conversation_list_ui(ui, &mut cx, state);
        if state.side_shown(state.window_width) {
            side_panel_ui(ui, &mut cx, state);
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if let Some(conv) = state.convs.get_mut(state.selected) {
                conversation_ui(ui, &mut cx, conv, &mut state.markdown);
            }
        });
        state.dialogs.show(&ctx, &mut cx);
        actions.extend(link_clicks(&ctx));
        for action in actions {
            self.handle(action);
        }
        if let Some(url) = self.state.pending_url.take() {
            ctx.open_url(egui::OpenUrl::new_tab(url));
        }
    }
}

fn conversation_list_ui(ui: &mut Ui, cx: &mut Cx, state: &AppState) {
    let wide = state.window_width >= WIDE_WINDOW;
    egui::Panel::left("conversations")
        .resizable(true)
        .default_size(if wide { 240.0 } else { 190.0 })
        .min_size(150.0)
        .max_size(360.0)
        .show(ui, |ui| {
            let items: Vec<_> = state.convs.iter().map(ConversationTab::list_item).collect();
            ui::conversations::conversations_ui(ui, cx, &items, state.selected)
        });
}

fn side_panel_ui(ui: &mut Ui, cx: &mut Cx, state: &mut AppState) {
    egui::Panel::right("side")
        .resizable(true)
        .default_size(if state.window_width >= 1300.0 {
            380.0
        } else {
            320.0
        })
        .min_size(260.0)
        .max_size(720.0)
        .show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                for (tab, label) in [
                    (SideTab::Inspector, T::Inspector),
                    (SideTab::Flow, T::FlowTab),
                    (SideTab::Agent, T::AgentTab),
                    (SideTab::Log, T::LogTab),
                ] {
                    ui.selectable_value(&mut state.side_tab, tab, cx.t(label));
                }
            });
            ui.separator();
            let Some(conv) = state.convs.get_mut(state.selected) else {
                return;
            };
            match state.side_tab {
                SideTab::Inspector => {
                    ui::inspector::inspector_ui(ui, cx, conv.core.session(), &mut conv.view)
                }
                SideTab::Flow => ui::flow_tab::flow_tab_ui(ui, cx, &conv.flow_facts()),
                SideTab::Agent => ui::agent_tab::agent_tab_ui(
                    ui,
                    cx,
                    conv.core.flow_state(),
                    &mut conv.view.agent,
                ),
                SideTab::Log => ui::log_tab::log_tab_ui(ui, cx, conv.core.log()),
            }
        });
}

/// The selected conversation: header, composer, and the chat between them.
fn conversation_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    conv: &mut ConversationTab,
    markdown: &mut egui_commonmark::CommonMarkCache,
) {
    let p = cx.palette;
    let affordances = conv.core.session().affordances();
    egui::Panel::top("toolbar")
        .frame(
            Frame::new()
                .fill(p.panel_bg)
                .inner_margin(egui::Margin::symmetric(14, 8)),
        )
        .show(ui, |ui| {
            let backend = match &conv.source {
                Source::Remote(_) => "Tencent IM",
                Source::Replay => cx.t(T::ReplayBackend),
                Source::Flow => cx.t(T::EmbeddedBackend),
            };
            let header = Header {
                title: &conv.title,
                backend,
                connection: conv.core.connection(),
                affordances: &affordances,
            };
            ui::toolbar::toolbar_ui(ui, cx, &header);
        });
    egui::Panel::bottom("composer")
        .frame(
            Frame::new()
                .fill(p.panel_bg)
                .inner_margin(egui::Margin::symmetric(12, 10)),
        )
        .show(ui, |ui| {
            let widgets = &mut conv.view.widgets;
            ui::composer::composer_ui(
                ui,
                cx,
                &mut widgets.composer,
                widgets.notice.as_deref(),
                conv.core.unsent(),
                &affordances,
            );
        });
    egui::CentralPanel::no_frame()
        .frame(
            Frame::new()
                .fill(p.chat_bg)
                .inner_margin(egui::Margin::symmetric(16, 12)),
        )
        .show(ui, |ui| {
            if conv.core.rows().is_empty() && !conv.diagnostics.is_empty() {
                diagnostics_ui(ui, cx, &conv.diagnostics, &conv.source);
                return;
            }
            let chat = ChatState {
                session: conv.core.session(),
                rows: conv.core.rows(),
                problems: conv.core.problems(),
                view: &mut conv.view,
                markdown,
            };
            ui::chat::chat_ui(ui, cx, chat);
        });
}

/// Why a conversation cannot run, and what to do about it.
fn diagnostics_ui(ui: &mut Ui, cx: &mut Cx, diagnostics: &[String], source: &Source) {
    let p = cx.palette;
    let hint = cx.t(match source {
        Source::Remote(_) => T::SettingsHint,
        Source::Replay => T::TranscriptHint,
        Source::Flow => T::FixFlowHint,
    });
    ui.label(
        RichText::new(format!("⚠ {}", cx.t(T::Error)))
            .strong()
            .color(p.error),
    );
    for d in diagnostics {
        ui.add(egui::Label::new(RichText::new(d).monospace().color(p.error)).wrap());
    }
    ui.add_space(6.0);
    ui.label(RichText::new(hint).color(p.muted));
}

/// Links clicked in rich text open through egui's hyperlink: taken out of
/// egui's output so the user is asked first, as for a card's link.
fn link_clicks(ctx: &egui::Context) -> Vec<UiAction> {
    ctx.output_mut(|o| {
        let mut asked = Vec::new();
        o.commands.retain(|c| match c {
            egui::OutputCommand::OpenUrl(open) => {
                asked.push(UiAction::AskOpenLink(open.url.clone()));
                false
            }
            _ => true,
        });
        asked
    })
}
