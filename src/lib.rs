//! desksim plays the user side of Tencent Cloud Desk (IM online customer
//! service): it sends what Tencent's own clients send and shows the
//! backend's answers the way those clients show them.
//!
//! Layers (see DESIGN.md): [`protocol`] is the wire format, [`session`] the
//! pure state of one conversation; neither performs I/O.

/// The flow the app opens with no configuration.
pub const DEFAULT_FLOW: &str = "flows/retail_presales.json";

pub mod app;
pub mod backend;
pub mod cli;
pub mod clock;
pub mod flow;
pub mod headless;
pub mod net;
pub mod protocol;
pub mod session;
pub mod ui;
