//! The embedded backend: whole headless sessions of a 10-step flow, and
//! `check` of generated 5,000-node flows (branches; forms and conditions
//! full of patterns), each against a baseline measured in the same run.

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use desksim::flow::load_str;
use desksim::headless::play_local;
use desksim::headless::script::Step;
use std::hint::black_box;

mod corpus;

fn sessions(c: &mut Criterion) {
    let flow = Arc::new(
        load_str(&corpus::generated_flow(10), Path::new("ten.json"))
            .unwrap()
            .0,
    );
    let steps = vec![Step::Choose("Go on".into()); 10];
    let (run, result) = play_local(flow.clone(), None, &steps);
    result.unwrap();
    // Baseline: only parsing the messages the session exchanges, as any
    // client must.
    let wire: Vec<String> = run
        .lines()
        .iter()
        .map(|l| serde_json::to_string(&l.data).unwrap())
        .collect();
    let mut group = c.benchmark_group("headless_session_10_steps");
    group.throughput(Throughput::Elements(1));
    group.bench_function("baseline_parse_its_messages", |b| {
        b.iter(|| {
            for m in &wire {
                black_box(serde_json::from_str::<serde_json::Value>(m).unwrap());
            }
        })
    });
    group.bench_function("session", |b| {
        b.iter(|| {
            let (run, result) = play_local(flow.clone(), None, &steps);
            result.unwrap();
            run
        })
    });
    group.finish();
}

fn check(c: &mut Criterion) {
    let text = corpus::generated_flow(5000);
    let mut group = c.benchmark_group("check_5000_nodes");
    group.sample_size(20);
    group.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap()))
    });
    group.bench_function("load_and_check", |b| {
        b.iter(|| black_box(load_str(&text, Path::new("big.json")).unwrap()))
    });
    group.finish();
}

/// `check` of a 5,000-node flow full of patterns (forms with validation
/// regexes, conditions that match, most repeating a few patterns): each
/// distinct pattern is compiled once, so checking stays within a few
/// parses of the text.
fn check_patterns(c: &mut Criterion) {
    let text = corpus::patterned_flow(5000);
    let mut group = c.benchmark_group("check_5000_nodes_with_patterns");
    group.sample_size(20);
    group.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap()))
    });
    group.bench_function("load_and_check", |b| {
        b.iter(|| black_box(load_str(&text, Path::new("patterns.json")).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, sessions, check, check_patterns);
criterion_main!(benches);
