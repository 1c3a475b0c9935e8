//! What the app remembers between runs (eframe's storage), and how the
//! settings dialog's draft maps onto it.

use serde::{Deserialize, Serialize};

use crate::backend::tencent::config::DEFAULT_SECRET_ENV;
use crate::backend::tencent::{Region, TencentSettings};
use crate::ui::dialogs::SettingsDialog;
use crate::ui::{Lang, RegionChoice, SettingsForm, ThemeChoice};

/// The persisted part of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub theme: ThemeChoice,
    /// Which backend plays the service.
    pub backend: BackendChoice,
    /// Where the remote backend connects (the secret key is never here:
    /// it is read from the environment variable or file named).
    pub tencent: TencentSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BackendChoice {
    /// The embedded Desk running the flow files.
    #[default]
    Embedded,
    /// A Tencent Cloud Desk deployment too, as its own conversation.
    Tencent,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            theme: ThemeChoice::Light,
            backend: BackendChoice::Embedded,
            tencent: TencentSettings::default(),
        }
    }
}

pub const STORAGE_KEY: &str = "desksim-settings";

impl Settings {
    /// The settings dialog, opened on these settings.
    pub fn dialog(&self) -> SettingsDialog {
        let t = &self.tencent;
        let form = SettingsForm {
            lang: self.lang,
            theme: self.theme,
            remote: self.backend == BackendChoice::Tencent,
            user_id: t.user_id.clone(),
            sdk_app_id: match t.sdk_app_id {
                0 => String::new(),
                id => id.to_string(),
            },
            admin: t.admin.clone(),
            service_account: t.service_account.clone(),
            region: Region::ALL
                .iter()
                .position(|&r| r == t.region)
                .expect("Region::ALL lists every region"),
            base_url: t.base_url.clone().unwrap_or_default(),
            secret_env: t.secret_env.clone().unwrap_or_default(),
            secret_file: t
                .secret_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        };
        let regions = Region::ALL
            .iter()
            .map(|&r| RegionChoice {
                name: region_name(r, self.lang),
                host: r.host(),
            })
            .collect();
        SettingsDialog::new(form, regions, DEFAULT_SECRET_ENV)
    }

    /// Takes what the dialog has now. An SDKAppID that is not a number is
    /// kept as none (0): connecting then says it is missing.
    pub fn apply(&mut self, form: &SettingsForm) {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        self.lang = form.lang;
        self.theme = form.theme;
        self.backend = if form.remote {
            BackendChoice::Tencent
        } else {
            BackendChoice::Embedded
        };
        let t = &mut self.tencent;
        t.user_id = form.user_id.trim().to_owned();
        t.sdk_app_id = form.sdk_app_id.trim().parse().unwrap_or(0);
        t.admin = form.admin.trim().to_owned();
        t.service_account = form.service_account.trim().to_owned();
        if let Some(&region) = Region::ALL.get(form.region) {
            t.region = region;
        }
        t.base_url = some(&form.base_url);
        t.secret_env = some(&form.secret_env);
        t.secret_file = some(&form.secret_file).map(Into::into);
    }
}

/// A region as people name it; the host is the hint beside it.
fn region_name(region: Region, lang: Lang) -> &'static str {
    let (en, zh) = match region {
        Region::China => ("China", "中国"),
        Region::Singapore => ("Singapore", "新加坡"),
        Region::Korea => ("Korea", "韩国"),
        Region::Germany => ("Germany", "德国"),
        Region::India => ("India", "印度"),
        Region::Japan => ("Japan", "日本"),
        Region::UnitedStates => ("United States", "美国"),
        Region::Indonesia => ("Indonesia", "印度尼西亚"),
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}
