//! Markdown read into blocks of styled runs, by pulldown-cmark.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
    fn broken_markdown_is_still_text() {
        let blocks = parse("**not closed and [no link](");
        assert!(
            matches!(&blocks[0], Block::Paragraph(s) if s.iter().any(|s| s.text.contains("not closed")))
        );
    }
}
