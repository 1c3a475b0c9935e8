//! A 4000×3000 JPEG on a product card: the worst frame while it loads
//! (fetch, decode and downscale happen off the UI thread), against a frame
//! of the same card once the picture is there (the baseline).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use desksim::app::images::DeskImageLoader;
use desksim::ui::{self, Cx, Lang, Palette, ThemeChoice};

/// Where the bench serves its picture from: a folder on this computer
/// under an address, as a flow's `settings.assets` does.
const BASE: &str = "https://bench.desksim.example/";

fn big_jpeg() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join("desksim-bench-assets");
    std::fs::create_dir_all(&dir).expect("a folder for the test picture");
    let path = dir.join("4000x3000.jpg");
    if !path.exists() {
        let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
            image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
        });
        img.save(&path).expect("write the test picture");
    }
    (dir, format!("{BASE}4000x3000.jpg"))
}

struct Card {
    ctx: egui::Context,
    uri: String,
}

impl Card {
    /// One frame of the card; whether its picture is there.
    fn frame(&self) -> bool {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(600.0, 500.0),
            )),
            ..Default::default()
        };
        let mut actions = Vec::new();
        let mut ready = false;
        let mut output = self.ctx.run_ui(input, |ui| {
            let mut cx = Cx {
                lang: Lang::En,
                palette: Palette::of(ThemeChoice::Light),
                now: desksim::clock::Timestamp(0),
                actions: &mut actions,
            };
            ui::picture_ui(ui, &mut cx, &self.uri, egui::vec2(300.0, 186.0));
            ready = matches!(
                self.ctx.try_load_texture(
                    &self.uri,
                    egui::TextureOptions::LINEAR,
                    egui::SizeHint::default()
                ),
                Ok(egui::load::TexturePoll::Ready { .. })
            );
        });
        output.textures_delta.clear();
        let shapes = std::mem::take(&mut output.shapes);
        black_box(self.ctx.tessellate(shapes, output.pixels_per_point));
        ready
    }
}

fn image_load(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ctx = egui::Context::default();
    ui::theme::install_fonts(&ctx);
    let loader = Arc::new(DeskImageLoader::new(runtime.handle().clone()));
    let (dir, uri) = big_jpeg();
    loader.serve_locally(BASE, dir);
    ctx.add_image_loader(loader);
    let card = Card { ctx, uri };
    while !card.frame() {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut group = c.benchmark_group("image_4000x3000");
    group.sample_size(10);
    group.bench_function("baseline_frame_with_the_picture", |b| {
        b.iter(|| black_box(card.frame()))
    });
    // Each iteration forgets the picture and measures its worst frame
    // until the picture shows again, at 60 frames a second.
    group.bench_function("worst_frame_while_loading", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                card.ctx.forget_image(&card.uri);
                let mut worst = Duration::ZERO;
                loop {
                    let start = Instant::now();
                    let ready = card.frame();
                    worst = worst.max(start.elapsed());
                    if ready {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(16));
                }
                total += worst;
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, image_load);
criterion_main!(benches);
