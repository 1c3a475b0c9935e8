//! Product card (22) and order card (28): picture, title, description;
//! a click on a product card asks to open its link (http and https only).

use egui::{CornerRadius, RichText, Ui, vec2};

use super::{Item, side_ui};
use crate::protocol::{OrderCard, ProductCard, is_http};
use crate::ui::theme::Palette;
use crate::ui::{Cx, T, UiAction, widgets};

pub fn product_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, card: &ProductCard) {
    let p = cx.palette;
    let width = widgets::card_width(item.width).min(300.0);
    let selected = item.selected();
    side_ui(ui, cx, item.head(), |ui, cx| {
        let frame = widgets::card_frame(&p).inner_margin(egui::Margin::same(0));
        let frame = widgets::selectable(frame, &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            picture_ui(
                ui,
                cx,
                &card.pic,
                vec2(width, width * 0.62),
                CornerRadius {
                    nw: 12,
                    ne: 12,
                    sw: 0,
                    se: 0,
                },
            );
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(12, 8))
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(widgets::typeset(&card.header))
                                .strong()
                                .color(p.service_text),
                        )
                        .wrap(),
                    );
                    if !card.desc.is_empty() {
                        ui.add(
                            egui::Label::new(
                                RichText::new(widgets::typeset(&card.desc)).color(p.muted),
                            )
                            .wrap(),
                        );
                    }
                    let fields = card.custom_field.iter().flatten();
                    fields_ui(ui, &p, fields.map(|f| (f.name.as_str(), f.value.as_str())));
                    if !card.url.is_empty() {
                        let shown = card
                            .url
                            .trim_start_matches("https://")
                            .trim_start_matches("http://");
                        let link = egui::Button::new(
                            RichText::new(format!("🔗 {shown}")).small().color(p.accent),
                        )
                        .frame(false)
                        .truncate();
                        if ui.add(link).on_hover_text(&card.url).clicked() {
                            cx.act(UiAction::AskOpenLink(card.url.clone()));
                        }
                        if !is_http(&card.url) {
                            widgets::caption(ui, &p, format!("⚠ {}", cx.t(T::NotHttpLink)));
                        }
                    }
                });
        });
    });
}

pub fn order_ui(ui: &mut Ui, cx: &mut Cx, item: &mut Item, card: &OrderCard) {
    let p = cx.palette;
    let width = widgets::card_width(item.width);
    let selected = item.selected();
    side_ui(ui, cx, item.head(), |ui, cx| {
        let frame = widgets::selectable(widgets::card_frame(&p), &p, selected);
        frame.show(ui, |ui| {
            ui.set_width(width);
            if !card.guide.is_empty() {
                ui.add(
                    egui::Label::new(RichText::new(widgets::typeset(&card.guide)).color(p.muted))
                        .wrap(),
                );
                ui.add_space(4.0);
            }
            ui.horizontal(|ui| {
                picture_ui(ui, cx, &card.pic, vec2(64.0, 64.0), CornerRadius::same(8));
                ui.vertical(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(widgets::typeset(&card.name))
                                .strong()
                                .color(p.service_text),
                        )
                        .wrap(),
                    );
                    ui.add(
                        egui::Label::new(
                            RichText::new(widgets::typeset(&card.desc)).color(p.muted),
                        )
                        .wrap(),
                    );
                });
            });
            let fields = card.custom_field.iter().flatten();
            fields_ui(ui, &p, fields.map(|f| (f.name.as_str(), f.value.as_str())));
        });
    });
}

/// A card's extra `name: value` lines, small and muted.
fn fields_ui<'a>(ui: &mut Ui, p: &Palette, fields: impl Iterator<Item = (&'a str, &'a str)>) {
    for (name, value) in fields {
        ui.label(
            RichText::new(format!("{name}: {value}"))
                .small()
                .color(p.muted),
        );
    }
}

/// A picture from its address: a placeholder while it loads, an error
/// tile that says why when it fails. Loading happens off the UI thread.
pub fn picture_ui(ui: &mut Ui, cx: &mut Cx, uri: &str, size: egui::Vec2, radius: CornerRadius) {
    let p = cx.palette;
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    if uri.is_empty() {
        ui.painter().rect_filled(rect, radius, p.placeholder);
        return;
    }
    let poll =
        ui.ctx()
            .try_load_texture(uri, egui::TextureOptions::LINEAR, egui::SizeHint::default());
    match poll {
        Ok(egui::load::TexturePoll::Ready { texture }) => {
            // Cover the box, cropping what does not fit.
            let (tw, th) = (texture.size.x.max(1.0), texture.size.y.max(1.0));
            let scale = (size.x / tw).max(size.y / th);
            let shown = vec2(size.x / (tw * scale), size.y / (th * scale));
            let uv = egui::Rect::from_center_size(egui::pos2(0.5, 0.5), shown);
            egui::Image::from_texture(texture)
                .uv(uv)
                .corner_radius(radius)
                .paint_at(ui, rect);
        }
        Ok(egui::load::TexturePoll::Pending { .. }) => {
            // Still: the loader repaints when the picture is ready, so a
            // slow fetch costs no frames (a spinner would draw 60 a second).
            ui.painter().rect_filled(rect, radius, p.placeholder);
            ui.put(
                rect,
                egui::Label::new(RichText::new(format!("🖼 {}", cx.t(T::Loading))).color(p.muted)),
            );
        }
        Err(e) => {
            ui.painter().rect_filled(rect, radius, p.error_soft);
            let label = egui::Label::new(
                RichText::new(format!("🖼 {}", cx.t(T::ImageFailed))).color(p.error),
            );
            ui.put(rect, label).on_hover_text(format!("{uri}\n{e}"));
        }
    }
}
