//! Drawing, and turning clicks into actions. egui only: no protocol rules
//! live here (they are asked of `session`), nothing here performs I/O, and
//! nothing here knows the app or the backends: the types a panel draws
//! live here or in `session`. Functions that draw end in `_ui` and take
//! the state they need.

pub mod agent_tab;
pub mod chat;
pub mod composer;
pub mod conversations;
pub mod dialogs;
pub mod flow_tab;
pub mod i18n;
pub mod inspector;
pub mod log_tab;
pub mod markdown;
mod messages;
pub mod theme;
pub mod toast;
pub mod toolbar;
mod view;
mod widgets;

use std::time::Duration;

use crate::clock::Timestamp;
use crate::session::{AgentCommand, Intent, MessageId};

pub use dialogs::{Dialogs, RegionChoice, SettingsForm};
pub use i18n::{Lang, T};
pub use messages::{Item, message_ui, picture_ui};
pub use theme::{Palette, ThemeChoice};
pub use view::{AgentView, ChatView, FilteredRows, InspectorView, WidgetState};

/// What a click asks for; the app carries every one out in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    Intent(Intent),
    /// Select a message (the chat bubble and its Inspector row).
    Select(MessageId),
    /// Ask before opening a card's link in the browser.
    AskOpenLink(String),
    /// Ask before something that cannot be taken back.
    AskFirst(dialogs::Ask),
    OpenLink(String),
    Agent(AgentCommand),
    /// Drop the messages a remote backend has not sent yet.
    DiscardUnsent,
    Restart,
    FastForward(Duration),
    FastForwardToNextTimer,
    SelectConversation(usize),
    OpenSettings,
    /// The settings as the dialog has them now (applied as they change).
    Settings(SettingsForm),
    /// The settings dialog closed: apply what needs a reconnect.
    SettingsClosed,
    ToggleSidePanel,
    /// Show the side panel at the Flow tab.
    ShowFlowTab,
    OpenCardPicker,
    OpenRawMessage,
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

thread_local! {
    /// The time zone times are shown in: the computer's, unless a test
    /// (or a picture of the UI) fixes one for its thread.
    static ZONE: std::cell::RefCell<jiff::tz::TimeZone> =
        std::cell::RefCell::new(jiff::tz::TimeZone::system());
}

/// Shows times on this thread in `zone` (pictures that must not depend on
/// where they are made).
pub fn show_times_in(zone: jiff::tz::TimeZone) {
    ZONE.with(|z| *z.borrow_mut() = zone);
}

/// Local wall-clock time of a timestamp, `HH:MM`.
pub fn clock_time(at: Timestamp) -> String {
    local_time(at, "%H:%M").unwrap_or_else(|| "--:--".to_owned())
}

/// `HH:MM:SS` of a timestamp in the local time zone.
pub fn clock_time_seconds(at: Timestamp) -> String {
    local_time(at, "%H:%M:%S").unwrap_or_else(|| "--:--:--".to_owned())
}

fn local_time(at: Timestamp, format: &str) -> Option<String> {
    let t = jiff::Timestamp::from_millisecond(at.millis()).ok()?;
    Some(ZONE.with(|zone| {
        t.to_zoned_datetime(zone.borrow().clone())
            .strftime(format)
            .to_string()
    }))
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
