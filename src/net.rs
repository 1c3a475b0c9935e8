//! HTTPS set-up shared by whatever fetches over the network (the Tencent
//! adapter, the picture loader).

/// reqwest is built without a default TLS provider (aws-lc needs a long C
/// build); ring is installed once, here. A second call finds it installed,
/// which is what the ignored result says.
pub fn install_crypto() {
    let _already_installed = rustls::crypto::ring::default_provider().install_default();
}
