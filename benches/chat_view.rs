//! One frame of the chat view, built headlessly (layout and tessellation),
//! for a transcript of 10 and of 10,000 messages: the frame must not grow
//! with the transcript. The 10-message frame is the baseline. The same for
//! the Inspector beside it, with a filter typed.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use desksim::clock::SystemClock;
use desksim::session::{
    Arrival, BackendEvent, Conversation, Incoming, Intent, Payload, SessionConfig,
};
use desksim::ui::chat::ChatState;
use desksim::ui::markdown::MarkdownCache;
use desksim::ui::{self, ChatView, Cx, Lang, Palette, ThemeChoice};

mod corpus;

/// A conversation of `n` messages: the corpus's cards and texts, and the
/// user's answers between them.
pub fn conversation(n: usize) -> Conversation {
    let mut conv = Conversation::new(SessionConfig::default(), Arc::new(SystemClock));
    conv.act(Intent::Start).unwrap();
    let corpus = corpus::messages(n);
    for (i, data) in corpus.into_iter().enumerate() {
        let payload = if i % 3 == 2 {
            Payload::Text(format!(
                "A service reply number {i}, long enough to wrap on a narrow column of the chat view."
            ))
        } else {
            Payload::Custom(data)
        };
        conv.apply_raw(BackendEvent::Message(Incoming {
            id: format!("m{i}"),
            arrival: Arrival::New,
            payload,
            from: None,
        }));
        // After an end in the corpus the user cannot write until the
        // service starts again: those turns have no user message.
        if i % 5 == 4 && conv.session().affordances().composer {
            conv.act(Intent::SendText(format!("user message {i}")))
                .expect("the conversation takes text");
        }
    }
    conv
}

struct View {
    ctx: egui::Context,
    conv: Conversation,
    view: ChatView,
    markdown: MarkdownCache,
    inspector: bool,
}

impl View {
    fn with_inspector(n: usize) -> Self {
        let mut view = View::new(n);
        view.inspector = true;
        view.view.inspector.filter = "product".to_owned();
        for _ in 0..5 {
            view.frame();
        }
        view
    }

    fn new(n: usize) -> Self {
        let ctx = egui::Context::default();
        ui::theme::install_fonts(&ctx);
        ui::theme::apply(&ctx, ThemeChoice::Light);
        let mut view = View {
            ctx,
            conv: conversation(n),
            view: ChatView::default(),
            markdown: MarkdownCache::default(),
            inspector: false,
        };
        // Let the rows in view be measured, as after the first frames.
        for _ in 0..5 {
            view.frame();
        }
        view
    }

    fn frame(&mut self) -> usize {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(760.0, 900.0),
            )),
            ..Default::default()
        };
        let View {
            ctx,
            conv,
            view,
            markdown,
            inspector,
        } = self;
        let mut actions = Vec::new();
        let mut output = ctx.run_ui(input, |ui| {
            let mut cx = Cx {
                lang: Lang::En,
                palette: Palette::of(ThemeChoice::Light),
                now: conv.now(),
                actions: &mut actions,
            };
            if *inspector {
                ui::inspector::inspector_ui(ui, &mut cx, conv.session(), view);
            } else {
                let chat = ChatState {
                    session: conv.session(),
                    rows: conv.rows(),
                    problems: conv.problems(),
                    view,
                    markdown,
                };
                ui::chat::chat_ui(ui, &mut cx, chat);
            }
        });
        output.textures_delta.clear();
        let shapes = std::mem::take(&mut output.shapes);
        ctx.tessellate(shapes, output.pixels_per_point).len()
    }
}

fn chat_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("chat_frame");
    let mut small = View::new(10);
    group.bench_function("baseline_10_messages", |b| {
        b.iter(|| black_box(small.frame()))
    });
    let mut large = View::new(10_000);
    group.bench_function("10000_messages", |b| b.iter(|| black_box(large.frame())));
    group.finish();
    let mut group = c.benchmark_group("inspector_frame_filtered");
    let mut small = View::with_inspector(10);
    group.bench_function("baseline_10_messages", |b| {
        b.iter(|| black_box(small.frame()))
    });
    let mut large = View::with_inspector(10_000);
    group.bench_function("10000_messages", |b| b.iter(|| black_box(large.frame())));
    group.finish();
}

criterion_group!(benches, chat_frame);
criterion_main!(benches);
