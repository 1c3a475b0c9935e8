//! Session apply: incoming messages per second, against a baseline that only
//! moves the same decoded messages into a Vec (the cost of the data alone).

use std::sync::Arc;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use desksim::clock::{Timestamp, VirtualClock};
use desksim::protocol::{DecodeOptions, decode};
use desksim::session::{Arrival, Incoming, Payload, Received, Session, SessionConfig};

mod corpus;

fn apply(c: &mut Criterion) {
    let n = 10_000;
    let decoded: Vec<_> = corpus::messages(n)
        .into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let decoded = decode(&raw, &DecodeOptions::strict());
            Received {
                id: format!("m{i}"),
                arrival: Arrival::New,
                payload: Payload::Custom(raw),
                from: None,
                decoded,
            }
        })
        .collect();
    let clock = VirtualClock::new(Timestamp::from_unix_seconds(1_750_000_000));
    let mut group = c.benchmark_group("session_10k");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("baseline_vec_push", |b| {
        b.iter_batched(
            || decoded.clone(),
            |messages| {
                let mut v = Vec::new();
                for m in messages {
                    v.push(m);
                }
                v
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("apply", |b| {
        b.iter_batched(
            || {
                (
                    Session::new(SessionConfig::default(), Arc::new(clock.clone())),
                    decoded.clone(),
                )
            },
            |(mut session, messages)| {
                for received in messages {
                    session.apply(received);
                }
                session
            },
            BatchSize::LargeInput,
        )
    });
    // What the app does with a message off the wire: decode, then apply.
    let incoming: Vec<_> = decoded
        .iter()
        .map(|r| Incoming {
            id: r.id.clone(),
            arrival: Arrival::New,
            payload: r.payload.clone(),
            from: None,
        })
        .collect();
    group.bench_function("receive_decode_and_apply", |b| {
        b.iter_batched(
            || {
                (
                    Session::new(SessionConfig::default(), Arc::new(clock.clone())),
                    incoming.clone(),
                )
            },
            |(mut session, messages)| {
                for m in messages {
                    session.receive(m);
                }
                session
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, apply);
criterion_main!(benches);
