//! Rich text (src 30) as the clients draw it: Markdown read by
//! pulldown-cmark into blocks, each block laid out as one galley so a
//! paragraph wraps as a plain bubble does (CJK rules included).
//!
//! egui has no bold face and its italics is a slant that deforms Chinese,
//! so bold is drawn twice, a fraction of a pixel apart (the glyphs stay
//! where they are: only the bold runs are painted the second time), and
//! emphasis slants Latin only.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke, Ui, vec2};

use super::{Cx, Palette, UiAction, widgets};

mod read;

pub use read::{Block, Cell, Span, parse};

/// Parsed rich texts by their text, so a frame does not read them again.
#[derive(Default)]
pub struct MarkdownCache {
    parsed: HashMap<u64, Arc<Vec<Block>>>,
}

impl MarkdownCache {
    pub fn blocks(&mut self, markdown: &str) -> Arc<Vec<Block>> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        markdown.hash(&mut hasher);
        self.parsed
            .entry(hasher.finish())
            .or_insert_with(|| Arc::new(parse(markdown)))
            .clone()
    }
}

/// The body text's size, as a plain bubble's.
const BODY: f32 = 14.0;

/// Draws the blocks `max_width` wide at most; a click on a link asks to
/// open it, as a card's link does.
pub fn markdown_ui(ui: &mut Ui, cx: &mut Cx, blocks: &[Block], max_width: f32) {
    let p = cx.palette;
    ui.spacing_mut().item_spacing.y = 6.0;
    for block in blocks {
        match block {
            Block::Paragraph(spans) => text_ui(ui, cx, spans, BODY, p.service_text),
            Block::Heading(level, spans) => {
                let size = match level {
                    1 => 20.0,
                    2 => 18.0,
                    3 => 16.0,
                    _ => 15.0,
                };
                text_ui(ui, cx, spans, size, p.service_text);
            }
            Block::Item(depth, marker, spans) => {
                ui.horizontal_top(|ui| {
                    ui.add_space(*depth as f32 * 16.0);
                    ui.label(egui::RichText::new(marker).size(BODY).color(p.muted));
                    text_ui(ui, cx, spans, BODY, p.service_text);
                });
            }
            Block::Quote(spans) => {
                egui::Frame::new()
                    .stroke(Stroke::NONE)
                    .inner_margin(egui::Margin {
                        left: 10,
                        ..Default::default()
                    })
                    .show(ui, |ui| {
                        let top = ui.cursor().min;
                        text_ui(ui, cx, spans, BODY, p.muted);
                        let bottom = ui.min_rect().bottom();
                        let x = top.x - 8.0;
                        ui.painter().line_segment(
                            [egui::pos2(x, top.y), egui::pos2(x, bottom)],
                            Stroke::new(3.0, p.card_stroke),
                        );
                    });
            }
            Block::Code(code) => {
                egui::Frame::new()
                    .fill(p.placeholder)
                    .corner_radius(6)
                    .inner_margin(8)
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(code).monospace().color(p.service_text),
                            )
                            .wrap(),
                        );
                    });
            }
            Block::Image { url, alt } => {
                let width = max_width.min(ui.available_width());
                let size = vec2(width, (width * 0.56).min(220.0));
                super::messages::picture_ui(ui, cx, url, size);
                if !alt.trim().is_empty() {
                    widgets::caption(ui, &p, alt.clone());
                }
            }
            Block::Table { head, rows } => table_ui(ui, cx, head, rows),
            Block::Rule => {
                ui.separator();
            }
        }
    }
}

/// A table: the header row on a tinted band in bold, then the rows.
fn table_ui(ui: &mut Ui, cx: &mut Cx, head: &[Cell], rows: &[Vec<Cell>]) {
    let p = cx.palette;
    let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    // The band is painted under the header once the header is laid out.
    let band = ui.painter().add(egui::Shape::Noop);
    let frame = egui::Frame::new()
        .stroke(Stroke::new(1.0, p.card_stroke))
        .corner_radius(6)
        .inner_margin(egui::Margin::symmetric(8, 5))
        .show(ui, |ui| {
            egui::Grid::new(ui.next_auto_id())
                .num_columns(columns)
                .spacing([14.0, 8.0])
                .min_row_height(0.0)
                .show(ui, |ui| {
                    let mut head_bottom = None;
                    if !head.is_empty() {
                        for cell in head {
                            text_ui(ui, cx, cell, BODY, p.service_text);
                        }
                        ui.end_row();
                        head_bottom = Some(ui.min_rect().bottom());
                    }
                    for row in rows {
                        for cell in row {
                            text_ui(ui, cx, cell, BODY, p.service_text);
                        }
                        ui.end_row();
                    }
                    head_bottom
                })
                .inner
        });
    if let Some(bottom) = frame.inner {
        let outer = frame.response.rect.shrink(1.0);
        let rect = egui::Rect::from_min_max(outer.min, egui::pos2(outer.max.x, bottom + 4.0));
        let corners = egui::CornerRadius {
            nw: 5,
            ne: 5,
            ..Default::default()
        };
        ui.painter().set(
            band,
            egui::epaint::RectShape::filled(rect, corners, p.accent_soft),
        );
    }
}

/// One block of text as one galley: wraps as a plain bubble does; bold
/// runs painted a second time beside themselves; links open on click.
fn text_ui(ui: &mut Ui, cx: &mut Cx, spans: &[Span], size: f32, color: Color32) {
    let p = cx.palette;
    let (job, bold_job, links) = layout_jobs(&p, spans, size, color, ui.available_width());
    let text: String = job.text.clone();
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let bold = ui.fonts_mut(|f| f.layout_job(bold_job));
    let sense = if links.is_empty() {
        egui::Sense::hover()
    } else {
        egui::Sense::click()
    };
    let (rect, response) = ui.allocate_exact_size(galley.size(), sense);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    ui.painter().galley(rect.min, galley.clone(), color);
    ui.painter()
        .galley(rect.min + vec2(0.6, 0.0), bold, Color32::TRANSPARENT);
    let link_at = |pos: egui::Pos2| {
        let at = char_at(&galley, pos - rect.min)?;
        links
            .iter()
            .find(|(range, _)| range.contains(&at))
            .map(|(_, url)| url.clone())
    };
    if let Some(pos) = response.hover_pos()
        && link_at(pos).is_some()
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    if response.clicked()
        && let Some(url) = response.interact_pointer_pos().and_then(link_at)
    {
        cx.act(UiAction::AskOpenLink(url));
    }
}

/// The character whose glyph is under `pos` (relative to the galley).
fn char_at(galley: &egui::Galley, pos: egui::Vec2) -> Option<usize> {
    let pos = pos.to_pos2();
    let mut index = 0;
    for placed in &galley.rows {
        for glyph in &placed.row.glyphs {
            if glyph
                .logical_rect()
                .translate(placed.pos.to_vec2())
                .contains(pos)
            {
                return Some(index);
            }
            index += 1;
        }
        index += usize::from(placed.ends_with_newline);
    }
    None
}

/// The block's text, its bold runs alone (everything else transparent),
/// and where its links are (character ranges).
fn layout_jobs(
    p: &Palette,
    spans: &[Span],
    size: f32,
    color: Color32,
    width: f32,
) -> (LayoutJob, LayoutJob, Vec<(std::ops::Range<usize>, String)>) {
    let mut job = LayoutJob::default();
    let mut bold_job = LayoutJob::default();
    let mut links = Vec::new();
    let mut chars = 0;
    let texts = widgets::typeset_runs(spans.iter().map(|s| s.text.as_str()));
    for (span, text) in spans.iter().zip(texts) {
        let mut format = TextFormat {
            font_id: if span.code {
                FontId::monospace(size - 1.0)
            } else {
                FontId::proportional(size)
            },
            color,
            ..Default::default()
        };
        if span.code {
            format.background = p.placeholder;
        }
        // A slant deforms Chinese: emphasis slants Latin text only.
        if span.italic && !text.chars().any(widgets::is_cjk) {
            format.italics = true;
        }
        if span.strike {
            format.strikethrough = Stroke::new(1.0, color);
        }
        if let Some(url) = &span.link {
            format.color = p.accent;
            format.underline = Stroke::new(1.0, p.accent);
            let n = text.chars().count();
            links.push((chars..chars + n, url.clone()));
        }
        chars += text.chars().count();
        job.append(&text, 0.0, format.clone());
        let mut bold_format = format;
        if !span.bold {
            bold_format.color = Color32::TRANSPARENT;
        }
        bold_format.background = Color32::TRANSPARENT;
        bold_format.underline = Stroke::NONE;
        bold_format.strikethrough = Stroke::NONE;
        bold_job.append(&text, 0.0, bold_format);
    }
    for j in [&mut job, &mut bold_job] {
        j.wrap.max_width = width;
    }
    (job, bold_job, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bold_runs_are_painted_a_second_time() {
        let Block::Paragraph(spans) = &parse("plain **bold** [link](https://e.com)")[0] else {
            panic!()
        };
        let p = Palette::of(super::super::ThemeChoice::Light);
        let (job, bold, links) = layout_jobs(&p, spans, BODY, p.service_text, 300.0);
        assert_eq!(job.text, bold.text, "the same glyphs in the same places");
        let seen: Vec<_> = bold
            .sections
            .iter()
            .map(|s| {
                (
                    &bold.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.color != Color32::TRANSPARENT,
                )
            })
            .collect();
        assert_eq!(seen, [("plain ", false), ("bold", true), (" link", false)]);
        assert_eq!(links, [(11..15, "https://e.com".to_owned())]);
    }
}
