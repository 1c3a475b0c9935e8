//! Drawing, and turning clicks into intents. egui only: no protocol rules
//! live here (they are asked of `session`), nothing here performs I/O.
//! Functions that draw end in `_ui` and take the state they need.

pub mod agent_tab;
pub mod chat;
pub mod composer;
pub mod conversations;
pub mod dialogs;
pub mod flow_tab;
pub mod i18n;
pub mod inspector;
pub mod log_tab;
mod messages;
pub mod theme;
pub mod toolbar;
mod widgets;

use std::time::Duration;

use crate::backend::AgentCommand;
use crate::clock::Timestamp;
use crate::session::{Intent, MessageId};

pub use i18n::{Lang, T};
pub use theme::{Palette, ThemeChoice};

/// What a click asks for; the app carries it out in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    Intent(Intent),
    /// Select a message (the chat bubble and its Inspector row).
    Select(MessageId),
    /// Ask before opening a card's link in the browser.
    AskOpenLink(String),
    OpenLink(String),
    Agent(AgentCommand),
    /// Drop the messages a remote backend has not sent yet.
    DiscardUnsent,
    Restart,
    FastForward(Duration),
    FastForwardToNextTimer,
    SelectConversation(usize),
}

/// What every widget needs besides its own state.
pub struct Cx<'a> {
    pub lang: Lang,
    pub palette: Palette,
    pub now: Timestamp,
    pub actions: &'a mut Vec<UiAction>,
}

impl Cx<'_> {
    pub fn t(&self, key: T) -> &'static str {
        key.get(self.lang)
    }

    pub fn act(&mut self, action: UiAction) {
        self.actions.push(action);
    }
}

/// A card picture as the chat draws it (for the image-loading benchmark).
pub fn picture_for_bench(ui: &mut egui::Ui, cx: &mut Cx, uri: &str, size: egui::Vec2) {
    messages::picture(ui, cx, uri, size);
}

/// Local wall-clock time of a timestamp, `HH:MM`.
pub fn clock_time(at: Timestamp) -> String {
    use std::sync::OnceLock;
    static ZONE: OnceLock<jiff::tz::TimeZone> = OnceLock::new();
    let zone = ZONE.get_or_init(jiff::tz::TimeZone::system);
    match jiff::Timestamp::from_millisecond(at.millis()) {
        Ok(t) => t
            .to_zoned_datetime(zone.clone())
            .strftime("%H:%M")
            .to_string(),
        Err(_) => "--:--".to_owned(),
    }
}

/// `HH:MM:SS` for a duration (countdowns); days as `Nd HH:MM:SS`.
pub fn countdown(d: Duration) -> String {
    let s = d.as_secs();
    let (days, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    if days > 0 {
        format!("{days}d {h:02}:{m:02}:{sec:02}")
    } else {
        format!("{h:02}:{m:02}:{sec:02}")
    }
}
