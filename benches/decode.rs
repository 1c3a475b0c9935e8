//! Typed decode against `serde_json::Value` on the same bytes (the baseline).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use desksim::protocol::{DecodeOptions, decode};
use std::hint::black_box;

mod corpus;

fn decode_vs_value(c: &mut Criterion) {
    let corpus = corpus::messages(10_000);
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut group = c.benchmark_group("decode_10k");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| {
            for m in &corpus {
                black_box(serde_json::from_str::<serde_json::Value>(m).unwrap());
            }
        })
    });
    let opts = DecodeOptions::strict();
    group.bench_function("typed_decode", |b| {
        b.iter(|| {
            for m in &corpus {
                black_box(decode(m, &opts).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, decode_vs_value);
criterion_main!(benches);
