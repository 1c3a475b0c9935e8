//! Every action of the UI is carried out here, in one place, after the
//! frame that asked for it; and what the worker and the file watchers
//! report is taken in here before a frame.

use super::App;
use super::app_state::SideTab;
use super::conversation::{ConversationTab, FlowNews, Source};
use super::settings::BackendChoice;
use super::worker::{Command, Event};
use crate::session::{Event as SessionEvent, Intent, Level};
use crate::ui::dialogs::{CardsDialog, ConfirmDialog, LinkDialog};
use crate::ui::{UiAction, i18n};

impl App {
    /// Carries out one action from the UI.
    pub fn handle(&mut self, action: UiAction) {
        let conv = self.state.selected;
        match action {
            UiAction::Intent(intent) => self.act(conv, intent),
            UiAction::Select(id) => {
                if let Some(c) = self.state.current_mut() {
                    c.view.select(id);
                    // Selecting shows the row, even in a narrow window.
                    self.state.side_tab = SideTab::Inspector;
                    self.state.side_open = Some(true);
                }
            }
            UiAction::AskOpenLink(url) => self.state.dialogs.link = Some(LinkDialog::new(url)),
            UiAction::AskFirst(ask) => {
                self.state.dialogs.confirm = Some(ConfirmDialog::new(ask));
            }
            UiAction::OpenLink(url) => self.state.pending_url = Some(url),
            UiAction::DiscardUnsent => self.worker.send(Command::Discard { conv }),
            UiAction::Agent(command) => {
                if let Some(c) = self.state.current_mut() {
                    c.view.agent.notice = None;
                }
                self.worker.send(Command::Agent { conv, command });
            }
            UiAction::Restart => {
                let Some(c) = self.state.current_mut() else {
                    return;
                };
                if c.source == Source::Replay {
                    return;
                }
                c.reset();
                c.opened = true;
                self.worker.send(Command::Restart { conv });
                self.act(conv, Intent::Start);
            }
            UiAction::FastForward(by) => {
                if let Some(c) = self.state.current_mut() {
                    c.clock.fast_forward(by);
                    let note = format!("fast-forwarded {} ms", by.as_millis());
                    c.core.note(Level::Info, note);
                }
                self.worker.send(Command::Wake);
            }
            UiAction::FastForwardToNextTimer => {
                if let Some(c) = self.state.current() {
                    let also = c.core.session().next_expiry();
                    self.worker.send(Command::FastForwardToNext { conv, also });
                }
            }
            UiAction::SelectConversation(i) => {
                if let Some(c) = self.state.convs.get_mut(i) {
                    c.unread = 0;
                    self.state.selected = i;
                    self.open(i);
                }
            }
            UiAction::OpenSettings => {
                self.state.dialogs.settings = Some(self.state.settings.dialog());
            }
            UiAction::Settings(form) => self.state.settings.apply(&form),
            UiAction::SettingsClosed => self.sync_remote(),
            UiAction::ToggleSidePanel => {
                let shown = self.state.side_shown(self.state.window_width);
                self.state.side_open = Some(!shown);
            }
            UiAction::ShowFlowTab => {
                self.state.side_tab = SideTab::Flow;
                self.state.side_open = Some(true);
            }
            UiAction::OpenCardPicker => {
                let cards = self.state.cards.clone();
                self.state.dialogs.cards = Some(CardsDialog::new(cards));
            }
            UiAction::OpenRawMessage => self.state.dialogs.open_raw(),
        }
    }

    /// A user intent in conversation `conv`: what it sends goes to the
    /// backend; a refusal shows under the composer.
    fn act(&mut self, conv: usize, intent: Intent) {
        let lang = self.state.settings.lang;
        let Some(c) = self.state.convs.get_mut(conv) else {
            return;
        };
        match c.core.act(intent) {
            Ok(sent) => {
                c.view.widgets.notice = None;
                for sent in sent {
                    self.worker.send(Command::Send { conv, sent });
                }
            }
            Err(e) => {
                c.core.note(Level::Problem, format!("not sent: {e}"));
                c.view.widgets.notice = Some(i18n::refusal(&e, lang));
            }
        }
    }

    /// Starts a conversation's backend and sends the trigger, once.
    pub(super) fn open(&mut self, conv: usize) {
        let Some(c) = self.state.convs.get_mut(conv) else {
            return;
        };
        if c.opened {
            return;
        }
        let command = match &c.source {
            Source::Replay => return,
            Source::Remote(settings) => match settings.clone().resolve() {
                Ok(config) => {
                    c.diagnostics.clear();
                    Command::OpenRemote {
                        conv,
                        config,
                        clock: c.clock.clone(),
                    }
                }
                Err(e) => {
                    c.core.note(Level::Problem, e.to_string());
                    c.diagnostics = vec![e.to_string()];
                    return;
                }
            },
            Source::Flow => {
                let Some(flow) = c.flow.clone() else {
                    let note = "the flow file has errors; fix it and the app reloads it";
                    c.core.note(Level::Problem, note);
                    return;
                };
                Command::OpenLocal {
                    conv,
                    flow,
                    clock: c.clock.clone(),
                }
            }
        };
        c.opened = true;
        self.worker.send(command);
        // Opening a conversation sends the trigger, as the clients do.
        self.act(conv, Intent::Start);
    }

    /// Keeps the remote conversation (always the last one) in step with the
    /// settings: there when the Tencent backend is chosen, restarted when
    /// its settings change, gone when it is not chosen.
    pub fn sync_remote(&mut self) {
        let state = &mut self.state;
        let wanted = (state.settings.backend == BackendChoice::Tencent)
            .then(|| state.settings.tencent.clone());
        let existing = state
            .convs
            .iter()
            .position(|c| matches!(c.source, Source::Remote(_)));
        let language = state.language();
        match (wanted, existing) {
            (Some(s), Some(i)) if state.convs[i].source == Source::Remote(s.clone()) => {}
            (Some(s), Some(i)) if state.convs[i].opened && state.convs[i].same_account(&s) => {
                // The same conversation over a mended link: nothing lost.
                let c = &mut state.convs[i];
                c.source = Source::Remote(s.clone());
                match s.resolve() {
                    Ok(config) => {
                        c.diagnostics.clear();
                        let unsent = c.core.unsent();
                        c.core.note(
                            Level::Info,
                            format!(
                                "connecting again with the new settings; {unsent} unsent message(s) carried over"
                            ),
                        );
                        self.worker.send(Command::Reconnect {
                            conv: i,
                            config,
                            unsent,
                        });
                    }
                    Err(e) => {
                        c.core.note(Level::Problem, e.to_string());
                        c.diagnostics = vec![e.to_string()];
                    }
                }
            }
            (Some(s), Some(i)) => {
                self.worker.send(Command::Close { conv: i });
                state.convs[i] = ConversationTab::remote(i, s, language);
                if state.selected == i {
                    self.open(i);
                }
            }
            (Some(s), None) => {
                let i = state.convs.len();
                state.convs.push(ConversationTab::remote(i, s, language));
            }
            (None, Some(i)) => {
                self.worker.send(Command::Close { conv: i });
                state.convs.remove(i);
                state.selected = state.selected.min(state.convs.len().saturating_sub(1));
            }
            (None, None) => {}
        }
    }

    /// Takes in what the worker and the watchers report.
    pub fn drain(&mut self) {
        while let Ok(event) = self.worker.events.try_recv() {
            match event {
                Event::Backend { conv, event } => {
                    let selected = self.state.selected;
                    let Some(c) = self.state.convs.get_mut(conv) else {
                        continue;
                    };
                    // A refused send shows under the composer too: the
                    // user's own flags (24, 27) have no bubble to show it.
                    if let SessionEvent::Refused { reason, .. } = event.as_ref() {
                        let refused = i18n::T::RefusedByService.get(self.state.settings.lang);
                        c.view.widgets.notice = Some(format!("{refused}: {reason}"));
                    }
                    if c.core.apply(*event) && conv != selected {
                        c.unread += 1;
                    }
                }
                Event::Refused { conv, message } => {
                    if let Some(c) = self.state.convs.get_mut(conv) {
                        c.core.note(Level::Problem, format!("refused: {message}"));
                        c.view.agent.notice = Some(message);
                    }
                }
            }
        }
        while let Ok(reload) = self.reloads.try_recv() {
            let selected = self.state.selected;
            let Some(c) = self.state.convs.get_mut(reload.conv) else {
                continue;
            };
            c.reload(reload.result);
            let note = match c.news {
                Some(FlowNews::Reloaded { .. }) => "flow reloaded".to_owned(),
                Some(FlowNews::Broken { errors }) => format!(
                    "the edited flow has {errors} error(s); the last good version keeps running"
                ),
                Some(FlowNews::Deleted) | None => {
                    "the flow file was deleted; the last good version keeps running".to_owned()
                }
            };
            c.core.note(Level::Info, note);
            if let (Some(FlowNews::Reloaded { .. }), Some(flow)) = (c.news, c.flow.clone()) {
                super::serve_assets(&self.images, &flow);
                if c.opened {
                    self.worker.send(Command::ReplaceFlow {
                        conv: reload.conv,
                        flow,
                    });
                } else if reload.conv == selected {
                    self.open(reload.conv);
                }
            }
        }
    }
}
