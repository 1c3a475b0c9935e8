//! One frame of the window: take in what came, draw the panels (each
//! panel's `_ui` function gets only the state it draws), then carry out
//! what was clicked.

use egui::{Frame, RichText, Ui};

use super::App;
use super::app_state::{AppState, SideTab, WIDE_WINDOW};
use super::conversation::{ConversationTab, FlowNews, Source};
use crate::ui::chat::ChatState;
use crate::ui::toolbar::{Chip, Header, Tone};
use crate::ui::{self, Cx, T, UiAction};

impl App {
    /// One frame: take in events, draw, then carry out what was clicked.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        self.drain();
        // A link that would not open says why in the Log and in a toast.
        for why in self.links.failures() {
            if let Some(conv) = self.state.current_mut() {
                conv.core.note(crate::session::Level::Problem, why.clone());
            }
            self.state.toast = Some(ui::toast::Toast::new(why));
        }
        let ctx = ui.ctx().clone();
        let state = &mut self.state;
        if state.applied_theme != Some(state.settings.theme) {
            ui::theme::apply(&ctx, state.settings.theme);
            state.applied_theme = Some(state.settings.theme);
        }
        state.window_width = ui.available_width();
        let mut actions = Vec::new();
        let mut cx = state.cx(&mut actions);
        let list_width = conversation_list_ui(ui, &mut cx, state);
        let mut overlay = false;
        if state.side_shown(state.window_width) {
            // The chat keeps its room: the panel docks beside it while it
            // fits, and lies over it when the window is too narrow.
            let room = state.window_width - list_width - MIN_CHAT;
            if room >= SIDE_MIN {
                side_panel_ui(ui, &mut cx, state, room);
            } else {
                overlay = true;
            }
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if let Some(conv) = state.convs.get_mut(state.selected) {
                conversation_ui(ui, &mut cx, conv, &mut state.markdown);
            }
        });
        if overlay {
            side_overlay_ui(&ctx, &mut cx, state);
        }
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        if escape
            && state.side_shown(state.window_width)
            && !state.dialogs.any_open()
            && !egui::Popup::is_any_open(&ctx)
        {
            cx.act(UiAction::ToggleSidePanel);
        }
        state.dialogs.show(&ctx, &mut cx);
        ui::toast::toast_ui(&ctx, &cx, &mut state.toast);
        actions.extend(link_clicks(&ctx));
        for action in actions {
            self.handle(action);
        }
        if let Some(url) = self.state.pending_url.take() {
            let wake = ctx.clone();
            self.links.open(url, move || wake.request_repaint());
        }
    }
}

/// The chat never gets narrower than this while the window allows it.
const MIN_CHAT: f32 = 380.0;
/// The narrowest docked side panel; narrower, it lies over the chat.
const SIDE_MIN: f32 = 260.0;
/// Below this window width the conversation list is a rail of initials.
const COMPACT_LIST: f32 = 900.0;
/// The chat's widest readable column; wider windows centre it.
const READABLE: f32 = 860.0;

/// The conversation list (a rail of initials in a narrow window); returns
/// its width.
fn conversation_list_ui(ui: &mut Ui, cx: &mut Cx, state: &AppState) -> f32 {
    let wide = state.window_width >= WIDE_WINDOW;
    let compact = state.window_width < COMPACT_LIST;
    let panel = if compact {
        egui::Panel::left("conversations-rail").exact_size(64.0)
    } else {
        // A width remembered from a wider window never squeezes the chat.
        let max = (state.window_width * 0.3).clamp(150.0, 360.0);
        egui::Panel::left("conversations")
            .resizable(true)
            .default_size(if wide { 240.0 } else { 190.0 })
            .min_size(150.0)
            .max_size(max)
    };
    panel
        .show(ui, |ui| {
            let items: Vec<_> = state.convs.iter().map(ConversationTab::list_item).collect();
            ui::conversations::conversations_ui(ui, cx, &items, state.selected, compact)
        })
        .response
        .rect
        .width()
}

/// The side panel docked at the right, at most `room` wide.
fn side_panel_ui(ui: &mut Ui, cx: &mut Cx, state: &mut AppState, room: f32) {
    egui::Panel::right("side")
        .resizable(true)
        .default_size(if state.window_width >= 1300.0 {
            380.0
        } else {
            320.0
        })
        .min_size(SIDE_MIN)
        .max_size(room.min(720.0))
        .show(ui, |ui| side_ui(ui, cx, state));
}

/// The side panel over the chat, in a window too narrow to dock it; ☰ or
/// Escape closes it.
fn side_overlay_ui(ctx: &egui::Context, cx: &mut Cx, state: &mut AppState) {
    let screen = ctx.content_rect();
    let width = (screen.width() - 24.0).min(360.0);
    egui::Area::new(egui::Id::unique("side-overlay"))
        .fixed_pos(egui::pos2(screen.right() - width, screen.top()))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            Frame::new()
                .fill(cx.palette.panel_bg)
                .stroke(egui::Stroke::new(1.0, cx.palette.card_stroke))
                .shadow(ui.visuals().window_shadow)
                .inner_margin(egui::Margin::same(8))
                .show(ui, |ui| {
                    ui.set_width(width - 16.0);
                    ui.set_height(screen.height() - 16.0);
                    side_ui(ui, cx, state);
                });
        });
}

/// The side panel's tabs and the tab shown.
fn side_ui(ui: &mut Ui, cx: &mut Cx, state: &mut AppState) {
    ui.add_space(6.0);
    let news = state.current().is_some_and(|c| c.news_unseen);
    ui.horizontal(|ui| {
        for (tab, label) in [
            (SideTab::Inspector, T::Inspector),
            (SideTab::Flow, T::FlowTab),
            (SideTab::Agent, T::AgentTab),
            (SideTab::Log, T::LogTab),
        ] {
            // A dot on the Flow tab until its news is seen.
            let text = match tab {
                SideTab::Flow if news => format!("{} ●", cx.t(label)),
                _ => cx.t(label).to_owned(),
            };
            ui.selectable_value(&mut state.side_tab, tab, text);
        }
    });
    ui.separator();
    let Some(conv) = state.convs.get_mut(state.selected) else {
        return;
    };
    if state.side_tab == SideTab::Flow {
        conv.news_unseen = false;
    }
    match state.side_tab {
        SideTab::Inspector => {
            ui::inspector::inspector_ui(ui, cx, conv.core.session(), &mut conv.view)
        }
        SideTab::Flow => ui::flow_tab::flow_tab_ui(ui, cx, &conv.flow_facts()),
        SideTab::Agent => {
            let facts = ui::agent_tab::AgentFacts {
                state: conv.core.flow_state(),
                seat: conv.core.session().seat(),
            };
            ui::agent_tab::agent_tab_ui(ui, cx, &facts, &mut conv.view.agent)
        }
        SideTab::Log => ui::log_tab::log_tab_ui(ui, cx, conv.core.log()),
    }
}

/// The selected conversation: header, composer, and the chat between them.
fn conversation_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    conv: &mut ConversationTab,
    markdown: &mut crate::ui::markdown::MarkdownCache,
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
                chip: news_chip(cx, conv),
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
            readable_column(ui, |ui| {
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
            readable_column(ui, |ui| ui::chat::chat_ui(ui, cx, chat));
        });
}

/// Draws `add` in a column of readable width, centred in a wide window
/// (as Intercom and Tencent's web widget do).
fn readable_column(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    let full = ui.available_rect_before_wrap();
    let pad = ((full.width() - READABLE) / 2.0).max(0.0);
    let rect = full.shrink2(egui::vec2(pad, 0.0));
    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), add);
}

/// The header's word on what is wrong (a conversation that cannot run) or
/// on the flow file's last reload.
fn news_chip(cx: &Cx, conv: &ConversationTab) -> Option<Chip> {
    if !conv.diagnostics.is_empty() && conv.news.is_none() {
        let text = match conv.source {
            Source::Replay => cx.t(T::NotATranscriptChip),
            Source::Flow => cx.t(T::FlowCannotRunChip),
            Source::Remote(_) => cx.t(T::CannotConnectChip),
        };
        return Some(Chip {
            text: text.to_owned(),
            tone: Tone::Error,
        });
    }
    let (text, tone) = match conv.news? {
        FlowNews::Reloaded { warnings: 0 } => (cx.t(T::FlowReloaded).to_owned(), Tone::Info),
        FlowNews::Reloaded { warnings } => (
            format!("{} ({warnings})", cx.t(T::FlowReloadedWarnings)),
            Tone::Warning,
        ),
        FlowNews::Broken { errors } => (format!("{} ({errors})", cx.t(T::FlowBroken)), Tone::Error),
        FlowNews::Deleted => (cx.t(T::FlowDeleted).to_owned(), Tone::Error),
    };
    Some(Chip { text, tone })
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
