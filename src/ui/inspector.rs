//! Every message in and out: time, direction, src name, online-only, the
//! conformance warnings; the selected one as pretty JSON. Filterable.

use egui::{RichText, Ui};

use super::{ChatView, Cx, FilteredRows, InspectorView, T, UiAction, clock_time};
use crate::session::{Content, Direction, Entry, Session};

const ROW_HEIGHT: f32 = 22.0;

pub fn inspector_ui(ui: &mut Ui, cx: &mut Cx, session: &Session, chat: &mut ChatView) {
    let selected = chat.widgets.selected.clone();
    let view = &mut chat.inspector;
    let p = cx.palette;
    ui.horizontal(|ui| {
        let label = ui.label(cx.t(T::Filter));
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text(cx.t(T::FilterHint))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    let rows = Rows::of(session, view);
    let details_height = (ui.available_height() * 0.45).max(160.0);
    let list_height = (ui.available_height() - details_height).max(100.0);
    let mut area = egui::ScrollArea::vertical()
        .id_salt("inspector-rows")
        .max_height(list_height)
        .auto_shrink([false, true])
        .stick_to_bottom(true);
    if std::mem::take(&mut view.scroll_to_selected)
        && let Some(row) = selected
            .as_deref()
            .and_then(|id| session.position(id))
            .and_then(|pos| rows.row_of(pos, view))
    {
        let offset = row as f32 * (ROW_HEIGHT + ui.spacing().item_spacing.y) - list_height / 2.0;
        area = area.vertical_scroll_offset(offset.max(0.0));
    }
    let count = rows.len(view);
    area.show_rows(ui, ROW_HEIGHT, count, |ui, range| {
        for n in range {
            let i = rows.position(n, view);
            let entry = &session.entries()[i];
            let is_selected = selected.as_deref() == Some(entry.id.as_str());
            let arrow = match entry.direction {
                Direction::In => "←",
                Direction::Out => "→",
            };
            let src = entry
                .src()
                .map(|s| format!("{s:>2}"))
                .unwrap_or_else(|| "  ".to_owned());
            let mut label = format!(
                "{}  {arrow}  {src}  {}",
                clock_time(entry.at),
                super::i18n::kind_label(entry, cx.lang)
            );
            if entry.online_only {
                label.push_str(" ·");
                label.push_str(cx.t(T::OnlineShort));
            }
            if entry.revision > 0 {
                label.push_str(&format!(" ·×{}", entry.revision + 1));
            }
            let gist = entry.gist();
            let gist = gist.lines().next().unwrap_or_default();
            if !gist.is_empty() {
                let short: String = gist.chars().take(48).collect();
                label.push_str("  ");
                label.push_str(&short);
            }
            let color = match (&entry.content, entry.warnings.is_empty()) {
                (Content::Malformed(_), _) => p.error,
                (_, false) => p.warning,
                _ => ui.visuals().text_color(),
            };
            let response = row_ui(ui, &label, color, is_selected, &p);
            if response.clicked() {
                cx.act(UiAction::Select(entry.id.clone()));
            }
        }
    });
    ui.separator();
    let Some(entry) = selected.as_deref().and_then(|id| session.entry(id)) else {
        ui.label(RichText::new(cx.t(T::NoSelection)).color(p.muted));
        return;
    };
    details_ui(ui, cx, entry);
}

/// A full-width, left-aligned, selectable row.
fn row_ui(
    ui: &mut Ui,
    text: &str,
    color: egui::Color32,
    selected: bool,
    p: &crate::ui::Palette,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), ROW_HEIGHT),
        egui::Sense::click(),
    );
    let fill = if selected {
        p.accent_soft
    } else if response.hovered() {
        ui.visuals().widgets.hovered.weak_bg_fill
    } else {
        egui::Color32::TRANSPARENT
    };
    ui.painter().rect_filled(rect, 4.0, fill);
    ui.painter().with_clip_rect(rect).text(
        rect.left_center() + egui::vec2(6.0, 0.0),
        egui::Align2::LEFT_CENTER,
        text,
        egui::FontId::monospace(12.0),
        if selected { p.accent } else { color },
    );
    let label = text.to_owned();
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    response
}

fn details_ui(ui: &mut Ui, cx: &mut Cx, entry: &Entry) {
    let p = cx.palette;
    ui.horizontal(|ui| {
        let dir = match entry.direction {
            Direction::In => cx.t(T::Incoming),
            Direction::Out => cx.t(T::Outgoing),
        };
        let kind = super::i18n::kind_label(entry, cx.lang);
        ui.label(RichText::new(format!("{} · {dir} · {kind}", entry.id)).strong());
        if entry.online_only {
            ui.label(RichText::new(cx.t(T::OnlineOnly)).small().color(p.accent));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button(cx.t(T::Copy)).clicked() {
                ui.ctx().copy_text(entry.raw.clone());
            }
        });
    });
    if let Content::Malformed(e) = &entry.content {
        ui.label(RichText::new(format!("{}: {e}", cx.t(T::Error))).color(p.error));
    }
    for w in &entry.warnings {
        ui.add(egui::Label::new(RichText::new(format!("⚠ {w}")).small().color(p.warning)).wrap());
    }
    let pretty = match &entry.content {
        Content::Text(t) => t.clone(),
        _ => pretty_json(&entry.raw).unwrap_or_else(|| entry.raw.clone()),
    };
    egui::ScrollArea::vertical()
        .id_salt("inspector-json")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Rich text's Markdown read as it is meant, beside its JSON.
            if let Some(crate::protocol::CsMessage::RichText(r)) = entry.service() {
                ui.label(RichText::new(cx.t(T::MarkdownShown)).small().color(p.muted));
                egui::Frame::new()
                    .fill(ui.visuals().extreme_bg_color)
                    .inner_margin(6)
                    .corner_radius(4)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(&r.content).size(12.5)).wrap());
                    });
                ui.add_space(6.0);
            }
            // Wrapped to the panel: no JSON hides past its right edge.
            ui.add(egui::Label::new(RichText::new(pretty).monospace().size(12.0)).wrap());
        });
}

/// Which entries the list shows: all of them (no list to build), or the
/// ones a filter matches, cached in the view until the filter or the
/// transcript changes, so a frame does not scan ten thousand messages.
enum Rows {
    All(usize),
    Filtered,
}

impl Rows {
    fn of(session: &Session, view: &mut InspectorView) -> Rows {
        let filter = view.filter.trim().to_lowercase();
        if filter.is_empty() {
            return Rows::All(session.entries().len());
        }
        let fresh = view
            .rows
            .as_ref()
            .is_some_and(|c| c.filter == filter && c.changes == session.changes());
        if !fresh {
            let rows = session
                .entries()
                .iter()
                .enumerate()
                .filter(|(_, e)| matches_filter(e, &filter))
                .map(|(i, _)| i)
                .collect();
            view.rows = Some(FilteredRows {
                filter,
                changes: session.changes(),
                rows,
            });
        }
        Rows::Filtered
    }

    fn cached(view: &InspectorView) -> &[usize] {
        view.rows.as_ref().map_or(&[], |c| &c.rows)
    }

    fn len(&self, view: &InspectorView) -> usize {
        match self {
            Rows::All(n) => *n,
            Rows::Filtered => Self::cached(view).len(),
        }
    }

    /// The entry position shown in row `n`.
    fn position(&self, n: usize, view: &InspectorView) -> usize {
        match self {
            Rows::All(_) => n,
            Rows::Filtered => Self::cached(view)[n],
        }
    }

    /// The row that shows entry `position`, if it is shown.
    fn row_of(&self, position: usize, view: &InspectorView) -> Option<usize> {
        match self {
            Rows::All(n) => (position < *n).then_some(position),
            Rows::Filtered => Self::cached(view).binary_search(&position).ok(),
        }
    }
}

fn matches_filter(entry: &Entry, filter: &str) -> bool {
    let words = [
        entry.id.as_str(),
        entry.kind_name(),
        entry.src().unwrap_or_default(),
        match entry.direction {
            Direction::In => "in",
            Direction::Out => "out",
        },
    ];
    if filter == "warning" || filter == "warnings" {
        return !entry.warnings.is_empty();
    }
    words.iter().any(|w| w.to_lowercase().contains(filter))
        || entry.raw.to_lowercase().contains(filter)
}

/// The JSON indented, keys in the order they travelled.
fn pretty_json(raw: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(raw);
    let mut ser = serde_json::Serializer::pretty(&mut out);
    serde_transcode::transcode(&mut de, &mut ser).ok()?;
    String::from_utf8(out).ok()
}
