//! UserSig v2, as Tencent's reference implementations (tls-sig-api-v2)
//! make it: HMAC-SHA256 over the identifier, SDKAppID, time and expiry,
//! in a JSON document, zlib-compressed, base64 with `+/=` as `*-_`.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The reference default lifetime: 180 days.
pub const DEFAULT_EXPIRE_S: u64 = 180 * 86_400;

/// The document inside a UserSig.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigDocument {
    #[serde(rename = "TLS.ver")]
    pub ver: String,
    #[serde(rename = "TLS.identifier")]
    pub identifier: String,
    #[serde(rename = "TLS.sdkappid")]
    pub sdkappid: u64,
    /// A duration in seconds, from `time`.
    #[serde(rename = "TLS.expire")]
    pub expire: u64,
    /// Unix seconds when it was made.
    #[serde(rename = "TLS.time")]
    pub time: u64,
    #[serde(rename = "TLS.sig")]
    pub sig: String,
}

/// The HMAC of a UserSig, standard base64.
pub fn hmac_sig(secret: &str, identifier: &str, sdkappid: u64, time: u64, expire: u64) -> String {
    let content = format!(
        "TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\nTLS.time:{time}\nTLS.expire:{expire}\n"
    );
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC accepts any key length");
    mac.update(content.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Makes a UserSig for `identifier`, valid `expire` seconds from `time`.
pub fn gen_usersig(
    secret: &str,
    sdkappid: u64,
    identifier: &str,
    time: u64,
    expire: u64,
) -> String {
    let doc = SigDocument {
        ver: "2.0".to_owned(),
        identifier: identifier.to_owned(),
        sdkappid,
        expire,
        time,
        sig: hmac_sig(secret, identifier, sdkappid, time, expire),
    };
    // Strings and integers into memory: none of these can fail, and an
    // empty signature would be a bug that should be loud, not a UserSig.
    let json = serde_json::to_vec(&doc).expect("a SigDocument serialises");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&json).expect("zlib writes into a Vec");
    let compressed = z.finish().expect("zlib finishes into a Vec");
    to_url_base64(&STANDARD.encode(compressed))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    #[error("the UserSig is not the base64 variant Tencent uses")]
    Base64,
    #[error("the UserSig does not inflate (is it truncated?)")]
    Zlib,
    #[error("the UserSig's document is not the JSON expected: {0}")]
    Json(String),
}

/// Reads a UserSig back (to check it, or to see when it expires).
pub fn decode_usersig(usersig: &str) -> Result<SigDocument, SigError> {
    let b64 = usersig
        .replace('*', "+")
        .replace('-', "/")
        .replace('_', "=");
    let compressed = STANDARD.decode(b64).map_err(|_| SigError::Base64)?;
    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(64 * 1024)
        .read_to_end(&mut json)
        .map_err(|_| SigError::Zlib)?;
    serde_json::from_slice(&json).map_err(|e| SigError::Json(e.to_string()))
}

/// Whether a UserSig was made with `secret`, for `identifier` and
/// `sdkappid`, and is still valid at `now`.
pub fn verify_usersig(
    usersig: &str,
    secret: &str,
    sdkappid: u64,
    identifier: &str,
    now: u64,
) -> Result<(), VerifyError> {
    let doc = decode_usersig(usersig).map_err(VerifyError::Unparsable)?;
    if doc.sdkappid != sdkappid {
        return Err(VerifyError::SdkAppIdMismatch);
    }
    if doc.identifier != identifier {
        return Err(VerifyError::IdentifierMismatch);
    }
    if doc.sig != hmac_sig(secret, &doc.identifier, doc.sdkappid, doc.time, doc.expire) {
        return Err(VerifyError::BadSignature);
    }
    if now >= doc.time.saturating_add(doc.expire) {
        return Err(VerifyError::Expired);
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}")]
    Unparsable(SigError),
    #[error("the UserSig is for another SDKAppID")]
    SdkAppIdMismatch,
    #[error("the UserSig is for another identifier")]
    IdentifierMismatch,
    #[error("the signature does not match the secret key")]
    BadSignature,
    #[error("the UserSig has expired")]
    Expired,
}

fn to_url_base64(standard: &str) -> String {
    standard
        .replace('+', "*")
        .replace('/', "-")
        .replace('=', "_")
}

/// A UserSig kept and renewed before it expires.
#[derive(Debug, Clone)]
pub struct SigCache {
    lifetime_s: u64,
    current: Option<(String, u64)>,
}

impl SigCache {
    pub fn new(lifetime_s: u64) -> Self {
        SigCache {
            lifetime_s: lifetime_s.max(60),
            current: None,
        }
    }

    /// The cached UserSig, or a new one when less than a tenth of its life
    /// (and at most a day) is left.
    pub fn get(&mut self, secret: &str, sdkappid: u64, identifier: &str, now: u64) -> &str {
        let margin = (self.lifetime_s / 10).min(86_400);
        let fresh = matches!(&self.current, Some((_, made)) if now.saturating_add(margin) < made.saturating_add(self.lifetime_s) && now >= *made);
        if !fresh {
            self.current = Some((
                gen_usersig(secret, sdkappid, identifier, now, self.lifetime_s),
                now,
            ));
        }
        self.current.as_ref().map_or("", |(sig, _)| sig.as_str())
    }
}
