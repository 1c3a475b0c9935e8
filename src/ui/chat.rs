//! The chat column: a virtual list that draws only the rows in view, so a
//! frame costs the same for ten messages or ten thousand; then the live
//! indicators (typing, thinking) under the last message.

use crate::ui::markdown::MarkdownCache;
use egui::{Align, Layout, RichText, ScrollArea, Ui, UiBuilder};

use super::messages::{self, Item};
use super::widgets;
use super::{ChatView, Cx, T};
use crate::session::{Affordances, Direction, Problem, Row, Session};

/// A row not measured yet is assumed this tall (then measured when drawn).
const ESTIMATED_ROW: f32 = 56.0;
const ROW_GAP: f32 = 10.0;
const SCROLL_GUTTER: f32 = 14.0;

/// The chat's state, borrowed from its conversation.
pub struct ChatState<'a> {
    pub session: &'a Session,
    pub rows: &'a [Row],
    pub problems: &'a [Problem],
    pub view: &'a mut ChatView,
    pub markdown: &'a mut MarkdownCache,
}

pub fn chat_ui(ui: &mut Ui, cx: &mut Cx, chat: ChatState) {
    let ChatState {
        session,
        rows,
        problems,
        view,
        markdown,
    } = chat;
    let ChatView {
        widgets: state,
        heights,
        measured_width,
        ..
    } = view;
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
    heights.resize(rows.len());
    // egui's scroll bar floats over the content: keep the user's bubbles
    // and their times clear of it.
    let width = (ui.available_width() - SCROLL_GUTTER).max(80.0);
    if (width - *measured_width).abs() > 1.0 {
        // Wrapped text changes height with the column: measure again.
        *measured_width = width;
        heights.forget_all();
    }
    let scroll_to = std::mem::take(&mut state.scroll_to_selected)
        .then(|| state.selected.clone())
        .flatten()
        .and_then(|id| session.position(&id))
        .and_then(|pos| rows.iter().position(|r| *r == Row::Entry(pos)));
    // What the user sends is always in view: a new row of theirs takes
    // the chat to the bottom, wherever it was scrolled.
    let sent = rows[state.rows_known.min(rows.len())..]
        .iter()
        .any(|r| matches!(r, Row::Entry(p) if session.entries()[*p].direction == Direction::Out));
    // A conversation opens on its latest messages.
    let opened = state.rows_known == 0 && !rows.is_empty();
    let to_bottom = std::mem::take(&mut state.scroll_to_bottom) || sent || opened;
    state.rows_known = rows.len();
    // Heights measured this frame, applied after it (the row positions of
    // this frame are read meanwhile).
    let mut changed: Vec<(usize, f32)> = Vec::new();
    let mut area = ScrollArea::vertical()
        .id_salt("chat")
        .stick_to_bottom(true)
        .auto_shrink([false, false]);
    if to_bottom {
        // Past the end: the area clamps it to the bottom.
        heights.update();
        let total = heights.tops().last().copied().unwrap_or(0.0);
        area = area.vertical_scroll_offset(total + 200.0);
    }
    let output = area.show_viewport(ui, |ui, viewport| {
        heights.update();
        let tops = heights.tops();
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
                |ui| match rows[row] {
                    Row::Entry(position) => {
                        let mut item = Item {
                            session,
                            widgets: state,
                            markdown,
                            position,
                            width,
                        };
                        messages::message_ui(ui, cx, &mut item);
                    }
                    Row::Problem(i) => problem_ui(ui, cx, &problems[i], width),
                },
            );
            let measured = inner.response.rect.height() + ROW_GAP;
            if (heights.get(row) - measured).abs() > 0.5 {
                changed.push((row, measured));
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
        let rect =
            egui::Rect::from_min_size(indicator_top, egui::vec2(width, indicator_height.max(1.0)));
        ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
            indicators_ui(ui, cx, &affordances)
        });
    });
    // Scrolled up while new rows came: a pill says so and takes the chat
    // down.
    let bottom = output.state.clamped_offset().y + output.inner_rect.height();
    // Rows that just came while the chat follows the bottom are taken in
    // by the next frame: only a clear distance from it is "scrolled up".
    let at_bottom = to_bottom || bottom >= output.content_size.y - 40.0;
    if at_bottom {
        state.rows_seen = rows.len();
    } else if rows.len() > state.rows_seen {
        let pill_at = output.inner_rect.center_bottom() - egui::vec2(0.0, 28.0);
        let pill = egui::Button::new(
            RichText::new(format!("{} ↓", cx.t(T::NewMessages))).color(cx.palette.chosen_text),
        )
        .fill(cx.palette.chosen)
        .corner_radius(egui::CornerRadius::same(14));
        let rect = egui::Rect::from_center_size(pill_at, egui::vec2(160.0, 28.0));
        if ui.put(rect, pill).clicked() {
            state.scroll_to_bottom = true;
            ui.ctx().request_repaint();
        }
    }
    let remeasured = !changed.is_empty();
    for (row, h) in changed {
        heights.set(row, h);
    }
    if remeasured {
        // Positions below a re-measured row moved: lay out again next frame.
        ui.ctx().request_repaint();
    }
}

/// The chat's rows' heights as measured when drawn (0: not yet, assumed
/// [`ESTIMATED_ROW`]), and where each row starts. The starts are summed
/// again only from the first row that changed, so a frame with nothing
/// new costs nothing for a long transcript.
#[derive(Debug, Default)]
pub struct RowHeights {
    heights: Vec<f32>,
    /// `tops[i]` is where row `i` starts; one more at the end: the total.
    tops: Vec<f32>,
    /// The first row whose start is stale.
    stale_from: usize,
}

impl RowHeights {
    pub fn get(&self, row: usize) -> f32 {
        self.heights.get(row).copied().unwrap_or(0.0)
    }

    pub fn set(&mut self, row: usize, height: f32) {
        if let Some(h) = self.heights.get_mut(row) {
            *h = height;
            self.stale_from = self.stale_from.min(row);
        }
    }

    pub fn resize(&mut self, rows: usize) {
        if rows != self.heights.len() {
            self.stale_from = self.stale_from.min(rows.min(self.heights.len()));
            self.heights.resize(rows, 0.0);
        }
    }

    pub fn clear(&mut self) {
        *self = RowHeights::default();
    }

    /// Every row measured again (the column width changed).
    pub fn forget_all(&mut self) {
        self.heights.iter_mut().for_each(|h| *h = 0.0);
        self.stale_from = 0;
    }

    /// Sums the starts again from the first stale row.
    pub fn update(&mut self) {
        let n = self.heights.len();
        if self.stale_from == usize::MAX && self.tops.len() == n + 1 {
            return;
        }
        let from = self
            .stale_from
            .min(n)
            .min(self.tops.len().saturating_sub(1));
        self.tops.truncate(from);
        let mut y = match from {
            0 => 0.0,
            _ => self.tops[from - 1] + row_height(self.heights[from - 1]),
        };
        for &h in &self.heights[from..] {
            self.tops.push(y);
            y += row_height(h);
        }
        self.tops.push(y);
        self.stale_from = usize::MAX;
    }

    /// Where each row starts, and the total height last ([`Self::update`]
    /// first).
    pub fn tops(&self) -> &[f32] {
        &self.tops
    }
}

fn row_height(measured: f32) -> f32 {
    if measured > 0.0 {
        measured
    } else {
        ESTIMATED_ROW
    }
}

/// A problem the backend reported, as a red card across the chat.
fn problem_ui(ui: &mut Ui, cx: &mut Cx, problem: &Problem, width: f32) {
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
                ui.add(egui::Label::new(RichText::new(&problem.text).color(p.error)).wrap());
                widgets::caption(ui, &p, super::clock_time(problem.at));
            });
    });
}

/// "typing…" and "Thinking…" under the last message, animated only while
/// they show, at most 20 frames a second.
pub fn indicators_ui(ui: &mut Ui, cx: &mut Cx, affordances: &Affordances) {
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
                    // No slant: CJK has no italic, and egui would fake one.
                    ui.label(RichText::new(format!("{label}{dots:<3}")).color(cx.palette.muted));
                });
            }
        }
    });
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(50));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums(heights: &[f32]) -> Vec<f32> {
        let mut y = 0.0;
        let mut tops: Vec<f32> = heights
            .iter()
            .map(|&h| {
                let top = y;
                y += row_height(h);
                top
            })
            .collect();
        tops.push(y);
        tops
    }

    #[test]
    fn row_starts_follow_every_change() {
        let mut rows = RowHeights::default();
        rows.update();
        assert_eq!(rows.tops(), [0.0]);
        rows.resize(5);
        rows.update();
        assert_eq!(rows.tops(), sums(&[0.0; 5]));
        rows.set(2, 100.0);
        rows.set(4, 30.0);
        rows.update();
        assert_eq!(rows.tops(), sums(&[0.0, 0.0, 100.0, 0.0, 30.0]));
        rows.resize(6);
        rows.set(2, 0.0);
        rows.update();
        assert_eq!(rows.tops(), sums(&[0.0, 0.0, 0.0, 0.0, 30.0, 0.0]));
        rows.resize(3);
        rows.update();
        assert_eq!(rows.tops(), sums(&[0.0, 0.0, 0.0]));
        rows.clear();
        rows.update();
        assert_eq!(rows.tops(), [0.0]);
    }
}
