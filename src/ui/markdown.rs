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
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Cx, Palette, UiAction, widgets};

/// A run of text with one look.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
    pub link: Option<String>,
}

impl Span {
    /// Whether `other` looks the same, so the two can be one run.
    fn looks_like(&self, other: &Span) -> bool {
        (self.bold, self.italic, self.code, self.strike, &self.link)
            == (
                other.bold,
                other.italic,
                other.code,
                other.strike,
                &other.link,
            )
    }
}

/// A table cell's text.
pub type Cell = Vec<Span>;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Span>),
    /// Level 1 to 6.
    Heading(u8, Vec<Span>),
    /// A list item: how deep, its marker ("•", "1."), its text.
    Item(usize, String, Vec<Span>),
    Quote(Vec<Span>),
    Code(String),
    Image {
        url: String,
        alt: String,
    },
    Table {
        head: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
    },
    Rule,
}

/// Reads Markdown into blocks. Never fails: what pulldown-cmark cannot
/// read as Markdown it hands over as text.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        reader.event(event);
    }
    reader.flush();
    reader.blocks
}

/// Where the reader is inside the block being read.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    strike: usize,
    link: Option<String>,
    heading: Option<u8>,
    quote: usize,
    /// One entry per open list: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    /// The marker of the list item being read, until its text is flushed.
    item: Option<String>,
    code: Option<String>,
    image: Option<(String, String)>,
    /// The table being read: its head and rows so far.
    table: Option<(Vec<Cell>, Vec<Vec<Cell>>)>,
    in_head: bool,
    row: Vec<Cell>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, false),
            Event::Code(text) => self.text(&text, true),
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => self.text("\n", false),
            Event::Rule => {
                self.flush();
                self.blocks.push(Block::Rule);
            }
            // HTML is shown as written: the clients do not render it.
            Event::Html(text) | Event::InlineHtml(text) => self.text(&text, true),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }, false),
            _ => {}
        }
    }

    fn text(&mut self, text: &str, code: bool) {
        if let Some(c) = &mut self.code {
            c.push_str(text);
            return;
        }
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        let span = Span {
            text: text.to_owned(),
            bold: self.bold > 0 || self.heading.is_some() || self.in_head,
            italic: self.italic > 0,
            code,
            strike: self.strike > 0,
            link: self.link.clone(),
        };
        match self.spans.last_mut() {
            Some(last) if last.looks_like(&span) => last.text.push_str(&span.text),
            _ => self.spans.push(span),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(heading_level(level));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}.");
                        *n += 1;
                        marker
                    }
                    _ => "•".to_owned(),
                };
                self.item = Some(marker);
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => self.link = Some(dest_url.into_string()),
            Tag::Image { dest_url, .. } => {
                self.flush();
                self.image = Some((dest_url.into_string(), String::new()));
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some((Vec::new(), Vec::new()));
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow | Tag::TableCell => {}
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.blocks.push(Block::Code(code.trim_end().to_owned()));
                }
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => self.link = None,
            TagEnd::Image => {
                if let Some((url, alt)) = self.image.take() {
                    self.blocks.push(Block::Image { url, alt });
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.spans);
                self.row.push(cell);
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some((head, _)) = &mut self.table {
                    *head = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some((_, rows)) = &mut self.table {
                    rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                if let Some((head, rows)) = self.table.take() {
                    self.blocks.push(Block::Table { head, rows });
                }
            }
            _ => {}
        }
    }

    /// Ends the text block being read, if it has any text.
    fn flush(&mut self) {
        if self.table.is_some() {
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        let marker = self.item.take();
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            // An item whose text is a nested list keeps its marker for it.
            if marker.is_some() && spans.is_empty() {
                self.item = marker;
            }
            return;
        }
        let block = if let Some(level) = self.heading {
            Block::Heading(level, spans)
        } else if let Some(marker) = marker {
            Block::Item(self.lists.len().saturating_sub(1), marker, spans)
        } else if self.quote > 0 {
            Block::Quote(spans)
        } else {
            Block::Paragraph(spans)
        };
        self.blocks.push(block);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

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

    fn texts(spans: &[Span]) -> Vec<(&str, bool)> {
        spans.iter().map(|s| (s.text.as_str(), s.bold)).collect()
    }

    #[test]
    fn headings_bold_links_lists_images_and_tables_are_read() {
        let blocks = parse(
            "## 退款说明\n\n- 退款将在 **3–5 个工作日** 内原路返回\n- 详情见 [退款政策](https://example.com/refund)\n\n![流程](https://example.com/img/refund.png)\n\n| 项目 | 时间 |\n|---|---|\n| 退款 | 3 天 |",
        );
        assert!(matches!(&blocks[0], Block::Heading(2, s) if s[0].text == "退款说明"));
        let Block::Item(0, marker, spans) = &blocks[1] else {
            panic!("{:?}", blocks[1]);
        };
        assert_eq!(marker, "•");
        assert_eq!(
            texts(spans),
            [
                ("退款将在 ", false),
                ("3–5 个工作日", true),
                (" 内原路返回", false)
            ]
        );
        let Block::Item(0, _, spans) = &blocks[2] else {
            panic!("{:?}", blocks[2]);
        };
        assert_eq!(spans[1].link.as_deref(), Some("https://example.com/refund"));
        assert_eq!(
            blocks[3],
            Block::Image {
                url: "https://example.com/img/refund.png".into(),
                alt: "流程".into()
            }
        );
        let Block::Table { head, rows } = &blocks[4] else {
            panic!("{:?}", blocks[4]);
        };
        assert!(head.iter().all(|cell| cell[0].bold), "the header is bold");
        assert_eq!(rows[0][1][0].text, "3 天");
    }

    #[test]
    fn numbered_lists_count_from_their_start_and_nest() {
        let blocks = parse("3. a\n4. b\n   - c\n");
        let markers: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Item(depth, marker, _) => (*depth, marker.as_str()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(markers, [(0, "3."), (0, "4."), (1, "•")]);
    }

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

    #[test]
    fn broken_markdown_is_still_text() {
        let blocks = parse("**not closed and [no link](");
        assert!(
            matches!(&blocks[0], Block::Paragraph(s) if s.iter().any(|s| s.text.contains("not closed")))
        );
    }
}
