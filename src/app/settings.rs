//! What the app remembers between runs (eframe's storage). Everything else
//! is rebuilt at start.

use serde::{Deserialize, Serialize};

use crate::backend::tencent::TencentSettings;
use crate::ui::{Lang, ThemeChoice};

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
