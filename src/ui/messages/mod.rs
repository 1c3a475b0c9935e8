//! One widget per way a message looks, all with one signature:
//! `(ui, cx, item, what)`, where `item` is the entry being drawn and
//! `what` is what [`Session::look`] says to draw. A click pushes an action
//! into `cx`.

mod branch;
mod card;
mod form;
mod rating;
mod rich;
mod system;
mod task_form;
mod text;
mod welcome;

use crate::ui::markdown::MarkdownCache;
use egui::Ui;

use super::{Cx, UiAction, WidgetState};
use crate::session::{Direction, Entry, Look, Session};

/// The entry a widget draws, and what it may touch.
pub struct Item<'a> {
    pub session: &'a Session,
    pub widgets: &'a mut WidgetState,
    pub markdown: &'a mut MarkdownCache,
    pub position: usize,
    /// The chat column's width.
    pub width: f32,
}

impl<'a> Item<'a> {
    /// The entry drawn (borrowed from the session, not from the item).
    pub fn entry(&self) -> &'a Entry {
        &self.session.entries()[self.position]
    }

    /// What [`side_ui`] needs of the entry (borrowed from the session).
    pub fn head(&self) -> Head<'a> {
        Head {
            entry: self.entry(),
            sender: self.session.sender_shown(self.position),
        }
    }

    pub fn selected(&self) -> bool {
        self.widgets.selected.as_deref() == Some(self.entry().id.as_str())
    }
}

/// The entry a message widget lays out, and the agent's name to show
/// over it (the first of a run of the agent's messages).
#[derive(Clone, Copy)]
pub struct Head<'a> {
    pub entry: &'a Entry,
    pub sender: Option<&'a crate::session::Sender>,
}

/// Draws the entry `item` names the way the session says it looks;
/// nothing for one that does not show in the chat.
pub fn message_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item) {
    let session = item.session;
    let Some(look) = session.look(item.position) else {
        return;
    };
    match &look {
        Look::Text(t) => text::text_ui(ui, cx, item, t),
        Look::Choices(c) => branch::choices_ui(ui, cx, item, c),
        Look::Welcome(w) => welcome::welcome_ui(ui, cx, item, w),
        Look::Form(f) => form::form_ui(ui, cx, item, f),
        Look::TaskForm(f) => task_form::task_form_ui(ui, cx, item, f),
        Look::ProductCard(c) => card::product_ui(ui, cx, item, c),
        Look::OrderCard(c) => card::order_ui(ui, cx, item, c),
        Look::Rating(r) => rating::rating_ui(ui, cx, item, r),
        Look::RichText(md) => rich::rich_ui(ui, cx, item, md),
        Look::Stream(s) => rich::stream_ui(ui, cx, item, s),
        Look::Line(l) => system::line_ui(ui, cx, item, l),
        Look::Banner(b) => system::banner_ui(ui, cx, item, b),
        Look::Placeholder { malformed } => system::placeholder_ui(ui, cx, item, malformed),
        Look::RawSent { src, name } => text::raw_sent_ui(ui, cx, item, &(src, name)),
    }
}

/// A picture from its address in a box of `size`: a placeholder while it
/// loads, a tile that says why when it fails (the card picker uses it too).
pub fn picture_ui(ui: &mut Ui, cx: &mut Cx, uri: &str, size: egui::Vec2) {
    card::picture_ui(ui, cx, uri, size, egui::CornerRadius::same(6));
}

/// Lays out a message on its side with its time under it; a click on the
/// background selects it (buttons inside keep their own clicks).
fn side_ui(ui: &mut Ui, cx: &mut Cx, head: Head, add: impl FnOnce(&mut Ui, &mut Cx)) {
    let entry = head.entry;
    let outgoing = entry.direction == Direction::Out;
    let layout = if outgoing {
        egui::Layout::top_down(egui::Align::Max)
    } else {
        egui::Layout::top_down(egui::Align::Min)
    };
    let id = entry.id.clone();
    let at = entry.at;
    let response = ui
        .with_layout(layout, |ui| {
            // An agent's message says who wrote it, as the clients do.
            if let Some(from) = head.sender {
                sender_ui(ui, cx, from);
            }
            let inner = ui
                .scope_builder(egui::UiBuilder::new().sense(egui::Sense::click()), |ui| {
                    add(ui, cx)
                });
            super::widgets::caption(ui, &cx.palette, super::clock_time(at));
            inner.response
        })
        .inner;
    if response.clicked() {
        cx.act(UiAction::Select(id));
    }
}

/// The agent's picture (when the flow gives one) and name over a message.
fn sender_ui(ui: &mut Ui, cx: &mut Cx, from: &crate::session::Sender) {
    let p = cx.palette;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        if let Some(avatar) = &from.avatar {
            avatar_ui(ui, &p, avatar, &from.name);
        }
        ui.label(egui::RichText::new(&from.name).small().color(p.muted));
    });
}

/// A round picture; the name's initial while it loads or when it fails
/// (the Inspector and the Log say why a picture failed).
fn avatar_ui(ui: &mut Ui, p: &super::theme::Palette, uri: &str, name: &str) {
    const SIZE: f32 = 20.0;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(SIZE, SIZE), egui::Sense::hover());
    let poll = ui.ctx().try_load_texture(
        uri,
        egui::TextureOptions::LINEAR,
        egui::SizeHint::Size {
            width: 64,
            height: 64,
            maintain_aspect_ratio: true,
        },
    );
    if let Ok(egui::load::TexturePoll::Ready { texture }) = poll {
        egui::Image::from_texture(texture)
            .corner_radius(SIZE / 2.0)
            .paint_at(ui, rect);
        return;
    }
    ui.painter()
        .circle_filled(rect.center(), SIZE / 2.0, p.chosen);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        name.chars().next().unwrap_or('?'),
        egui::FontId::proportional(11.0),
        p.user_text,
    );
}

/// Why a card takes no answer, in the UI's language (`None` while open).
fn lock_note(cx: &Cx, item: &Item) -> Option<String> {
    match item.session.card_state(item.position) {
        crate::session::CardState::Open => None,
        crate::session::CardState::Locked(reason) => {
            Some(format!("🔒 {}", super::i18n::lock_reason(&reason, cx.lang)))
        }
    }
}
