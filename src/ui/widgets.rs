//! Small pieces the message widgets share: bubbles, cards, choice buttons.

use egui::{Color32, CornerRadius, Frame, Margin, Response, RichText, Stroke, Ui};

use super::Palette;

/// The widest a bubble gets, for a chat column of `width`.
pub fn bubble_width(width: f32) -> f32 {
    (width * 0.74).clamp(120.0, 480.0).min(width - 8.0)
}

/// The width of a card, for a chat column of `width`.
pub fn card_width(width: f32) -> f32 {
    (width * 0.82).clamp(160.0, 360.0).min(width - 8.0)
}

pub fn service_frame(p: &Palette) -> Frame {
    Frame::new()
        .fill(p.service_bubble)
        .stroke(Stroke::new(1.0, p.card_stroke))
        .corner_radius(CornerRadius {
            nw: 4,
            ne: 14,
            sw: 14,
            se: 14,
        })
        .inner_margin(Margin::symmetric(12, 8))
}

pub fn user_frame(p: &Palette) -> Frame {
    Frame::new()
        .fill(p.user_bubble)
        .corner_radius(CornerRadius {
            nw: 14,
            ne: 4,
            sw: 14,
            se: 14,
        })
        .inner_margin(Margin::symmetric(12, 8))
}

pub fn card_frame(p: &Palette) -> Frame {
    Frame::new()
        .fill(p.service_bubble)
        .stroke(Stroke::new(1.0, p.card_stroke))
        .corner_radius(CornerRadius::same(12))
        .inner_margin(Margin::same(12))
}

/// A selected message gets a ring.
pub fn selectable(frame: Frame, p: &Palette, selected: bool) -> Frame {
    if selected {
        frame.stroke(Stroke::new(2.0, p.accent))
    } else {
        frame
    }
}

/// A full-width option of a branch, form or bot list; true when the user
/// picked it (only an open card can be picked: the chosen option of a
/// locked one stays bright, for reading, but does nothing).
pub fn choice_button(
    ui: &mut Ui,
    p: &Palette,
    text: &str,
    desc: &str,
    chosen: bool,
    open: bool,
) -> bool {
    let (fill, color) = if chosen {
        (p.chosen, p.chosen_text)
    } else if open {
        (p.accent_soft, p.accent)
    } else {
        (p.placeholder, p.muted)
    };
    // The description is part of its own button, so it never reads as
    // the next item's.
    let style = ui.style();
    let mut label = egui::text::LayoutJob::default();
    let mut main = RichText::new(typeset(text)).color(color);
    if chosen {
        main = main.strong();
    }
    main.append_to(
        &mut label,
        style,
        egui::FontSelection::Default,
        egui::Align::Min,
    );
    if !desc.is_empty() {
        let desc_color = if chosen { p.chosen_text } else { p.muted };
        RichText::new(format!("\n{}", typeset(desc)))
            .small()
            .color(desc_color)
            .append_to(
                &mut label,
                style,
                egui::FontSelection::Default,
                egui::Align::Min,
            );
    }
    let width = ui.available_width();
    let button = egui::Button::new(label)
        .fill(fill)
        .corner_radius(CornerRadius::same(8))
        .min_size(egui::vec2(width, 30.0))
        .wrap();
    let response = ui.add_enabled(open || chosen, button);
    // Read aloud (and found) by the item's text; the description is its
    // description.
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(text);
        if !desc.is_empty() {
            node.set_description(desc);
        }
    });
    open && response.clicked()
}

/// A small muted caption (times, reasons).
pub fn caption(ui: &mut Ui, p: &Palette, text: impl Into<String>) {
    ui.label(RichText::new(text.into()).small().color(p.muted));
}

/// A centred pill, for banners and system lines.
pub fn pill(ui: &mut Ui, fill: Color32, text: RichText) -> Response {
    ui.vertical_centered(|ui| {
        Frame::new()
            .fill(fill)
            .corner_radius(CornerRadius::same(12))
            .inner_margin(Margin::symmetric(12, 4))
            .show(ui, |ui| {
                ui.add(egui::Label::new(text).wrap());
            })
            .response
    })
    .inner
}

/// A text as Chinese typesetting would set it: no space between a Chinese
/// character and a Latin letter or digit (`6 月 25 日` → `6月25日`). egui
/// breaks lines after any Chinese character, so such a space would start
/// the next line, and a number could be cut from its unit by it.
pub fn typeset(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(' ') || !text.chars().any(is_cjk) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let keep = kept(&chars);
    std::borrow::Cow::Owned(
        chars
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(c, _)| c)
            .collect(),
    )
}

/// [`typeset`] over runs of one text set in different styles (rich
/// text's bold and links): a space between runs is judged by the
/// characters on either side of it, whichever run they are in.
pub fn typeset_runs<'a>(runs: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let runs: Vec<Vec<char>> = runs.into_iter().map(|r| r.chars().collect()).collect();
    let all: Vec<char> = runs.concat();
    let keep = if all.contains(&' ') && all.iter().copied().any(is_cjk) {
        kept(&all)
    } else {
        vec![true; all.len()]
    };
    let mut at = 0;
    runs.iter()
        .map(|run| {
            let out = run
                .iter()
                .zip(&keep[at..at + run.len()])
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect();
            at += run.len();
            out
        })
        .collect()
}

/// Which characters stay: all but a space between a Chinese character
/// and another, a Latin letter or a digit.
fn kept(chars: &[char]) -> Vec<bool> {
    (0..chars.len())
        .map(|i| {
            if chars[i] != ' ' {
                return true;
            }
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            !matches!((before, after), (Some(a), Some(b))
                if (is_cjk(a) && (is_cjk(b) || b.is_ascii_alphanumeric()))
                    || (is_cjk(b) && a.is_ascii_alphanumeric()))
        })
        .collect()
}

/// Chinese and Japanese characters and their full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' // CJK punctuation
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' // full-width forms
    )
}

#[cfg(test)]
mod tests {
    use super::{typeset, typeset_runs};

    #[test]
    fn runs_are_set_as_one_text() {
        assert_eq!(
            typeset_runs(["退款将在 ", "3–5 个工作日", " 内原路返回"]),
            ["退款将在", "3–5个工作日", "内原路返回"]
        );
        assert_eq!(typeset_runs(["Read ", "this"]), ["Read ", "this"]);
    }

    #[test]
    fn chinese_is_set_without_spaces_around_numbers_and_latin() {
        assert_eq!(typeset("6 月 25 日 送达"), "6月25日送达");
        assert_eq!(typeset("订单 NW-123456 已发货"), "订单NW-123456已发货");
        assert_eq!(
            typeset("Order NW-123456 shipped"),
            "Order NW-123456 shipped"
        );
        assert_eq!(
            typeset("价格 ¥ 100"),
            "价格 ¥ 100",
            "only letters and digits join"
        );
    }
}
