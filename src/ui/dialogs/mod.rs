//! Dialogs, each a struct that owns its draft and draws itself with
//! `show(ctx, cx) -> bool` (whether it stays open), as Ruffle's desktop
//! GUI does: settings, the product-card picker, a raw custom message for
//! QA, "open this link?" and "are you sure?".

mod cards;
mod confirm;
mod link;
mod raw;
mod settings;

pub use cards::CardsDialog;
pub use confirm::{Ask, ConfirmDialog};
pub use link::LinkDialog;
pub use raw::RawDialog;
pub use settings::{RegionChoice, SettingsDialog, SettingsForm};

use super::{Cx, UiAction};

/// The dialogs open now (at most one of each).
#[derive(Default)]
pub struct Dialogs {
    pub settings: Option<SettingsDialog>,
    pub cards: Option<CardsDialog>,
    pub raw: Option<RawDialog>,
    pub link: Option<LinkDialog>,
    pub confirm: Option<ConfirmDialog>,
    /// The raw message last typed, offered again when the dialog reopens.
    raw_draft: String,
}

impl Dialogs {
    pub fn open_raw(&mut self) {
        if self.raw.is_none() {
            self.raw = Some(RawDialog::new(std::mem::take(&mut self.raw_draft)));
        }
    }

    pub fn any_open(&self) -> bool {
        self.settings.is_some()
            || self.cards.is_some()
            || self.raw.is_some()
            || self.link.is_some()
            || self.confirm.is_some()
    }

    /// Draws the open dialogs; closes those that are done.
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut Cx) {
        if let Some(d) = &mut self.settings
            && !d.show(ctx, cx)
        {
            self.settings = None;
            cx.act(UiAction::SettingsClosed);
        }
        if let Some(d) = &mut self.cards
            && !d.show(ctx, cx)
        {
            self.cards = None;
        }
        if let Some(d) = &mut self.raw
            && !d.show(ctx, cx)
        {
            self.raw_draft = self
                .raw
                .take()
                .map(RawDialog::into_draft)
                .unwrap_or_default();
        }
        if let Some(d) = &mut self.link
            && !d.show(ctx, cx)
        {
            self.link = None;
        }
        if let Some(d) = &mut self.confirm
            && !d.show(ctx, cx)
        {
            self.confirm = None;
        }
    }
}
