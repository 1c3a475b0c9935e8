//! Dialogs: settings, the product-card picker, a raw custom message for
//! QA (decoded as it is typed), and "open this link?".

use egui::{Id, Modal, RichText, Ui};

use super::{Cx, Lang, T, ThemeChoice, UiAction};
use crate::app::settings::{BackendChoice, Settings};
use crate::backend::tencent::{Region, TencentSettings};
use crate::protocol::{self, DecodeOptions, ProductCard};
use crate::session::Intent;

/// Returns whether the dialog stays open.
pub fn settings_ui(ctx: &egui::Context, cx: &mut Cx, settings: &mut Settings) -> bool {
    let response = Modal::new(Id::unique("settings")).show(ctx, |ui| {
        ui.set_width(340.0);
        ui.heading(cx.t(T::Settings));
        ui.add_space(6.0);
        egui::Grid::new("settings-grid")
            .num_columns(2)
            .spacing([16.0, 10.0])
            .show(ui, |ui| {
                ui.label(cx.t(T::Language));
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut settings.lang, Lang::En, "English");
                    ui.selectable_value(&mut settings.lang, Lang::Zh, "中文");
                });
                ui.end_row();
                ui.label(cx.t(T::Theme));
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut settings.theme, ThemeChoice::Light, cx.t(T::Light));
                    ui.selectable_value(&mut settings.theme, ThemeChoice::Dark, cx.t(T::Dark));
                });
                ui.end_row();
                let label = ui.label(cx.t(T::UserId));
                ui.add(
                    egui::TextEdit::singleline(&mut settings.tencent.user_id).desired_width(220.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                ui.label(cx.t(T::Backend));
                ui.vertical(|ui| {
                    ui.radio_value(
                        &mut settings.backend,
                        BackendChoice::Embedded,
                        cx.t(T::Embedded),
                    );
                    ui.radio_value(
                        &mut settings.backend,
                        BackendChoice::Tencent,
                        cx.t(T::TencentBackend),
                    );
                });
                ui.end_row();
            });
        if settings.backend == BackendChoice::Tencent {
            ui.add_space(6.0);
            tencent_ui(ui, cx, &mut settings.tencent);
        }
        ui.add_space(8.0);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(cx.t(T::Close)).clicked() {
                ui.close();
            }
        });
    });
    !response.should_close()
}

/// The remote backend's settings; the secret key is named, never typed.
fn tencent_ui(ui: &mut Ui, cx: &mut Cx, t: &mut TencentSettings) {
    egui::Grid::new("tencent-grid")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("SDKAppID");
            let mut appid = if t.sdk_app_id == 0 {
                String::new()
            } else {
                t.sdk_app_id.to_string()
            };
            if ui
                .add(egui::TextEdit::singleline(&mut appid).desired_width(220.0))
                .labelled_by(label.id)
                .changed()
            {
                t.sdk_app_id = appid.trim().parse().unwrap_or(0);
            }
            ui.end_row();
            for (name, value) in [
                (cx.t(T::Admin), &mut t.admin),
                (cx.t(T::ServiceAccount), &mut t.service_account),
            ] {
                let label = ui.label(name);
                ui.add(egui::TextEdit::singleline(value).desired_width(220.0))
                    .labelled_by(label.id);
                ui.end_row();
            }
            ui.label(cx.t(T::Region));
            egui::ComboBox::from_label("")
                .selected_text(t.region.host())
                .show_ui(ui, |ui| {
                    for region in Region::ALL {
                        ui.selectable_value(&mut t.region, region, region.host());
                    }
                });
            ui.end_row();
            let label = ui.label(cx.t(T::BaseUrl));
            let mut base = t.base_url.clone().unwrap_or_default();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut base)
                        .hint_text("https://…")
                        .desired_width(220.0),
                )
                .labelled_by(label.id)
                .changed()
            {
                t.base_url = (!base.trim().is_empty()).then(|| base.trim().to_owned());
            }
            ui.end_row();
            let label = ui.label(cx.t(T::SecretEnv));
            let mut env = t.secret_env.clone().unwrap_or_default();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut env)
                        .hint_text(crate::backend::tencent::config::DEFAULT_SECRET_ENV)
                        .desired_width(220.0),
                )
                .labelled_by(label.id)
                .changed()
            {
                t.secret_env = (!env.trim().is_empty()).then(|| env.trim().to_owned());
            }
            ui.end_row();
            let label = ui.label(cx.t(T::SecretFile));
            let mut file = t
                .secret_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if ui
                .add(egui::TextEdit::singleline(&mut file).desired_width(220.0))
                .labelled_by(label.id)
                .changed()
            {
                t.secret_file = (!file.trim().is_empty()).then(|| file.trim().into());
            }
            ui.end_row();
        });
    ui.label(
        RichText::new(cx.t(T::SecretNote))
            .small()
            .color(cx.palette.muted),
    );
}

/// The product cards of `assets/cards.json`; returns whether to stay open.
pub fn cards_ui(ctx: &egui::Context, cx: &mut Cx, cards: &[ProductCard]) -> bool {
    let response = Modal::new(Id::unique("cards")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading(cx.t(T::ProductCards));
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for card in cards {
                    ui.horizontal(|ui| {
                        super::messages::picture(ui, cx, &card.pic, egui::vec2(56.0, 42.0));
                        ui.vertical(|ui| {
                            ui.label(RichText::new(&card.header).strong());
                            ui.label(RichText::new(&card.desc).small().color(cx.palette.muted));
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .button(cx.t(T::Send))
                                .on_hover_text(&card.header)
                                .clicked()
                            {
                                cx.act(UiAction::Intent(Intent::SendProductCard(card.clone())));
                                ui.close();
                            }
                        });
                    });
                    ui.separator();
                }
            });
        if ui.button(cx.t(T::Cancel)).clicked() {
            ui.close();
        }
    });
    !response.should_close()
}

/// A raw custom message, JSON5 accepted; the decode error shows inline.
pub fn raw_ui(ctx: &egui::Context, cx: &mut Cx, text: &mut String) -> bool {
    let response = Modal::new(Id::unique("raw")).show(ctx, |ui| {
        ui.set_width(460.0);
        let label = ui.heading(cx.t(T::RawMessage));
        ui.label(
            RichText::new(cx.t(T::RawHint))
                .small()
                .color(cx.palette.muted),
        );
        ui.add(
            egui::TextEdit::multiline(text)
                .code_editor()
                .desired_rows(8)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let check = protocol::decode(text, &DecodeOptions::lenient());
        let ok = match &check {
            Ok(d) => match d.service() {
                Some(m) => {
                    ui.label(
                        RichText::new(format!("✔ src {} {}", m.src(), m.name()))
                            .color(cx.palette.success),
                    );
                    for w in &d.warnings {
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("⚠ {w}"))
                                    .small()
                                    .color(cx.palette.warning),
                            )
                            .wrap(),
                        );
                    }
                    true
                }
                None => {
                    ui.label(
                        RichText::new(format!("⚠ {}", cx.t(T::NotServiceMessage)))
                            .color(cx.palette.warning),
                    );
                    false
                }
            },
            Err(e) if text.trim().is_empty() => {
                let _ = e;
                false
            }
            Err(e) => {
                ui.add(
                    egui::Label::new(RichText::new(format!("✖ {e}")).color(cx.palette.error))
                        .wrap(),
                );
                false
            }
        };
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ok, egui::Button::new(cx.t(T::Send)))
                .clicked()
            {
                cx.act(UiAction::Intent(Intent::SendRaw(text.clone())));
                ui.close();
            }
            if ui.button(cx.t(T::Cancel)).clicked() {
                ui.close();
            }
        });
    });
    !response.should_close()
}

/// "Open this link in your browser?"; returns whether to stay open.
pub fn link_ui(ctx: &egui::Context, cx: &mut Cx, url: &str) -> bool {
    let response = Modal::new(Id::unique("link")).show(ctx, |ui: &mut Ui| {
        ui.set_max_width(420.0);
        ui.label(RichText::new(cx.t(T::OpenLinkTitle)).strong());
        ui.add(egui::Label::new(RichText::new(url).monospace()).wrap());
        let allowed = protocol::is_http(url);
        if !allowed {
            ui.label(RichText::new(cx.t(T::OnlyHttpLinks)).color(cx.palette.error));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(allowed, egui::Button::new(cx.t(T::Open)))
                .clicked()
            {
                cx.act(UiAction::OpenLink(url.to_owned()));
                ui.close();
            }
            if ui.button(cx.t(T::Cancel)).clicked() {
                ui.close();
            }
        });
    });
    !response.should_close()
}
