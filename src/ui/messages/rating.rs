//! The rating card (9): stars for type 1, numbers for type 2, the head
//! above, the tail after a choice, and a countdown to `expireTime`.
//! Locked when chosen or expired; a choice locks it at once.

use std::time::Duration;

use egui::{RichText, Ui, vec2};

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
    let chosen_index = answer
        .as_ref()
        .and_then(|a| card.menu.iter().position(|o| &o.id == a));
    side_ui(ui, cx, item.entry(), |ui, cx| {
        widgets::card_frame(&p).show(ui, |ui| {
            ui.set_width(width);
            ui.add(
                egui::Label::new(
                    RichText::new(format!("⭐ {}", card.head))
                        .strong()
                        .color(p.service_text),
                )
                .wrap(),
            );
            ui.add_space(6.0);
            let open = state.is_open();
            let stars = card.style() == RatingStyle::Stars;
            let hover_id = egui::Id::unique(("rating-hover", &id));
            let hovered = ui.ctx().data(|d| d.get_temp::<usize>(hover_id));
            let mut now_hovered = None;
            ui.horizontal_wrapped(|ui| {
                for (index, option) in card.menu.iter().enumerate() {
                    let lit = match (hovered.filter(|_| open), chosen_index) {
                        (Some(h), _) if stars => index <= h,
                        (_, Some(c)) if stars => index <= c,
                        (Some(h), _) => index == h,
                        (_, Some(c)) => index == c,
                        _ => false,
                    };
                    let response = if stars {
                        let color = if lit { p.star } else { p.placeholder };
                        let star = egui::Button::new(RichText::new("★").size(26.0).color(color))
                            .frame(false);
                        ui.add_enabled(open || lit, star)
                    } else {
                        let (fill, text) = if lit {
                            (p.chosen, p.chosen_text)
                        } else {
                            (p.accent_soft, p.accent)
                        };
                        let number = egui::Button::new(
                            RichText::new((index + 1).to_string()).strong().color(text),
                        )
                        .fill(fill)
                        .min_size(vec2(34.0, 30.0))
                        .corner_radius(egui::CornerRadius::same(8));
                        ui.add_enabled(open || lit, number)
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
            let label_index = now_hovered.filter(|_| open).or(chosen_index);
            if let Some(i) = label_index {
                ui.label(RichText::new(&card.menu[i].content).color(p.muted));
            }
            match (&state, chosen_index) {
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
