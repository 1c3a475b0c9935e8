//! A transcript read back is the conversation it records: for every flow
//! test, the transcript `play` writes, read again and replayed, draws the
//! same rows as the live run did, updates applied in place.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desksim::cli::play::parse_json;
use desksim::clock::VirtualClock;
use desksim::flow;
use desksim::headless::flowtest::FlowTest;
use desksim::headless::play_local;
use desksim::session::{Conversation, Row, SessionConfig, Transcript};

fn flow_tests() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("flows/tests")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// What the chat draws for each row, and how each card stands.
fn drawn(conv: &Conversation) -> Vec<String> {
    let session = conv.session();
    conv.rows()
        .iter()
        .map(|row| match *row {
            Row::Entry(p) => {
                let entry = &session.entries()[p];
                format!(
                    "{} {:?} from {:?} at {} {:?} state {:?} answer {:?}",
                    entry.id,
                    entry.direction,
                    entry.from,
                    entry.at.millis(),
                    session.look(p),
                    session.card_state(p),
                    session.answer_of(p),
                )
            }
            Row::Problem(i) => format!("problem {}", conv.problems()[i].text),
        })
        .collect()
}

#[test]
fn a_replayed_transcript_of_every_flow_test_draws_what_the_live_run_drew() {
    for file in flow_tests() {
        let test: FlowTest = parse_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let flow_file = file.parent().unwrap_or(Path::new(".")).join(&test.flow);
        let loaded = Arc::new(flow::load(&flow_file).unwrap().0);
        let config = SessionConfig::for_flow(&loaded.flow);
        let (run, _) = play_local(loaded, test.start_at.as_deref(), &test.steps);
        let written: String = run
            .lines()
            .iter()
            .map(|l| serde_json::to_string(l).unwrap() + "\n")
            .collect();
        let transcript = Transcript::parse(&written);
        assert!(
            transcript.errors.is_empty(),
            "{}: {:?}",
            file.display(),
            transcript.errors
        );
        assert_eq!(
            transcript.lines,
            run.lines(),
            "{}: lines read back",
            file.display()
        );
        let clock = VirtualClock::new(run.conv.started_at());
        let replay = Conversation::replay(&transcript.lines, config, &clock);
        clock.advance_to(run.conv.now());
        let (live, again) = (drawn(&run.conv), drawn(&replay));
        assert!(live.len() > 2, "{}: a conversation", file.display());
        if file.ends_with("retail_agent_rating.json") {
            assert!(
                live.iter()
                    .any(|row| row.contains("from Some(Sender { name: \"Emma\""))
            );
        }
        for (i, (a, b)) in live.iter().zip(&again).enumerate() {
            assert_eq!(a, b, "{}: row {i}", file.display());
        }
        assert_eq!(live.len(), again.len(), "{}: rows", file.display());
        assert!(
            !replay.session().affordances().composer,
            "a replay sends nothing"
        );
    }
}

#[test]
fn a_raw_message_is_a_raw_bubble_in_the_replay_too() {
    let clock = VirtualClock::new(desksim::clock::Timestamp(1_750_000_000_000));
    let mut live = Conversation::new(SessionConfig::default(), Arc::new(clock.clone()));
    live.act(desksim::session::Intent::Start).unwrap();
    live.act(desksim::session::Intent::SendRaw(
        r#"{customerServicePlugin: 0, src: "24"}"#.into(),
    ))
    .unwrap();
    let written: String = live
        .lines()
        .iter()
        .map(|l| serde_json::to_string(l).unwrap() + "\n")
        .collect();
    assert!(written.contains(r#""raw":true"#), "{written}");
    let transcript = Transcript::parse(&written);
    let replay = Conversation::replay(&transcript.lines, SessionConfig::default(), &clock);
    assert_eq!(drawn(&replay), drawn(&live));
}
