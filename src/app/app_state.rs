//! `AppState`: everything the window shows and edits. Only `settings` is
//! persisted (eframe's storage); the conversations, the view state and the
//! dialogs are rebuilt at every start.

use crate::ui::markdown::MarkdownCache;

use super::conversation::ConversationTab;
use super::settings::Settings;
use crate::protocol::ProductCard;
use crate::ui::toast::Toast;
use crate::ui::{Cx, Dialogs, Palette, ThemeChoice, UiAction};

/// Which tab the side panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideTab {
    #[default]
    Inspector,
    Flow,
    Agent,
    Log,
}

pub struct AppState {
    /// Persisted.
    pub settings: Settings,
    pub convs: Vec<ConversationTab>,
    pub selected: usize,
    pub side_tab: SideTab,
    /// The side panel shown or hidden by the user; by default it shows
    /// when the window is wide enough to leave the chat room.
    pub side_open: Option<bool>,
    /// The window's width in the last frame.
    pub window_width: f32,
    pub dialogs: Dialogs,
    pub markdown: MarkdownCache,
    /// The product card picker's cards.
    pub cards: Vec<ProductCard>,
    /// The theme egui's own widgets were last given.
    pub(super) applied_theme: Option<ThemeChoice>,
    /// A link the user agreed to open, opened at the end of the frame.
    pub(super) pending_url: Option<String>,
    /// What went wrong outside the chat, shown for a few seconds.
    pub toast: Option<Toast>,
}

impl AppState {
    pub fn new(settings: Settings, convs: Vec<ConversationTab>, cards: Vec<ProductCard>) -> Self {
        AppState {
            settings,
            convs,
            selected: 0,
            side_tab: SideTab::Inspector,
            side_open: None,
            window_width: 0.0,
            dialogs: Dialogs::default(),
            markdown: MarkdownCache::default(),
            cards,
            applied_theme: None,
            pending_url: None,
            toast: None,
        }
    }

    pub fn current(&self) -> Option<&ConversationTab> {
        self.convs.get(self.selected)
    }

    pub fn current_mut(&mut self) -> Option<&mut ConversationTab> {
        self.convs.get_mut(self.selected)
    }

    /// What every widget needs this frame; clicks go into `actions`.
    pub fn cx<'a>(&self, actions: &'a mut Vec<UiAction>) -> Cx<'a> {
        Cx {
            lang: self.settings.lang,
            palette: Palette::of(self.settings.theme),
            now: self.current().map(|c| c.now()).unwrap_or_default(),
            actions,
        }
    }

    /// Whether the side panel shows in a window `width` wide.
    pub fn side_shown(&self, width: f32) -> bool {
        self.side_open.unwrap_or(width >= WIDE_WINDOW)
    }

    /// The language code the user's client speaks ("en", "zh").
    pub fn language(&self) -> &'static str {
        self.settings.lang.code()
    }
}

/// Below this width the side panel starts hidden, leaving room to chat.
pub const WIDE_WINDOW: f32 = 1100.0;
