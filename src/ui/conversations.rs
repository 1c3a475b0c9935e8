//! The conversation list: one entry per flow, with the last message (or
//! "Session ended" / "Session timed out") and an unread badge.

use egui::{RichText, Ui};

use super::{Cx, T, UiAction};
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

pub fn conversations_ui(ui: &mut Ui, cx: &mut Cx, convs: &[ListItem], selected: usize) {
    let p = cx.palette;
    ui.add_space(6.0);
    ui.label(
        RichText::new(cx.t(T::Conversations))
            .strong()
            .color(p.muted),
    );
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("conversations")
        .show(ui, |ui| {
            for (i, conv) in convs.iter().enumerate() {
                let preview = match conv.preview {
                    Preview::Empty if conv.broken => format!("⚠ {}", cx.t(T::Error)),
                    Preview::Empty => conv.description.clone(),
                    Preview::Ended => cx.t(T::SessionEnded).to_owned(),
                    Preview::TimedOut => cx.t(T::SessionTimedOut).to_owned(),
                    Preview::Text(t) => t.lines().next().unwrap_or_default().to_owned(),
                };
                let is_selected = i == selected;
                let fill = if is_selected {
                    p.accent_soft
                } else {
                    egui::Color32::TRANSPARENT
                };
                let response = egui::Frame::new()
                    .fill(fill)
                    .corner_radius(egui::CornerRadius::same(8))
                    .inner_margin(egui::Margin::symmetric(8, 6))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            let initial = conv.title.chars().next().unwrap_or('?').to_string();
                            let (rect, _) = ui
                                .allocate_exact_size(egui::vec2(32.0, 32.0), egui::Sense::hover());
                            ui.painter().circle_filled(rect.center(), 16.0, p.accent);
                            ui.painter().text(
                                rect.center(),
                                egui::Align2::CENTER_CENTER,
                                initial,
                                egui::FontId::proportional(15.0),
                                p.user_text,
                            );
                            ui.vertical(|ui| {
                                ui.horizontal(|ui| {
                                    ui.add(
                                        egui::Label::new(RichText::new(conv.title).strong())
                                            .truncate(),
                                    );
                                });
                                ui.horizontal(|ui| {
                                    if conv.unread > 0 {
                                        let badge = egui::Button::new(
                                            RichText::new(conv.unread.min(99).to_string())
                                                .small()
                                                .color(egui::Color32::WHITE),
                                        )
                                        .fill(p.error)
                                        .corner_radius(egui::CornerRadius::same(8))
                                        .sense(egui::Sense::hover());
                                        ui.add(badge);
                                    }
                                    ui.add(
                                        egui::Label::new(
                                            RichText::new(preview).small().color(p.muted),
                                        )
                                        .truncate(),
                                    );
                                });
                            });
                        });
                    })
                    .response
                    .interact(egui::Sense::click())
                    .on_hover_cursor(egui::CursorIcon::PointingHand);
                let response = response.on_hover_text(&conv.source);
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, conv.title)
                });
                if response.clicked() {
                    cx.act(UiAction::SelectConversation(i));
                }
            }
        });
}
