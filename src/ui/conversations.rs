//! The conversation list: one entry per flow (or account, or transcript),
//! with the last message (or "Session ended" / "Session timed out") and an
//! unread badge; in a narrow window, a rail of initials.

use egui::{RichText, Ui};

use super::{Cx, Palette, T, UiAction};
use crate::session::Preview;

/// One conversation as the list shows it.
pub struct ListItem<'a> {
    pub title: &'a str,
    /// Where it comes from (a flow file), on hover.
    pub source: String,
    pub preview: Preview<'a>,
    /// Said before anything was: the flow's description, the account.
    pub description: String,
    /// It cannot run (a flow with errors, settings that do not resolve).
    pub broken: bool,
    pub unread: usize,
}

/// The list; `compact` draws only each conversation's initial.
pub fn conversations_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    convs: &[ListItem],
    selected: usize,
    compact: bool,
) {
    let p = cx.palette;
    ui.add_space(6.0);
    if !compact {
        ui.label(
            RichText::new(cx.t(T::Conversations))
                .strong()
                .color(p.muted),
        );
        ui.add_space(4.0);
    }
    egui::ScrollArea::vertical()
        .id_salt("conversations")
        .show(ui, |ui| {
            for (i, conv) in convs.iter().enumerate() {
                // Two flows with the same name are told apart by their file.
                let twin = convs
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && other.title == conv.title);
                let response = if compact {
                    rail_entry_ui(ui, cx, conv, i == selected)
                } else {
                    entry_ui(ui, cx, conv, i == selected, twin)
                };
                let response = response
                    .interact(egui::Sense::click())
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .on_hover_text(format!("{}\n{}", conv.title, conv.source));
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, conv.title)
                });
                if response.clicked() {
                    cx.act(UiAction::SelectConversation(i));
                }
            }
        });
}

fn entry_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    conv: &ListItem,
    selected: bool,
    twin: bool,
) -> egui::Response {
    let p = cx.palette;
    let preview = match conv.preview {
        Preview::Empty if conv.broken => format!("⚠ {}", cx.t(T::Error)),
        Preview::Empty => conv.description.clone(),
        Preview::Ended => cx.t(T::SessionEnded).to_owned(),
        Preview::TimedOut => cx.t(T::SessionTimedOut).to_owned(),
        Preview::Text(t) => t.lines().next().unwrap_or_default().to_owned(),
    };
    let fill = if selected {
        p.accent_soft
    } else {
        egui::Color32::TRANSPARENT
    };
    egui::Frame::new()
        .fill(fill)
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                avatar_ui(ui, &p, conv);
                ui.vertical(|ui| {
                    ui.add(egui::Label::new(RichText::new(conv.title).strong()).truncate());
                    if twin {
                        let file = conv.source.rsplit(['/', '\\']).next().unwrap_or_default();
                        let file = RichText::new(file).small().monospace().color(p.muted);
                        ui.add(egui::Label::new(file).truncate());
                    }
                    ui.horizontal(|ui| {
                        if conv.unread > 0 {
                            badge_ui(ui, &p, conv.unread);
                        }
                        let line = RichText::new(preview).small().color(p.muted);
                        ui.add(egui::Label::new(line).truncate());
                    });
                });
            });
        })
        .response
}

/// The initial alone, with the unread badge on it.
fn rail_entry_ui(ui: &mut Ui, cx: &mut Cx, conv: &ListItem, selected: bool) -> egui::Response {
    let p = cx.palette;
    let fill = if selected {
        p.accent_soft
    } else {
        egui::Color32::TRANSPARENT
    };
    egui::Frame::new()
        .fill(fill)
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::same(6))
        .show(ui, |ui| {
            avatar_ui(ui, &p, conv);
            if conv.unread > 0 {
                badge_ui(ui, &p, conv.unread);
            }
        })
        .response
}

/// A round avatar with the conversation's initial.
fn avatar_ui(ui: &mut Ui, p: &Palette, conv: &ListItem) {
    let initial = conv
        .title
        .trim_start_matches("Replay: ")
        .chars()
        .next()
        .unwrap_or('?')
        .to_string();
    let (rect, _) = ui.allocate_exact_size(egui::vec2(32.0, 32.0), egui::Sense::hover());
    let fill = if conv.broken { p.error } else { p.chosen };
    ui.painter().circle_filled(rect.center(), 16.0, fill);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        initial,
        egui::FontId::proportional(15.0),
        p.user_text,
    );
}

fn badge_ui(ui: &mut Ui, p: &Palette, unread: usize) {
    let badge = egui::Button::new(
        RichText::new(unread.min(99).to_string())
            .small()
            .color(egui::Color32::WHITE),
    )
    .fill(p.error)
    .corner_radius(egui::CornerRadius::same(8))
    .sense(egui::Sense::hover());
    ui.add(badge);
}
