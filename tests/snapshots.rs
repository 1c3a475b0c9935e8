//! Every message fixture drawn by its widget, in English and Chinese, light
//! and dark, kept as a picture (`tests/snapshots/`): a change to any widget
//! shows as a picture diff. `UPDATE_SNAPSHOTS=1 cargo test --test
//! snapshots` writes new pictures after an intended change.

use std::path::PathBuf;
use std::sync::Arc;

use desksim::clock::{Timestamp, VirtualClock};
use desksim::session::{
    Arrival, BackendEvent, Conversation, Incoming, Intent, Payload, Presentation, SessionConfig,
};
use desksim::ui::markdown::MarkdownCache;
use desksim::ui::{self, Cx, Item, Lang, Palette, ThemeChoice, WidgetState};
use egui_kittest::{Harness, SnapshotOptions, SnapshotResults};

/// 2025-06-16 08:00 UTC: every time shown is the same on every machine.
const START_MS: i64 = 1_750_060_800_000;
const COLUMN: f32 = 400.0;

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/messages")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// A conversation holding the fixture as the service's message.
fn conversation(data: &str) -> Conversation {
    let clock = VirtualClock::new(Timestamp(START_MS));
    let mut conv = Conversation::new(SessionConfig::default(), Arc::new(clock));
    conv.act(Intent::Start).unwrap();
    conv.apply_raw(BackendEvent::Message(Incoming {
        id: "m".into(),
        arrival: Arrival::New,
        payload: Payload::Custom(data.into()),
        from: None,
    }));
    conv
}

struct Gallery {
    conv: Conversation,
    widgets: WidgetState,
    markdown: MarkdownCache,
}

/// The fixture four times: English and Chinese across, light and dark
/// down.
fn draw(ui: &mut egui::Ui, g: &mut Gallery) {
    let position = g.conv.session().position("m").unwrap();
    let indicator = g.conv.session().entries()[position].presentation() == Presentation::Indicator;
    let mut actions = Vec::new();
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        ui.horizontal_top(|ui| {
            for lang in [Lang::En, Lang::Zh] {
                let palette = Palette::of(theme);
                let mut cx = Cx {
                    lang,
                    palette,
                    now: g.conv.now(),
                    actions: &mut actions,
                };
                egui::Frame::new()
                    .fill(palette.chat_bg)
                    .inner_margin(12)
                    .show(ui, |ui| {
                        ui.style_mut().visuals = ui::theme::visuals(theme);
                        ui.set_width(COLUMN);
                        ui.set_min_height(60.0);
                        if indicator {
                            let affordances = g.conv.session().affordances();
                            ui::chat::indicators_ui(ui, &mut cx, &affordances);
                        } else {
                            let mut item = Item {
                                session: g.conv.session(),
                                widgets: &mut g.widgets,
                                markdown: &mut g.markdown,
                                position,
                                width: COLUMN,
                            };
                            ui::message_ui(ui, &mut cx, &mut item);
                        }
                    });
            }
        });
    }
}

#[test]
fn every_message_fixture_looks_as_its_snapshot() {
    ui::show_times_in(jiff::tz::TimeZone::UTC);
    let files = fixtures();
    assert!(files.len() >= 30, "the fixtures are there");
    // Text is anti-aliased by a software renderer: allow a few pixels of
    // rounding, never a changed widget.
    let options = SnapshotOptions::new().threshold(0.6).max_failed_pixels(40);
    let mut results = SnapshotResults::new();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read_to_string(&file).unwrap();
        let gallery = Gallery {
            conv: conversation(&data),
            widgets: WidgetState::default(),
            markdown: MarkdownCache::default(),
        };
        let mut h = Harness::builder()
            .with_size(egui::vec2(2.0 * COLUMN + 60.0, 200.0))
            .allow_missing_glyphs()
            .with_context_setup(|ctx| {
                ui::theme::install_fonts(ctx);
                ui::theme::apply(ctx, ThemeChoice::Light);
            })
            .build_ui_state(draw, gallery);
        h.run();
        h.fit_contents();
        h.run();
        h.snapshot_options(&name, &options);
        results.extend_harness(&mut h);
    }
    results.unwrap();
}
