//! The chat column: a virtual list that draws only the rows in view, so a
//! frame costs the same for ten messages or ten thousand; then the live
//! indicators (typing, thinking) under the last message.

use egui::{Align, Layout, RichText, ScrollArea, Ui, UiBuilder};
use egui_commonmark::CommonMarkCache;

use super::messages;
use super::widgets;
use super::{Cx, T};
use crate::app::conversation::{Row, ViewState};
use crate::session::{Affordances, Session};

/// A row not measured yet is assumed this tall (then measured when drawn).
const ESTIMATED_ROW: f32 = 56.0;
const ROW_GAP: f32 = 10.0;

/// The chat's state, borrowed from its conversation.
pub struct ChatState<'a> {
    pub session: &'a Session,
    pub rows: &'a [Row],
    pub heights: &'a mut Vec<f32>,
    pub problems: &'a [(crate::clock::Timestamp, String)],
    pub view: &'a mut ViewState,
    pub markdown: &'a mut CommonMarkCache,
}

pub fn chat_ui(ui: &mut Ui, cx: &mut Cx, chat: ChatState) {
    let ChatState {
        session,
        rows,
        heights,
        problems,
        view,
        markdown,
    } = chat;
    let affordances = session.affordances();
    // A click on a message selects it (its JSON is in the Inspector, with
    // Copy), so labels here do not capture clicks for text selection.
    ui.style_mut().interaction.selectable_labels = false;
    if rows.is_empty() {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(cx.t(T::NoMessages)).color(cx.palette.muted))
        });
    }
    heights.resize(rows.len(), 0.0);
    let width = ui.available_width();
    let scroll_to = view
        .scroll_to_selected
        .then(|| view.selected.clone())
        .flatten()
        .and_then(|id| session.position(&id))
        .and_then(|pos| rows.iter().position(|r| *r == Row::Entry(pos)));
    view.scroll_to_selected = false;
    let mut remeasured = false;
    let output = ScrollArea::vertical()
        .id_salt("chat")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let tops = offsets(heights);
            let total = tops.last().copied().unwrap_or(0.0);
            let indicator_height = if affordances.typing || affordances.thinking.is_some() {
                36.0
            } else {
                0.0
            };
            ui.set_min_height(total + indicator_height + ROW_GAP);
            let origin = ui.min_rect().min;
            // The first row whose bottom is below the top of the view.
            let first = tops
                .partition_point(|&top| top <= viewport.min.y)
                .saturating_sub(1)
                .min(rows.len());
            let mut row = first;
            while row < rows.len() && tops[row] <= viewport.max.y {
                let rect = egui::Rect::from_min_size(
                    origin + egui::vec2(0.0, tops[row]),
                    egui::vec2(width, f32::INFINITY),
                );
                let inner = ui.scope_builder(
                    UiBuilder::new().max_rect(rect).id_salt(("row", row)),
                    |ui| {
                        row_ui(ui, cx, session, view, markdown, problems, rows[row], width);
                    },
                );
                let measured = inner.response.rect.height() + ROW_GAP;
                if (heights[row] - measured).abs() > 0.5 {
                    heights[row] = measured;
                    remeasured = true;
                }
                if scroll_to == Some(row) {
                    inner.response.scroll_to_me(Some(Align::Center));
                }
                row += 1;
            }
            // Rows above the view that were never measured keep their estimate;
            // a jump to one of them is measured when it comes into view.
            if let Some(target) = scroll_to
                && (target < first || target >= row)
            {
                let top = origin.y + tops[target];
                ui.scroll_to_rect(
                    egui::Rect::from_min_size(egui::pos2(origin.x, top), egui::vec2(width, 40.0)),
                    Some(Align::Center),
                );
            }
            let indicator_top = origin + egui::vec2(0.0, total);
            let rect = egui::Rect::from_min_size(
                indicator_top,
                egui::vec2(width, indicator_height.max(1.0)),
            );
            ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
                indicators_ui(ui, cx, &affordances)
            });
        });
    let _ = output;
    if remeasured {
        // Positions below a re-measured row moved: lay out again next frame.
        ui.ctx().request_repaint();
    }
}

/// Where each row starts, and the total height at the end.
fn offsets(heights: &[f32]) -> Vec<f32> {
    let mut tops = Vec::with_capacity(heights.len() + 1);
    let mut y = 0.0;
    for &h in heights {
        tops.push(y);
        y += if h > 0.0 { h } else { ESTIMATED_ROW };
    }
    tops.push(y);
    tops
}

#[allow(clippy::too_many_arguments)]
fn row_ui(
    ui: &mut Ui,
    cx: &mut Cx,
    session: &Session,
    view: &mut ViewState,
    markdown: &mut CommonMarkCache,
    problems: &[(crate::clock::Timestamp, String)],
    row: Row,
    width: f32,
) {
    match row {
        Row::Entry(position) => {
            messages::entry_ui(ui, cx, session, view, markdown, position, width)
        }
        Row::Problem(i) => {
            let (at, text) = &problems[i];
            let p = cx.palette;
            ui.vertical_centered(|ui| {
                egui::Frame::new()
                    .fill(p.error_soft)
                    .stroke(egui::Stroke::new(1.0, p.error))
                    .corner_radius(egui::CornerRadius::same(8))
                    .inner_margin(egui::Margin::symmetric(12, 8))
                    .show(ui, |ui| {
                        ui.set_max_width(widgets::bubble_width(width));
                        ui.label(
                            RichText::new(format!("⚠ {}", cx.t(T::Problem)))
                                .strong()
                                .color(p.error),
                        );
                        ui.add(egui::Label::new(RichText::new(text).color(p.error)).wrap());
                        widgets::caption(ui, &p, super::clock_time(*at));
                    });
            });
        }
    }
}

/// "typing…" and "Thinking…" under the last message, animated only while
/// they show, at most 20 frames a second.
fn indicators_ui(ui: &mut Ui, cx: &mut Cx, affordances: &Affordances) {
    let shown = [
        (affordances.typing, cx.t(T::Typing)),
        (affordances.thinking.is_some(), cx.t(T::Thinking)),
    ];
    if !shown.iter().any(|(on, _)| *on) {
        return;
    }
    let time = ui.input(|i| i.time);
    let dots = ".".repeat(1 + ((time * 3.0) as usize % 3));
    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
        for (on, label) in shown {
            if on {
                widgets::service_frame(&cx.palette).show(ui, |ui| {
                    ui.label(
                        RichText::new(format!("{label}{dots:<3}"))
                            .italics()
                            .color(cx.palette.muted),
                    );
                });
            }
        }
    });
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(50));
}
