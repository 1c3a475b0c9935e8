//! Where the remote backend connects, and as whom. The secret key is read
//! from an environment variable or a file the user names, and is never
//! written anywhere: it is not part of the settings that are saved.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::protocol::DEFAULT_SERVICE_ACCOUNT;

/// The environment variable read when no other source is named.
pub const DEFAULT_SECRET_ENV: &str = "DESKSIM_TENCENT_SECRET";

/// Everything but the secret: safe to save and to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TencentSettings {
    /// The application's SDKAppID.
    pub sdk_app_id: u64,
    /// An app administrator account (REST calls are made as it).
    pub admin: String,
    /// The simulated user; must be an imported account.
    pub user_id: String,
    /// The customer-service account the user talks to.
    #[serde(default = "default_service")]
    pub service_account: String,
    #[serde(default)]
    pub region: Region,
    /// Instead of the region's host (private deployments, tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The environment variable holding the secret key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    /// A file holding the secret key (first line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_file: Option<PathBuf>,
    /// How long one REST call may take (milliseconds); 10 s when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    /// Only for desksim's own fake of the REST API (tests): a script's
    /// `wait` asks the service to move its clock instead of waiting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub time_warp: bool,
}

fn default_service() -> String {
    DEFAULT_SERVICE_ACCOUNT.to_owned()
}

impl Default for TencentSettings {
    fn default() -> Self {
        TencentSettings {
            sdk_app_id: 0,
            admin: "administrator".to_owned(),
            user_id: "desksim_user".to_owned(),
            service_account: default_service(),
            region: Region::default(),
            base_url: None,
            secret_env: None,
            secret_file: None,
            timeout_ms: None,
            time_warp: false,
        }
    }
}

/// The REST API's hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// `console.tim.qq.com`
    #[default]
    China,
    Singapore,
    Korea,
    Germany,
    India,
    Japan,
    UnitedStates,
    Indonesia,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Region::China,
        Region::Singapore,
        Region::Korea,
        Region::Germany,
        Region::India,
        Region::Japan,
        Region::UnitedStates,
        Region::Indonesia,
    ];

    pub fn host(self) -> &'static str {
        match self {
            Region::China => "console.tim.qq.com",
            Region::Singapore => "adminapisgp.im.qcloud.com",
            Region::Korea => "adminapikr.im.qcloud.com",
            Region::Germany => "adminapiger.im.qcloud.com",
            Region::India => "adminapiind.im.qcloud.com",
            Region::Japan => "adminapijpn.im.qcloud.com",
            Region::UnitedStates => "adminapiusa.im.qcloud.com",
            Region::Indonesia => "adminapiidn.im.qcloud.com",
        }
    }
}

/// The secret key. It prints as `***`, and cannot be serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(key: impl Into<String>) -> Self {
        Secret(key.into())
    }

    /// The key itself, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "the secret key was not found: set the environment variable {0} (or name a secret file)"
    )]
    NoSecret(String),
    #[error("cannot read the secret file {path}: {message}")]
    SecretFile { path: String, message: String },
    #[error("the secret file {0} is empty")]
    EmptySecretFile(String),
    #[error("{0} is missing")]
    Missing(&'static str),
    #[error("cannot read the config file {path}: {message}")]
    File { path: String, message: String },
}

/// Settings and the secret: what the adapter needs.
#[derive(Debug, Clone)]
pub struct TencentConfig {
    pub settings: TencentSettings,
    pub secret: Secret,
}

impl TencentSettings {
    /// `https://<host>` or the override, without a trailing slash.
    pub fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("https://{}", self.region.host()),
        }
    }

    /// Reads a JSON config file (the same keys as the settings).
    pub fn from_file(path: &std::path::Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        serde_json::from_str(&text).map_err(|e| ConfigError::File {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// Checks the settings and reads the secret from where they say.
    pub fn resolve(self) -> Result<TencentConfig, ConfigError> {
        if self.sdk_app_id == 0 {
            return Err(ConfigError::Missing("the SDKAppID"));
        }
        for (value, what) in [
            (&self.admin, "the admin identifier"),
            (&self.user_id, "the user ID"),
            (&self.service_account, "the service account"),
        ] {
            if value.trim().is_empty() {
                return Err(ConfigError::Missing(what));
            }
        }
        let secret = match &self.secret_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| ConfigError::SecretFile {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?;
                let key = text.lines().next().unwrap_or_default().trim().to_owned();
                if key.is_empty() {
                    return Err(ConfigError::EmptySecretFile(path.display().to_string()));
                }
                Secret(key)
            }
            None => {
                let var = self
                    .secret_env
                    .clone()
                    .unwrap_or_else(|| DEFAULT_SECRET_ENV.to_owned());
                match std::env::var(&var) {
                    Ok(key) if !key.trim().is_empty() => Secret(key.trim().to_owned()),
                    _ => return Err(ConfigError::NoSecret(var)),
                }
            }
        };
        Ok(TencentConfig {
            settings: self,
            secret,
        })
    }
}
