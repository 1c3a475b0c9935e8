//! One widget per kind of message, all with the same small interface:
//! draw the entry at `position`, push what a click asks for into `cx`.

mod branch;
mod card;
mod form;
mod rating;
mod rich;
mod system;
mod task_form;
mod text;
mod welcome;

use egui::Ui;
use egui_commonmark::CommonMarkCache;

use super::Cx;
use crate::app::conversation::ViewState;
use crate::protocol::CsMessage;
use crate::session::{Content, Direction, Session};

/// Everything a message widget gets.
pub struct Item<'a> {
    pub session: &'a Session,
    pub view: &'a mut ViewState,
    pub position: usize,
    /// The chat column's width.
    pub width: f32,
}

impl Item<'_> {
    pub fn entry(&self) -> &crate::session::Entry {
        &self.session.entries()[self.position]
    }

    pub fn selected(&self) -> bool {
        self.view.selected.as_deref() == Some(self.entry().id.as_str())
    }
}

/// A picture in a box of `size` (the card picker uses it too).
pub fn picture(ui: &mut Ui, cx: &mut Cx, uri: &str, size: egui::Vec2) {
    card::picture_ui(ui, cx, uri, size, egui::CornerRadius::same(6));
}

pub fn entry_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    session: &Session,
    view: &mut ViewState,
    markdown: &mut CommonMarkCache,
    position: usize,
    width: f32,
) {
    let mut item = Item {
        session,
        view,
        position,
        width,
    };
    let entry = &session.entries()[position];
    match (&entry.content, entry.direction) {
        (Content::Text(t), _) => text::text_ui(ui, cx, &mut item, t),
        (Content::Service(m), Direction::Out) => match m {
            CsMessage::ProductCard(c) => card::product_ui(ui, cx, &mut item, &c.content),
            _ => system::placeholder_ui(ui, cx, &mut item, false),
        },
        (Content::Service(m), Direction::In) => match m {
            CsMessage::Branch(b) => branch::branch_ui(
                ui,
                cx,
                &mut item,
                &b.content.header,
                &b.content.items,
                &b.content.tail,
                false,
            ),
            CsMessage::TaskBranch(b) => branch::branch_ui(
                ui,
                cx,
                &mut item,
                &b.content.header,
                &b.content.items,
                &b.content.tail,
                !b.fixed_buttons(),
            ),
            CsMessage::BotMessage(b) if b.is_welcome() => welcome::welcome_ui(ui, cx, &mut item, b),
            CsMessage::BotMessage(b) => branch::branch_ui(
                ui,
                cx,
                &mut item,
                &b.content.title,
                &b.content.items,
                "",
                false,
            ),
            CsMessage::Form(f) => form::form_ui(ui, cx, &mut item, &f.content),
            CsMessage::TaskForm(f) => task_form::task_form_ui(ui, cx, &mut item, f),
            CsMessage::ProductCard(c) => card::product_ui(ui, cx, &mut item, &c.content),
            CsMessage::OrderCard(c) => card::order_ui(ui, cx, &mut item, &c.content),
            CsMessage::Rating(r) => rating::rating_ui(ui, cx, &mut item, &r.menu_content),
            CsMessage::RichText(r) => rich::rich_ui(ui, cx, &mut item, markdown, &r.content),
            CsMessage::StreamText(s) => rich::stream_ui(ui, cx, &mut item, s),
            CsMessage::ClientTips(t) => system::line_ui(ui, cx, &mut item, &t.content),
            CsMessage::NoSeatOnline(o) | CsMessage::ConcurrencyLimit(o) => {
                let fallback = match m {
                    CsMessage::NoSeatOnline(_) => cx.t(crate::ui::T::NoSeatFallback),
                    _ => cx.t(crate::ui::T::ConcurrencyFallback),
                };
                let text = o
                    .content
                    .as_ref()
                    .and_then(|c| c.as_str())
                    .unwrap_or(fallback)
                    .to_owned();
                system::line_ui(ui, cx, &mut item, &text)
            }
            CsMessage::SeatStatus(_) | CsMessage::End(_) | CsMessage::Timeout(_) => {
                system::banner_ui(ui, cx, &mut item, m)
            }
            _ => system::placeholder_ui(ui, cx, &mut item, false),
        },
        (Content::Malformed(_), _) => system::placeholder_ui(ui, cx, &mut item, true),
        (Content::OtherCustom | Content::OtherElement(_), _) => {
            system::placeholder_ui(ui, cx, &mut item, false)
        }
    }
}

/// Lays out a message on its side with its time under it; a click on the
/// background selects it (buttons inside keep their own clicks).
pub fn side_ui(ui: &mut Ui, cx: &mut Cx, item: &Item, add: impl FnOnce(&mut Ui, &mut Cx)) {
    let outgoing = item.entry().direction == Direction::Out;
    let layout = if outgoing {
        egui::Layout::top_down(egui::Align::Max)
    } else {
        egui::Layout::top_down(egui::Align::Min)
    };
    let id = item.entry().id.clone();
    let at = item.entry().at;
    let response = ui
        .with_layout(layout, |ui| {
            let inner = ui
                .scope_builder(egui::UiBuilder::new().sense(egui::Sense::click()), |ui| {
                    add(ui, cx)
                });
            super::widgets::caption(ui, &cx.palette, super::clock_time(at));
            inner.response
        })
        .inner;
    if response.clicked() {
        cx.act(super::UiAction::Select(id));
    }
}
