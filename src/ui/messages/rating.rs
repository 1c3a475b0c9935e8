//! The rating card (9): stars for type 1, numbers for type 2, the head
//! above, the end labels under the options, the tail after a choice, and a
//! countdown to `expireTime`. Locked when chosen or expired; a choice locks
//! it at once. Its size never depends on the pointer: the line under the
//! options is always there, so a card stuck to the bottom of the chat
//! cannot shake while an option is hovered.

use std::time::Duration;

use egui::{RichText, Stroke, Ui, vec2};

use super::{Item, side_ui};
use crate::protocol::{RatingCard, RatingStyle};
use crate::session::{CardState, Intent, LockReason};
use crate::ui::{Cx, T, UiAction, countdown, widgets};

pub fn rating_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, card: &RatingCard) {
    let p = cx.palette;
    let state = item.session.card_state(item.position);
    let answer = item.session.answer_of(item.position);
    let id = item.entry().id.clone();
    let deadline = item.session.rating_deadline(item.position);
    let refusal = item.entry().refusal.clone();
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    let chosen = answer
        .as_ref()
        .and_then(|a| card.menu.iter().position(|o| &o.id == a));
    side_ui(ui, cx, item.head(), |ui, cx| {
        let frame = widgets::selectable(widgets::card_frame(&p), &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            let head = RichText::new(format!("⭐ {}", card.head))
                .strong()
                .color(p.service_text);
            ui.add(egui::Label::new(head).wrap());
            ui.add_space(6.0);
            let open = state.is_open();
            let stars = card.style() == RatingStyle::Stars;
            let hover_id = egui::Id::unique(("rating-hover", &id));
            let hovered = ui
                .ctx()
                .data(|d| d.get_temp::<usize>(hover_id))
                .filter(|_| open);
            let mut now_hovered = None;
            ui.horizontal_wrapped(|ui| {
                for (index, option) in card.menu.iter().enumerate() {
                    let look = OptionLook {
                        chosen: chosen.is_some_and(|c| if stars { index <= c } else { index == c }),
                        hovered: hovered
                            .is_some_and(|h| if stars { index <= h } else { index == h }),
                    };
                    let response = if stars {
                        star_ui(ui, cx, look, open)
                    } else {
                        number_ui(ui, cx, look, open, index + 1)
                    };
                    let response = response.on_hover_text(&option.content);
                    if response.hovered() {
                        now_hovered = Some(index);
                    }
                    if response.clicked() && open {
                        cx.act(UiAction::Intent(Intent::Rate {
                            id: id.clone(),
                            option_id: option.id.clone(),
                        }));
                    }
                }
            });
            ui.ctx().data_mut(|d| match now_hovered {
                Some(h) => {
                    d.insert_temp(hover_id, h);
                }
                None => d.remove::<usize>(hover_id),
            });
            // One line, always: the option pointed at or chosen, or the
            // menu's two ends.
            let line = match now_hovered.filter(|_| open).or(chosen) {
                Some(i) => RichText::new(&card.menu[i].content).color(p.service_text),
                None => {
                    let ends = match (card.menu.first(), card.menu.last()) {
                        (Some(a), Some(b)) if card.menu.len() > 1 => {
                            format!("{} … {}", a.content, b.content)
                        }
                        _ => " ".to_owned(),
                    };
                    // The same size as an option's name: no jump between them.
                    RichText::new(ends).color(p.muted)
                }
            };
            ui.add(egui::Label::new(line).truncate());
            match (&state, chosen) {
                (_, Some(_)) => {
                    ui.add_space(4.0);
                    ui.add(egui::Label::new(RichText::new(&card.tail).color(p.success)).wrap());
                }
                (CardState::Locked(LockReason::Expired), None) => {
                    widgets::caption(ui, &p, cx.t(T::Expired))
                }
                (CardState::Open, None) => {
                    if let Some(deadline) = deadline {
                        let left = deadline.since(cx.now);
                        widgets::caption(
                            ui,
                            &p,
                            format!("⏱ {} {}", cx.t(T::ExpiresIn), countdown(left)),
                        );
                        // The countdown moves once a second; nothing else repaints.
                        let to_next_second = 1000 - (cx.now.millis().rem_euclid(1000)) as u64;
                        ui.ctx()
                            .request_repaint_after(Duration::from_millis(to_next_second.max(50)));
                    }
                }
                (CardState::Locked(reason), None) => widgets::caption(
                    ui,
                    &p,
                    format!("🔒 {}", crate::ui::i18n::lock_reason(reason, cx.lang)),
                ),
            }
            if let Some(refusal) = &refusal {
                let code = refusal.code.map(|c| format!(" ({c})")).unwrap_or_default();
                let text = format!("✖ {}{code}: {}", cx.t(T::RefusedByService), refusal.reason);
                ui.add(egui::Label::new(RichText::new(text).small().color(p.error)).wrap());
            }
        });
    });
}

/// How one option shows.
#[derive(Clone, Copy)]
struct OptionLook {
    /// The choice made (and, for stars, every star up to it).
    chosen: bool,
    /// Under the pointer (and, for stars, every star up to it).
    hovered: bool,
}

/// A star: gold when chosen, outlined gold under the pointer.
fn star_ui(ui: &mut Ui, cx: &Cx, look: OptionLook, open: bool) -> egui::Response {
    let p = cx.palette;
    let color = if look.chosen {
        p.star
    } else if look.hovered {
        p.star_hover
    } else {
        p.star_empty
    };
    let star = egui::Button::new(RichText::new("★").size(26.0).color(color)).frame(false);
    ui.add_enabled(open || look.chosen, star)
}

/// A number: filled when chosen, outlined under the pointer; the size is
/// the same either way.
fn number_ui(ui: &mut Ui, cx: &Cx, look: OptionLook, open: bool, n: usize) -> egui::Response {
    let p = cx.palette;
    let (fill, text) = if look.chosen {
        (p.chosen, p.chosen_text)
    } else {
        (p.accent_soft, p.accent)
    };
    let stroke = if look.hovered && !look.chosen {
        Stroke::new(1.5, p.accent)
    } else {
        Stroke::new(1.5, egui::Color32::TRANSPARENT)
    };
    let number = egui::Button::new(RichText::new(n.to_string()).strong().color(text))
        .fill(fill)
        .stroke(stroke)
        .min_size(vec2(34.0, 30.0))
        .corner_radius(egui::CornerRadius::same(8));
    ui.add_enabled(open || look.chosen, number)
}
