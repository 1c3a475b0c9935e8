//! The desktop app, split as rerun splits its viewer: [`App`] holds the
//! machinery (the tokio runtime, the worker running the backends, the
//! file watchers, the image loader) and the [`AppState`] the window shows;
//! `ui` draws a frame, `command_handling` carries out every action of it
//! in one place. The app knows the backends only through the worker.

mod app_state;
mod command_handling;
pub mod conversation;
mod files;
pub mod images;
pub mod links;
pub mod settings;
mod ui;
pub mod watch;
pub mod worker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

pub use app_state::{AppState, SideTab};
use conversation::ConversationTab;
use settings::Settings;
use worker::Worker;

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
    pub theme: Option<crate::ui::ThemeChoice>,
    pub lang: Option<crate::ui::Lang>,
    /// Connect to a Tencent Cloud Desk deployment (`--backend tencent`).
    pub tencent: Option<crate::backend::tencent::TencentSettings>,
    /// How links open (the system browser unless a test says otherwise).
    pub open_link: Option<links::Opener>,
}

pub struct App {
    pub state: AppState,
    worker: Worker,
    /// The picture loader, told where each flow's pictures are on disk.
    images: Arc<images::DeskImageLoader>,
    reloads: mpsc::Receiver<watch::Reload>,
    links: links::Links,
    _watchers: Vec<notify::RecommendedWatcher>,
    /// Keeps the background threads alive as long as the app; dropped last.
    _runtime: tokio::runtime::Runtime,
}

impl App {
    /// The app as eframe starts it, with the settings it remembered.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Result<Self, String> {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, settings::STORAGE_KEY))
            .unwrap_or_default();
        Self::with_context(&cc.egui_ctx, settings, options)
    }

    pub fn with_context(
        ctx: &egui::Context,
        mut settings: Settings,
        options: AppOptions,
    ) -> Result<Self, String> {
        settings.theme = options.theme.unwrap_or(settings.theme);
        settings.lang = options.lang.unwrap_or(settings.lang);
        if let Some(t) = &options.tencent {
            settings.tencent = t.clone();
            settings.backend = settings::BackendChoice::Tencent;
        }
        crate::ui::theme::install_fonts(ctx);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("desksim-worker")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start background threads: {e}"))?;
        let images = Arc::new(images::DeskImageLoader::new(runtime.handle().clone()));
        ctx.add_image_loader(images.clone());
        let wake_ctx = ctx.clone();
        let worker = Worker::start(runtime.handle(), move || wake_ctx.request_repaint());
        let (reload_tx, reloads) = mpsc::channel();
        let mut convs = Vec::new();
        let mut watchers = Vec::new();
        // A replayed transcript comes first; flows follow, and their ids
        // (which the watchers report) are their places in the list.
        if let Some(file) = &options.replay {
            convs.push(ConversationTab::replay(0, file.clone()));
        }
        let flows_dir = options.flows_dir.clone().unwrap_or_else(|| "flows".into());
        for file in files::flow_files(options.flow.as_deref(), &flows_dir) {
            let id = convs.len();
            convs.push(ConversationTab::new(id, file.clone(), watch::load(&file)));
            if options.watch {
                let wake_ctx = ctx.clone();
                let wake = move || wake_ctx.request_repaint();
                match watch::watch(id, &file, reload_tx.clone(), wake) {
                    Ok(w) => watchers.push(w),
                    Err(e) => eprintln!("desksim: cannot watch {}: {e}", file.display()),
                }
            }
        }
        let cards = match files::load_cards(Path::new("assets/cards.json")) {
            Ok((cards, dropped)) => {
                dropped.iter().for_each(|d| eprintln!("desksim: {d}"));
                cards
            }
            Err(e) => {
                eprintln!("desksim: {e}");
                Vec::new()
            }
        };
        for flow in convs.iter().filter_map(|c| c.flow.as_ref()) {
            serve_assets(&images, flow);
        }
        let remote = options.tencent.is_some();
        let mut app = App {
            state: AppState::new(settings, convs, cards),
            worker,
            images,
            reloads,
            links: links::Links::new(options.open_link.unwrap_or(links::system_browser)),
            _watchers: watchers,
            _runtime: runtime,
        };
        app.sync_remote();
        if remote {
            app.state.selected = app.state.convs.len() - 1;
        }
        app.open(app.state.selected);
        Ok(app)
    }
}

/// Pictures under a flow's assets address are read from its folder.
fn serve_assets(images: &images::DeskImageLoader, flow: &crate::flow::LoadedFlow) {
    if let Some((base_url, dir)) = flow.local_assets() {
        images.serve_locally(&base_url, dir);
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::STORAGE_KEY, &self.state.settings);
    }
}

/// Opens the window; returns a message when it cannot.
pub fn run(options: AppOptions) -> Result<(), String> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("desksim")
            .with_app_id("desksim")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([460.0, 420.0]),
        // The bundled fonts cover what desksim shows; a system font would
        // make machines differ (and draw colour emoji as black blobs).
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "desksim",
        native,
        Box::new(move |cc| Ok(Box::new(App::new(cc, options)?))),
    )
    .map_err(|e| format!("could not open a window: {e}"))
}
