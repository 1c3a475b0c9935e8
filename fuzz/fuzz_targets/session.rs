//! The session never panics, whatever the service sends and whatever the
//! user does, in any order: each input line is one event.

#![no_main]

use std::sync::Arc;
use std::time::Duration;

use desksim::clock::{Timestamp, VirtualClock};
use desksim::session::{Arrival, FormAnswer, Incoming, Intent, Payload, Session, SessionConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let clock = VirtualClock::new(Timestamp::from_unix_seconds(1_750_000_000));
    let mut session = Session::new(SessionConfig::default(), Arc::new(clock.clone()));
    for line in text.lines() {
        let mut chars = line.chars();
        let Some(first) = chars.next() else {
            continue;
        };
        let op = (u32::from(first) % 251) as u8;
        let rest = chars.as_str();
        // Which earlier message an intent or an update refers to.
        let target = || {
            let entries = session.entries();
            let n = usize::from(op) % entries.len().max(1);
            entries.get(n).map(|e| e.id.clone()).unwrap_or_default()
        };
        let small = rest.len() % 7;
        let intent = match op % 16 {
            0 => {
                let id = format!("m{}", session.entries().len());
                session.receive(Incoming { id, arrival: Arrival::New, payload: Payload::Custom(rest.into()), from: None });
                None
            }
            1 => {
                let id = target();
                session.receive(Incoming { id, arrival: Arrival::Update, payload: Payload::Custom(rest.into()), from: None });
                None
            }
            2 => {
                let id = format!("m{}", session.entries().len());
                session.receive(Incoming { id, arrival: Arrival::New, payload: Payload::Text(rest.into()), from: None });
                None
            }
            3 => {
                clock.advance(Duration::from_secs(rest.len() as u64 * 37));
                None
            }
            4 => Some(Intent::Start),
            5 => Some(Intent::SendText(rest.into())),
            6 => Some(Intent::Choose { id: target(), index: small }),
            7 => Some(Intent::AnswerForm { id: target(), answer: FormAnswer::Option(small) }),
            8 => Some(Intent::AnswerForm { id: target(), answer: FormAnswer::Text(rest.into()) }),
            9 => Some(Intent::Rate { id: target(), option_id: rest.into() }),
            10 => Some(Intent::RequestRating),
            11 => Some(Intent::RequestHuman),
            12 => Some(Intent::EndHumanService),
            13 => Some(Intent::SendRaw(rest.into())),
            14 => Some(Intent::NextPage { id: target() }),
            _ => Some(Intent::SubmitTaskForm {
                id: target(),
                values: rest.split('|').map(str::to_owned).collect(),
            }),
        };
        if let Some(intent) = intent {
            let _ = session.act(intent);
        }
        let _ = session.affordances();
        let _ = session.next_expiry();
        for i in 0..session.entries().len() {
            let _ = session.card_state(i);
            let _ = session.answer_of(i);
        }
    }
});
