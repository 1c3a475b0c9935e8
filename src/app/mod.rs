//! The desktop app: the machinery around the UI. `DesksimApp` owns the
//! conversations (their sessions live on the UI thread), the worker that
//! runs the backends on a tokio runtime, the file watchers and the
//! settings; every click comes back here as a [`UiAction`] and is carried
//! out in one place ([`DesksimApp::handle`]).

pub mod conversation;
pub mod images;
pub mod settings;
pub mod watch;
pub mod worker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use egui::{Frame, RichText};
use egui_commonmark::CommonMarkCache;

use crate::protocol::ProductCard;
use crate::session::Intent;
use crate::ui::{self, Cx, T, UiAction};
use conversation::{Conversation, Level, Source};
use settings::Settings;
use worker::{Command, Event, Worker};

/// Which tab the side panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideTab {
    #[default]
    Inspector,
    Flow,
    Agent,
    Log,
}

/// What the app opens with.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// A flow to open first (`--flow FILE`); the example flows follow.
    pub flow: Option<PathBuf>,
    /// Where the example flows are.
    pub flows_dir: Option<PathBuf>,
    /// Watch flow files for edits.
    pub watch: bool,
    /// A transcript to show first (`--replay FILE`), read-only.
    pub replay: Option<PathBuf>,
    /// Overrides of the remembered settings (`--theme`, `--lang`).
    pub theme: Option<ui::ThemeChoice>,
    pub lang: Option<ui::Lang>,
    /// Connect to a Tencent Cloud Desk deployment (`--backend tencent`).
    pub tencent: Option<crate::backend::tencent::TencentSettings>,
}

pub struct DesksimApp {
    pub settings: Settings,
    /// Keeps the background threads alive as long as the app.
    _runtime: tokio::runtime::Runtime,
    worker: Worker,
    pub convs: Vec<Conversation>,
    pub selected: usize,
    pub side_tab: SideTab,
    markdown: CommonMarkCache,
    cards: Vec<ProductCard>,
    settings_open: bool,
    reloads: mpsc::Receiver<watch::Reload>,
    _watchers: Vec<notify::RecommendedWatcher>,
    applied_theme: Option<ui::ThemeChoice>,
    chat_width: f32,
    /// A link the user agreed to open, opened at the end of the frame.
    pending_url: Option<String>,
    /// The side panel shown or hidden by the user; by default it shows
    /// when the window is wide enough to leave the chat room.
    side_open: Option<bool>,
}

impl DesksimApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, settings::STORAGE_KEY))
            .unwrap_or_default();
        Self::with_context(&cc.egui_ctx, settings, options)
    }

    pub fn with_context(ctx: &egui::Context, mut settings: Settings, options: AppOptions) -> Self {
        settings.theme = options.theme.unwrap_or(settings.theme);
        settings.lang = options.lang.unwrap_or(settings.lang);
        if let Some(t) = &options.tencent {
            settings.tencent = t.clone();
            settings.backend = settings::BackendChoice::Tencent;
        }
        ui::theme::install_fonts(ctx);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("desksim-worker")
            .enable_all()
            .build()
            .unwrap_or_else(|e| {
                // No threads means no app; say why rather than panic later.
                eprintln!("desksim: cannot start background threads: {e}");
                std::process::exit(1)
            });
        ctx.add_image_loader(Arc::new(images::DeskImageLoader::new(
            runtime.handle().clone(),
        )));
        let wake_ctx = ctx.clone();
        let worker = Worker::start(runtime.handle(), move || wake_ctx.request_repaint());
        let (reload_tx, reloads) = mpsc::channel();
        let mut convs = Vec::new();
        let mut watchers = Vec::new();
        // A replayed transcript comes first; flows follow, and their ids
        // (which the watchers report) are their places in the list.
        if let Some(file) = &options.replay {
            convs.push(Conversation::replay(0, file.clone()));
        }
        for file in flow_files(&options) {
            let id = convs.len();
            let conv = Conversation::new(id, file.clone(), watch::load(&file));
            if options.watch {
                let wake_ctx = ctx.clone();
                match watch::watch(id, &file, reload_tx.clone(), move || {
                    wake_ctx.request_repaint()
                }) {
                    Ok(w) => watchers.push(w),
                    Err(e) => eprintln!("desksim: cannot watch {}: {e}", file.display()),
                }
            }
            convs.push(conv);
        }
        let cards = load_cards(Path::new("assets/cards.json"));
        let mut app = DesksimApp {
            settings,
            _runtime: runtime,
            worker,
            convs,
            selected: 0,
            side_tab: SideTab::Inspector,
            markdown: CommonMarkCache::default(),
            cards,
            settings_open: false,
            reloads,
            _watchers: watchers,
            applied_theme: None,
            chat_width: 0.0,
            pending_url: None,
            side_open: None,
        };
        app.sync_remote();
        if options.tencent.is_some() {
            app.selected = app.convs.len() - 1;
        }
        app.open(app.selected);
        app
    }

    /// Starts a conversation's backend and sends the trigger, once.
    fn open(&mut self, conv: usize) {
        let Some(c) = self.convs.get_mut(conv) else {
            return;
        };
        if c.opened {
            return;
        }
        match c.source.clone() {
            Source::Replay => return,
            Source::Remote(settings) => match settings.resolve() {
                Ok(config) => {
                    c.diagnostics.clear();
                    self.worker.send(Command::OpenRemote {
                        conv,
                        config,
                        clock: c.clock.clone(),
                    });
                }
                Err(e) => {
                    c.note(Level::Problem, e.to_string());
                    c.diagnostics = vec![e.to_string()];
                    return;
                }
            },
            Source::Flow => {
                let Some(flow) = c.flow.clone() else {
                    c.note(
                        Level::Problem,
                        "the flow file has errors; fix it and the app reloads it",
                    );
                    return;
                };
                self.worker.send(Command::OpenLocal {
                    conv,
                    flow,
                    clock: c.clock.clone(),
                });
            }
        }
        if let Some(c) = self.convs.get_mut(conv) {
            c.opened = true;
        }
        // Opening a conversation sends the trigger, as the clients do.
        self.handle(UiAction::Intent(Intent::Start));
    }

    /// Keeps the remote conversation (always the last one) in step with the
    /// settings: there when the Tencent backend is chosen, restarted when
    /// its settings change, gone when it is not chosen.
    pub fn sync_remote(&mut self) {
        let wanted = (self.settings.backend == settings::BackendChoice::Tencent)
            .then(|| self.settings.tencent.clone());
        let existing = self
            .convs
            .iter()
            .position(|c| matches!(c.source, Source::Remote(_)));
        let language = match self.settings.lang {
            ui::Lang::Zh => "zh",
            ui::Lang::En => "en",
        };
        match (wanted, existing) {
            (Some(s), Some(i)) if self.convs[i].source == Source::Remote(s.clone()) => {}
            (Some(s), Some(i)) if self.convs[i].opened && self.convs[i].same_account(&s) => {
                // The same conversation over a mended link: nothing lost.
                let c = &mut self.convs[i];
                c.source = Source::Remote(s.clone());
                match s.resolve() {
                    Ok(config) => {
                        c.diagnostics.clear();
                        c.note(
                            Level::Info,
                            format!(
                                "connecting again with the new settings; {} unsent message(s) carried over",
                                c.unsent
                            ),
                        );
                        self.worker.send(Command::Reconnect {
                            conv: i,
                            config,
                            unsent: c.unsent,
                        });
                    }
                    Err(e) => {
                        c.note(Level::Problem, e.to_string());
                        c.diagnostics = vec![e.to_string()];
                    }
                }
            }
            (Some(s), Some(i)) => {
                self.worker.send(Command::Close { conv: i });
                self.convs[i] = Conversation::remote(i, s, language);
                if self.selected == i {
                    self.open(i);
                }
            }
            (Some(s), None) => {
                let i = self.convs.len();
                self.convs.push(Conversation::remote(i, s, language));
            }
            (None, Some(i)) => {
                self.worker.send(Command::Close { conv: i });
                self.convs.remove(i);
                self.selected = self.selected.min(self.convs.len().saturating_sub(1));
            }
            (None, None) => {}
        }
    }

    /// Takes in what the worker and the watchers report.
    pub fn drain(&mut self) {
        while let Ok(event) = self.worker.events.try_recv() {
            match event {
                Event::Backend { conv, event } => {
                    if let Some(c) = self.convs.get_mut(conv)
                        && c.apply(event)
                        && conv != self.selected
                    {
                        c.unread += 1;
                    }
                }
                Event::Refused { conv, message } => {
                    if let Some(c) = self.convs.get_mut(conv) {
                        c.note(Level::Problem, format!("refused: {message}"));
                        c.view.agent_notice = Some(message);
                    }
                }
            }
        }
        while let Ok(reload) = self.reloads.try_recv() {
            let Some(c) = self.convs.get_mut(reload.conv) else {
                continue;
            };
            match reload.result {
                Ok(flow) => {
                    let flow = Arc::new(flow);
                    c.title = flow.flow.name.clone();
                    c.flow = Some(flow.clone());
                    c.diagnostics.clear();
                    c.note(Level::Info, "flow reloaded");
                    if c.opened {
                        self.worker.send(Command::ReplaceFlow {
                            conv: reload.conv,
                            flow,
                        });
                    } else if reload.conv == self.selected {
                        self.open(reload.conv);
                    }
                }
                Err(diags) => {
                    c.note(
                        Level::Problem,
                        format!(
                            "the edited flow has {} problems; the last good version keeps running",
                            diags.len()
                        ),
                    );
                    c.diagnostics = diags;
                }
            }
        }
    }

    /// Carries out one action from the UI.
    pub fn handle(&mut self, action: UiAction) {
        let conv = self.selected;
        match action {
            UiAction::Intent(intent) => {
                let Some(c) = self.convs.get_mut(conv) else {
                    return;
                };
                match c.act(intent) {
                    Ok(sent) => {
                        for s in sent {
                            self.worker.send(Command::Send { conv, sent: s });
                        }
                    }
                    Err(e) => {
                        c.note(Level::Problem, format!("not sent: {e}"));
                        c.view.notice = Some(ui::i18n::refusal(&e, self.settings.lang));
                    }
                }
            }
            UiAction::Select(id) => {
                if let Some(c) = self.convs.get_mut(conv) {
                    c.view.selected = Some(id);
                    c.view.scroll_to_selected = true;
                    c.view.inspector_scroll = true;
                    // Selecting shows the row, even in a narrow window.
                    self.side_tab = SideTab::Inspector;
                    self.side_open = Some(true);
                }
            }
            UiAction::AskOpenLink(url) => {
                if let Some(c) = self.convs.get_mut(conv) {
                    c.view.link_to_open = Some(url);
                }
            }
            UiAction::OpenLink(url) => {
                if crate::protocol::is_http(&url) {
                    self.pending_url = Some(url);
                }
            }
            UiAction::DiscardUnsent => self.worker.send(Command::Discard { conv }),
            UiAction::Agent(command) => {
                if let Some(c) = self.convs.get_mut(conv) {
                    c.view.agent_notice = None;
                }
                self.worker.send(Command::Agent { conv, command });
            }
            UiAction::Restart => {
                let Some(c) = self.convs.get_mut(conv) else {
                    return;
                };
                c.reset();
                self.worker.send(Command::Restart { conv });
                c.opened = true;
                self.handle(UiAction::Intent(Intent::Start));
            }
            UiAction::FastForward(by) => {
                if let Some(c) = self.convs.get_mut(conv) {
                    c.clock.fast_forward(by);
                    c.note(Level::Info, format!("fast-forwarded {} ms", by.as_millis()));
                }
                self.worker.send(Command::Wake);
            }
            UiAction::FastForwardToNextTimer => {
                if let Some(c) = self.convs.get(conv) {
                    let expiry = c.session.next_expiry();
                    self.worker
                        .send(Command::FastForwardToNext { conv, also: expiry });
                }
            }
            UiAction::SelectConversation(i) => {
                if i < self.convs.len() {
                    self.selected = i;
                    self.convs[i].unread = 0;
                    self.open(i);
                }
            }
        }
    }
}

impl eframe::App for DesksimApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::STORAGE_KEY, &self.settings);
    }
}

impl DesksimApp {
    /// One frame: take in events, draw, then carry out what was clicked.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.drain();
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.settings.theme) {
            ui::theme::apply(&ctx, self.settings.theme);
            self.applied_theme = Some(self.settings.theme);
        }
        let mut actions = Vec::new();
        let palette = ui::Palette::of(self.settings.theme);
        let lang = self.settings.lang;
        let now = self
            .convs
            .get(self.selected)
            .map(|c| c.now())
            .unwrap_or_default();
        let mut cx = Cx {
            lang,
            palette,
            now,
            actions: &mut actions,
        };

        let width = ui.available_width();
        egui::Panel::left("conversations")
            .resizable(true)
            .default_size(if ui.available_width() >= WIDE_WINDOW {
                240.0
            } else {
                190.0
            })
            .min_size(150.0)
            .max_size(360.0)
            .show(ui, |ui| {
                ui::conversations::conversations_ui(ui, &mut cx, &self.convs, self.selected)
            });

        if self.side_open.unwrap_or(width >= WIDE_WINDOW) {
            egui::Panel::right("side")
                .resizable(true)
                .default_size(if width >= 1300.0 { 380.0 } else { 320.0 })
                .min_size(260.0)
                .max_size(720.0)
                .show(ui, |ui| self.side_ui(ui, &mut cx));
        }

        let mut toolbar = ui::toolbar::ToolbarOut::default();
        let mut close_settings = false;
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let Some(conv) = self.convs.get_mut(self.selected) else {
                return;
            };
            let affordances = conv.session.affordances();
            egui::Panel::top("toolbar")
                .frame(
                    Frame::new()
                        .fill(palette.panel_bg)
                        .inner_margin(egui::Margin::symmetric(14, 8)),
                )
                .show(ui, |ui| {
                    let backend = match &conv.source {
                        Source::Remote(_) => "Tencent IM",
                        _ => cx_backend(lang),
                    };
                    toolbar = ui::toolbar::toolbar_ui(
                        ui,
                        &mut cx,
                        &conv.title,
                        backend,
                        conv.connection.as_ref(),
                        &affordances,
                    );
                });
            egui::Panel::bottom("composer")
                .frame(
                    Frame::new()
                        .fill(palette.panel_bg)
                        .inner_margin(egui::Margin::symmetric(12, 10)),
                )
                .show(ui, |ui| {
                    let out = ui::composer::composer_ui(
                        ui,
                        &mut cx,
                        &mut conv.view.composer,
                        conv.view.notice.as_deref(),
                        conv.unsent,
                        &affordances,
                    );
                    conv.view.cards_open |= out.open_cards;
                    conv.view.raw_open |= out.open_raw;
                });
            egui::CentralPanel::no_frame()
                .frame(
                    Frame::new()
                        .fill(palette.chat_bg)
                        .inner_margin(egui::Margin::symmetric(16, 12)),
                )
                .show(ui, |ui| {
                    if !conv.diagnostics.is_empty() && conv.flow.is_none() {
                        diagnostics_ui(
                            ui,
                            &mut cx,
                            &conv.diagnostics,
                            matches!(conv.source, Source::Remote(_)),
                        );
                        return;
                    }
                    let width = ui.available_width();
                    if (width - self.chat_width).abs() > 1.0 {
                        self.chat_width = width;
                        conv.remeasure();
                    }
                    ui::chat::chat_ui(ui, &mut cx, conv.chat(&mut self.markdown));
                });
        });

        if self.settings_open && !toolbar.open_settings {
            // The dialog is open: backend changes apply when it closes.
        }
        self.settings_open |= toolbar.open_settings;
        if toolbar.toggle_side_panel {
            let shown = self.side_open.unwrap_or(width >= WIDE_WINDOW);
            self.side_open = Some(!shown);
        }
        if self.settings_open {
            self.settings_open = ui::dialogs::settings_ui(&ctx, &mut cx, &mut self.settings);
            if !self.settings_open {
                close_settings = true;
            }
        }
        if let Some(conv) = self.convs.get_mut(self.selected) {
            if conv.view.cards_open {
                conv.view.cards_open = ui::dialogs::cards_ui(&ctx, &mut cx, &self.cards);
            }
            if conv.view.raw_open {
                conv.view.raw_open = ui::dialogs::raw_ui(&ctx, &mut cx, &mut conv.view.raw_text);
            }
            if let Some(url) = conv.view.link_to_open.clone()
                && !ui::dialogs::link_ui(&ctx, &mut cx, &url)
            {
                conv.view.link_to_open = None;
            }
        }
        // A link in rich text opens through egui's hyperlink: ask first, as
        // for a card's link.
        let clicked_links: Vec<String> = ctx.output_mut(|o| {
            let mut urls = Vec::new();
            o.commands.retain(|c| match c {
                egui::OutputCommand::OpenUrl(open) => {
                    urls.push(open.url.clone());
                    false
                }
                _ => true,
            });
            urls
        });
        for url in clicked_links {
            actions.push(UiAction::AskOpenLink(url));
        }
        for action in actions {
            self.handle(action);
        }
        if close_settings {
            self.sync_remote();
        }
        if let Some(url) = self.pending_url.take() {
            ctx.open_url(egui::OpenUrl::new_tab(url));
        }
    }

    fn side_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx) {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            for (tab, label) in [
                (SideTab::Inspector, T::Inspector),
                (SideTab::Flow, T::FlowTab),
                (SideTab::Agent, T::AgentTab),
                (SideTab::Log, T::LogTab),
            ] {
                ui.selectable_value(&mut self.side_tab, tab, cx.t(label));
            }
        });
        ui.separator();
        let Some(conv) = self.convs.get_mut(self.selected) else {
            return;
        };
        match self.side_tab {
            SideTab::Inspector => {
                ui::inspector::inspector_ui(ui, cx, &conv.session, &mut conv.view)
            }
            SideTab::Flow => ui::flow_tab::flow_tab_ui(ui, cx, conv),
            SideTab::Agent => {
                let notice = conv.view.agent_notice.clone();
                ui::agent_tab::agent_tab_ui(
                    ui,
                    cx,
                    &conv.flow_state,
                    &mut conv.view.agent_text,
                    notice.as_deref(),
                )
            }
            SideTab::Log => ui::log_tab::log_tab_ui(ui, cx, &conv.log),
        }
    }
}

/// Below this width the side panel starts hidden, leaving room to chat.
const WIDE_WINDOW: f32 = 1100.0;

fn cx_backend(lang: ui::Lang) -> &'static str {
    match lang {
        ui::Lang::En => "embedded",
        ui::Lang::Zh => "内置",
    }
}

fn diagnostics_ui(ui: &mut egui::Ui, cx: &mut Cx, diagnostics: &[String], remote: bool) {
    let p = cx.palette;
    let hint = cx.t(if remote {
        T::SettingsHint
    } else {
        T::FixFlowHint
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

/// The flows of the conversation list: `--flow` first, then the examples.
fn flow_files(options: &AppOptions) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Some(f) = &options.flow {
        files.push(f.clone());
    }
    let dir = options
        .flows_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("flows"));
    let default = PathBuf::from(crate::DEFAULT_FLOW);
    let mut examples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json") && !p.ends_with("flow.schema.json")
                })
                .collect()
        })
        .unwrap_or_default();
    // The default flow leads the examples.
    examples.sort_by_key(|p| {
        (
            !p.ends_with(default.file_name().unwrap_or_default()),
            p.clone(),
        )
    });
    let same = |a: &Path, b: &Path| std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok();
    for e in examples {
        if !files.iter().any(|f| same(f, &e)) {
            files.push(e);
        }
    }
    if files.is_empty() {
        files.push(default);
    }
    files
}

/// The product cards of the picker; pictures relative to the file.
fn load_cards(file: &Path) -> Vec<ProductCard> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let mut cards: Vec<ProductCard> = serde_json::from_str(&text).unwrap_or_default();
    let dir = file.parent().unwrap_or(Path::new("."));
    for card in &mut cards {
        if !card.pic.is_empty() && !crate::protocol::is_http(&card.pic) {
            let path = dir.join(&card.pic);
            let abs = std::fs::canonicalize(&path).unwrap_or(path);
            card.pic = format!("file://{}", abs.display());
        }
    }
    cards
}

/// Opens the window; returns a message when it cannot.
pub fn run(options: AppOptions) -> Result<(), String> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("desksim")
            .with_app_id("desksim")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([760.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "desksim",
        native,
        Box::new(move |cc| Ok(Box::new(DesksimApp::new(cc, options)))),
    )
    .map_err(|e| format!("could not open a window: {e}"))
}
