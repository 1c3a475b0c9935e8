//! One REST call: URL with a fresh `random` and a cached UserSig, a JSON
//! body, an answer read with a size cap, its `ErrorCode` turned into a
//! [`RemoteError`].

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::api::Status;
use super::config::TencentConfig;
use super::error::{MAX_RESPONSE_BYTES, RemoteError};
use super::usersig::{DEFAULT_EXPIRE_S, SigCache};
use crate::clock::{Clock, SystemClock};

pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub struct RestClient {
    http: Result<reqwest::Client, String>,
    /// How long one call may take.
    timeout: Duration,
    config: TencentConfig,
    sig: Mutex<SigCache>,
}

impl RestClient {
    pub fn new(config: TencentConfig) -> Self {
        crate::net::install_crypto();
        let timeout = config
            .settings
            .timeout_ms
            .map_or(REQUEST_TIMEOUT, Duration::from_millis);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| format!("cannot set up HTTPS (are CA certificates installed?): {e}"));
        RestClient {
            http,
            timeout,
            config,
            sig: Mutex::new(SigCache::new(DEFAULT_EXPIRE_S)),
        }
    }

    pub fn config(&self) -> &TencentConfig {
        &self.config
    }

    /// How long one call may take before desksim gives up on its answer.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The host the calls go to (the region's, or the base URL's), for
    /// messages that depend on it.
    fn host(&self) -> String {
        let base = self.config.settings.base_url();
        let host = base
            .split_once("://")
            .map_or(base.as_str(), |(_, rest)| rest);
        host.split('/').next().unwrap_or(host).to_owned()
    }

    fn url(&self, api: &str) -> String {
        let s = &self.config.settings;
        // Signatures are checked against the service's real clock, whatever
        // the session's clock says.
        let now = u64::try_from(SystemClock.now().unix_seconds()).unwrap_or(0);
        let sig = match self.sig.lock() {
            Ok(mut cache) => cache
                .get(self.config.secret.expose(), s.sdk_app_id, &s.admin, now)
                .to_owned(),
            Err(_) => String::new(),
        };
        let random: u32 = rand::random();
        format!(
            "{}/{api}?sdkappid={}&identifier={}&usersig={}&random={random}&contenttype=json",
            s.base_url(),
            s.sdk_app_id,
            urlencode(&s.admin),
            urlencode(&sig)
        )
    }

    /// POSTs `body` to `api` and reads the answer.
    pub async fn call<B: Serialize, A: DeserializeOwned>(
        &self,
        api: &str,
        body: &B,
    ) -> Result<A, RemoteError> {
        let http = self
            .http
            .as_ref()
            .map_err(|e| RemoteError::Network(e.clone()))?;
        let response = http
            .post(self.url(api))
            .json(body)
            .send()
            .await
            .map_err(from_reqwest)?;
        let status = response.status();
        if response
            .content_length()
            .is_some_and(|n| n as usize > MAX_RESPONSE_BYTES)
        {
            return Err(RemoteError::TooLarge);
        }
        let mut response = response;
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_RESPONSE_BYTES {
                return Err(RemoteError::TooLarge);
            }
        }
        if !status.is_success() {
            return Err(RemoteError::Http(status.as_u16()));
        }
        let head: Status =
            serde_json::from_slice(&bytes).map_err(|e| RemoteError::Malformed(e.to_string()))?;
        if head.error_code != 0 || head.action_status == "FAIL" {
            return Err(RemoteError::Api {
                code: head.error_code,
                info: head.error_info,
                host: self.host(),
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| RemoteError::Malformed(e.to_string()))
    }
}

fn from_reqwest(e: reqwest::Error) -> RemoteError {
    if e.is_timeout() {
        RemoteError::Timeout
    } else {
        // The chain says why (refused, reset, DNS …) without the URL, which
        // carries the UserSig.
        let e = e.without_url();
        let mut why = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            why = format!("{why}: {s}");
            source = s.source();
        }
        RemoteError::Network(why)
    }
}

/// Percent-encodes a query value.
fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'*' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
