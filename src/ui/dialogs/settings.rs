//! The settings dialog: UI language, theme, the user ID, and which backend
//! plays the service, with the remote backend's fields. It edits a draft
//! (`SettingsForm`) and reports each change; the app applies it.

use egui::{Id, Modal, RichText, Ui};

use crate::ui::{Cx, Lang, T, ThemeChoice, UiAction};

/// The settings as the dialog edits them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsForm {
    pub lang: Lang,
    pub theme: ThemeChoice,
    /// A Tencent Cloud Desk deployment too, beside the embedded flows.
    pub remote: bool,
    pub user_id: String,
    /// As typed; the app reads the number.
    pub sdk_app_id: String,
    pub admin: String,
    pub service_account: String,
    /// Which of the dialog's regions.
    pub region: usize,
    pub base_url: String,
    pub secret_env: String,
    pub secret_file: String,
}

/// A region of Tencent Cloud IM, as the dialog offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionChoice {
    pub name: &'static str,
    pub host: &'static str,
}

pub struct SettingsDialog {
    form: SettingsForm,
    regions: Vec<RegionChoice>,
    /// What the secret-variable field shows when empty.
    default_secret_env: &'static str,
}

const FIELD_WIDTH: f32 = 240.0;

impl SettingsDialog {
    pub fn new(
        form: SettingsForm,
        regions: Vec<RegionChoice>,
        default_secret_env: &'static str,
    ) -> Self {
        SettingsDialog {
            form,
            regions,
            default_secret_env,
        }
    }

    /// Returns whether the dialog stays open.
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut Cx) -> bool {
        let before = self.form.clone();
        let response =
            Modal::new(Id::unique("settings-dialog")).show(ctx, |ui| self.render(ui, cx));
        if self.form != before {
            cx.act(UiAction::Settings(self.form.clone()));
        }
        !response.should_close()
    }

    /// One grid, so every field lines up; the Tencent fields are always
    /// there (greyed while the embedded backend is chosen), so switching
    /// backend never resizes or moves the dialog.
    fn render(&mut self, ui: &mut Ui, cx: &mut Cx) {
        let form = &mut self.form;
        ui.set_width(400.0);
        ui.heading(cx.t(T::Settings));
        ui.add_space(6.0);
        egui::Grid::new("settings-grid")
            .num_columns(2)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                ui.label(cx.t(T::Language));
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut form.lang, Lang::En, "English");
                    ui.selectable_value(&mut form.lang, Lang::Zh, "中文");
                });
                ui.end_row();
                ui.label(cx.t(T::Theme));
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut form.theme, ThemeChoice::Light, cx.t(T::Light));
                    ui.selectable_value(&mut form.theme, ThemeChoice::Dark, cx.t(T::Dark));
                });
                ui.end_row();
                text_row(ui, cx.t(T::UserId), &mut form.user_id, "", true);
                ui.label(cx.t(T::Backend));
                ui.vertical(|ui| {
                    ui.radio_value(&mut form.remote, false, cx.t(T::Embedded));
                    ui.radio_value(&mut form.remote, true, cx.t(T::TencentBackend));
                });
                ui.end_row();
                let on = form.remote;
                text_row(ui, "SDKAppID", &mut form.sdk_app_id, "1400000000", on);
                text_row(ui, cx.t(T::Admin), &mut form.admin, "", on);
                text_row(
                    ui,
                    cx.t(T::ServiceAccount),
                    &mut form.service_account,
                    "",
                    on,
                );
                let label = ui.add_enabled(on, egui::Label::new(cx.t(T::Region)));
                let current = self.regions.get(form.region).map_or("", |r| r.name);
                ui.add_enabled_ui(on, |ui| {
                    egui::ComboBox::from_id_salt("region")
                        .selected_text(current)
                        .width(FIELD_WIDTH)
                        .show_ui(ui, |ui| {
                            for (i, region) in self.regions.iter().enumerate() {
                                ui.selectable_value(&mut form.region, i, region.name)
                                    .on_hover_text(region.host);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                });
                ui.end_row();
                text_row(ui, cx.t(T::BaseUrl), &mut form.base_url, "https://…", on);
                let secret_env = self.default_secret_env;
                text_row(ui, cx.t(T::SecretEnv), &mut form.secret_env, secret_env, on);
                text_row(ui, cx.t(T::SecretFile), &mut form.secret_file, "", on);
            });
        let note = RichText::new(cx.t(T::SecretNote))
            .small()
            .color(cx.palette.muted);
        ui.add(egui::Label::new(note).wrap());
        ui.add_space(8.0);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(cx.t(T::Close)).clicked() {
                ui.close();
            }
        });
    }
}

/// A labelled one-line field of a settings grid, greyed when `enabled` is
/// false.
fn text_row(ui: &mut Ui, label: &str, value: &mut String, hint: &str, enabled: bool) {
    let label = ui.add_enabled(enabled, egui::Label::new(label));
    ui.add_enabled(
        enabled,
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(FIELD_WIDTH),
    )
    .labelled_by(label.id);
    ui.end_row();
}
