//! The embedded Desk's semantics beyond what the example flows show.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use desksim::backend::local::{Engine, MAX_STEPS_PER_INPUT};
use desksim::backend::{AgentCommand, BackendEvent};
use desksim::clock::{Clock, Timestamp, VirtualClock};
use desksim::flow::{self, LoadedFlow};
use desksim::headless::play_local;
use desksim::headless::script::{Script, Step};
use desksim::protocol::SeatStatus;
use desksim::session::Line;
use desksim::session::Payload;

fn flow(text: &str) -> Arc<LoadedFlow> {
    Arc::new(flow::load_str(text, Path::new("flows/t.json")).unwrap().0)
}

fn retail() -> Arc<LoadedFlow> {
    Arc::new(
        flow::load(Path::new("flows/retail_presales.json"))
            .unwrap()
            .0,
    )
}

fn engine(flow: Arc<LoadedFlow>) -> (Engine, VirtualClock) {
    let clock = VirtualClock::new(Timestamp(1_750_039_200_000));
    (Engine::new(flow, Arc::new(clock.clone())), clock)
}

/// Everything the engine says within the next `secs` seconds.
fn drain(engine: &mut Engine, clock: &VirtualClock, secs: u64) -> Vec<BackendEvent> {
    let until = clock.now().plus(Duration::from_secs(secs));
    let mut out = Vec::new();
    loop {
        out.extend(engine.poll());
        match engine.next_due() {
            Some(d) if d.at <= until => clock.advance_to(d.at),
            _ => break,
        }
    }
    clock.advance_to(until);
    out
}

fn data(events: &[BackendEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            BackendEvent::Message(m) => Some(match &m.payload {
                Payload::Text(t) | Payload::Custom(t) => t.clone(),
            }),
            _ => None,
        })
        .collect()
}

const TRIGGER: &str = r#"{"customerServicePlugin":0,"src":"7"}"#;

fn custom(s: &str) -> Payload {
    Payload::Custom(s.to_owned())
}

#[test]
fn the_trigger_sends_rules_and_seat_status_first_then_runs_the_start() {
    let (mut e, clock) = engine(retail());
    e.receive(&custom(TRIGGER));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out[0].contains(r#""src":"23""#) && out[0].contains(r#""menuSendRuleFlag":7"#));
    assert!(out[1].contains(r#""src":"26""#) && out[1].contains("outSeat"));
    assert_eq!(out[2], "Hi! Welcome to Northwind Audio 🎧");
    assert!(out[3].contains(r#""src":"15""#));
}

#[test]
fn messages_arrive_one_by_one_with_the_flow_gap() {
    let (mut e, clock) = engine(retail());
    e.receive(&custom(TRIGGER));
    let first = e.poll();
    assert_eq!(data(&first).len(), 2, "only the flags come at once");
    clock.advance(Duration::from_millis(700));
    assert_eq!(data(&e.poll()), ["Hi! Welcome to Northwind Audio 🎧"]);
    clock.advance(Duration::from_millis(699));
    assert!(data(&e.poll()).is_empty());
    clock.advance(Duration::from_millis(1));
    assert_eq!(data(&e.poll()).len(), 1);
}

#[test]
fn a_text_before_the_trigger_is_reported_not_answered() {
    let (mut e, clock) = engine(retail());
    e.receive(&Payload::Text("hello".into()));
    let events = drain(&mut e, &clock, 5);
    assert!(data(&events).is_empty());
    assert!(
        events
            .iter()
            .any(|e| matches!(e, BackendEvent::Problem(p) if p.contains("no session is running")))
    );
}

fn rating_session() -> (Engine, VirtualClock, String) {
    let (mut e, clock) = engine(retail());
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive(&Payload::Text("Talk to a person".into()));
    drain(&mut e, &clock, 5);
    e.receive(&Payload::Text("Under $100".into()));
    drain(&mut e, &clock, 20);
    e.receive(&custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let out = data(&drain(&mut e, &clock, 5));
    let card = out
        .iter()
        .find(|d| d.contains(r#""src":"9""#))
        .expect("a rating card");
    let v: serde_json::Value = serde_json::from_str(card).unwrap();
    let session_id = v["menuContent"]["sessionId"].as_str().unwrap().to_owned();
    (e, clock, session_id)
}

fn choice(session_id: &str, id: &str) -> Payload {
    custom(&format!(
        r#"{{"customerServicePlugin":0,"src":"10","menuSelected":{{"id":"{id}","content":"x","sessionId":"{session_id}"}}}}"#
    ))
}

#[test]
fn a_rating_fills_selected_as_an_update_of_the_same_card() {
    let (mut e, clock, sid) = rating_session();
    e.receive(&choice(&sid, "4"));
    let events = drain(&mut e, &clock, 2);
    let update = events
        .iter()
        .find_map(|ev| match ev {
            BackendEvent::Message(m) if m.arrival == desksim::session::Arrival::Update => Some(m),
            _ => None,
        })
        .expect("an update");
    let Payload::Custom(d) = &update.payload else {
        panic!()
    };
    assert!(
        d.contains(r#""selected":{"id":"4","content":"Good"}"#),
        "{d}"
    );
}

#[test]
fn a_duplicate_rating_gets_error_10152() {
    let (mut e, clock, sid) = rating_session();
    e.receive(&choice(&sid, "4"));
    drain(&mut e, &clock, 2);
    e.receive(&choice(&sid, "5"));
    let out = data(&drain(&mut e, &clock, 2));
    assert!(
        out.iter()
            .any(|d| d.contains(r#""src":"37""#) && d.contains("10152")),
        "{out:?}"
    );
}

#[test]
fn an_expired_rating_gets_error_10150() {
    let (mut e, clock, sid) = rating_session();
    clock.advance(Duration::from_secs(25 * 3600));
    e.receive(&choice(&sid, "4"));
    let out = data(&drain(&mut e, &clock, 2));
    assert!(out.iter().any(|d| d.contains("10150")), "{out:?}");
}

#[test]
fn a_rating_for_an_unknown_card_or_option_gets_error_10151() {
    let (mut e, clock, sid) = rating_session();
    e.receive(&choice("no-such-card", "4"));
    e.receive(&choice(&sid, "9"));
    let out = data(&drain(&mut e, &clock, 2));
    assert_eq!(
        out.iter().filter(|d| d.contains("10151")).count(),
        2,
        "{out:?}"
    );
}

#[test]
fn asking_for_a_rating_when_the_flag_forbids_it_gets_a_tip_saying_why() {
    let text = std::fs::read_to_string("flows/after_sales.json").unwrap();
    let (mut e, clock) = engine(Arc::new(
        flow::load_str(&text, Path::new("flows/after_sales.json"))
            .unwrap()
            .0,
    ));
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive(&custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let out = data(&drain(&mut e, &clock, 2));
    assert!(
        out.iter()
            .any(|d| d.contains(r#""src":"37""#) && d.contains("menuSendRuleFlag 1")),
        "{out:?}"
    );
    assert!(!out.iter().any(|d| d.contains(r#""src":"9""#)));
}

#[test]
fn a_loop_at_run_time_becomes_a_visible_problem_not_a_hang() {
    let f: flow::Flow = serde_json::from_str(
        r#"{"version": 1, "name": "loop", "start": "a", "nodes": [
            {"type": "message", "id": "a", "messages": [], "next": "b"},
            {"type": "message", "id": "b", "messages": [], "next": "a"}
        ]}"#,
    )
    .unwrap();
    let (mut e, clock) = engine(Arc::new(LoadedFlow::unchecked(
        f,
        PathBuf::from("loop.json"),
    )));
    e.receive(&custom(TRIGGER));
    let events = drain(&mut e, &clock, 5);
    let problem = events
        .iter()
        .find_map(|e| match e {
            BackendEvent::Problem(p) => Some(p.clone()),
            _ => None,
        })
        .expect("a problem");
    assert!(
        problem.contains(&MAX_STEPS_PER_INPUT.to_string()) && problem.contains("loops"),
        "{problem}"
    );
}

const OPERATOR: &str = r#"{"version": 1, "name": "op", "start": "t", "nodes": [
    {"type": "transfer", "id": "t", "skill_group": "demo", "agent": {"name": "Ann", "mode": "operator"}, "next": "e"},
    {"type": "end", "id": "e", "text": "bye"}
]}"#;

#[test]
fn an_operator_plays_the_agent() {
    let (mut e, clock) = engine(flow(OPERATOR));
    e.receive(&custom(TRIGGER));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out.iter().any(|d| d.contains("inSeat")));
    e.receive(&Payload::Text("hello?".into()));
    assert!(
        data(&drain(&mut e, &clock, 5)).is_empty(),
        "an operator answers in person"
    );
    e.agent(AgentCommand::Typing).unwrap();
    e.agent(AgentCommand::Say("Hi, Ann here".into())).unwrap();
    e.agent(AgentCommand::SendRating).unwrap();
    e.agent(AgentCommand::Seat(SeatStatus::OutSeat)).unwrap();
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out[0].contains(r#""src":"12""#));
    assert_eq!(out[1], "Hi, Ann here");
    assert!(out[2].contains(r#""src":"9""#));
    assert!(out[3].contains("outSeat"));
    assert_eq!(out[4], "bye");
    assert!(out[5].contains(r#""src":"19""#));
    assert!(
        e.agent(AgentCommand::Say("still here?".into())).is_err(),
        "no agent session any more"
    );
}

#[test]
fn an_edited_flow_takes_over_where_the_conversation_is() {
    let (mut e, clock) = engine(retail());
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    let edited = std::fs::read_to_string("flows/retail_presales.json")
        .unwrap()
        .replace("Here are this week's favourites:", "New favourites:");
    e.replace_flow(Arc::new(
        flow::load_str(&edited, Path::new("flows/retail_presales.json"))
            .unwrap()
            .0,
    ));
    e.receive(&Payload::Text("Headphones".into()));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out.contains(&"New favourites:".to_owned()), "{out:?}");
}

#[test]
fn a_script_step_that_cannot_be_done_names_the_step() {
    let (run, result) = play_local(
        retail(),
        None,
        &[
            Step::Choose("Headphones".into()),
            Step::Choose("Laptops".into()),
        ],
    );
    let err = result.unwrap_err();
    assert_eq!(err.step, 2);
    assert_eq!(
        err.to_string(),
        r#"step 2: no branch on screen offers "Laptops""#
    );
    assert!(run.lines().len() > 5, "the transcript so far is kept");
}

#[test]
fn a_headless_run_with_long_delays_finishes_at_once() {
    let started = std::time::Instant::now();
    let (run, result) = play_local(
        retail(),
        None,
        &[
            Step::Choose("Talk to a person".into()),
            Step::Answer("Over $200".into()),
            Step::Wait(Duration::from_secs(3600)),
        ],
    );
    result.unwrap();
    let last: &Line = run.lines().last().unwrap();
    assert!(last.t_ms >= 300_000, "the timeout fired at {}", last.t_ms);
    assert!(started.elapsed() < Duration::from_secs(5));
}

fn problems(events: &[BackendEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            BackendEvent::Problem(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_agent_who_ends_at_once_and_loops_back_is_a_problem_not_a_stack_overflow() {
    // `check` refuses this flow; the engine must survive it all the same.
    let f: flow::Flow = serde_json::from_str(
        r#"{"version":1,"name":"rec","start":"t","nodes":[
        {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"x","on_connect":[{"end_session":true}]},"next":"t","unavailable":"e"},
        {"id":"e","type":"end"}]}"#,
    )
    .unwrap();
    let (mut e, clock) = engine(Arc::new(LoadedFlow::unchecked(
        f,
        PathBuf::from("rec.json"),
    )));
    e.receive(&custom(TRIGGER));
    let events = drain(&mut e, &clock, 3600);
    let problems = problems(&events);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("loops near node \"t\""),
        "{problems:?}"
    );
    // The loop's own chatter is dropped: rules and seat, then the problem.
    assert!(data(&events).len() <= 2, "{:?}", data(&events));
}

#[test]
fn a_branch_item_wins_over_a_knowledge_base_question_with_the_same_words() {
    let f = flow(
        r#"{"version":1,"name":"faq","start":"m","settings":{"faq":[{"question":"A","answer":[{"text":"faq answer"}]}]},"nodes":[
        {"id":"m","type":"branch","header":"h","items":[{"content":"A","next":"a"},{"content":"B","next":"e"}]},
        {"id":"a","type":"message","messages":[{"text":"branch answer"}],"next":"e"},
        {"id":"e","type":"end"}]}"#,
    );
    let (mut e, clock) = engine(f);
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive(&Payload::Text("A".into()));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out.contains(&"branch answer".to_owned()), "{out:?}");
    assert!(!out.contains(&"faq answer".to_owned()), "{out:?}");
}

#[test]
fn a_chosen_branch_card_gains_selected_as_an_update() {
    let (mut e, clock) = engine(retail());
    e.receive(&custom(TRIGGER));
    let events = drain(&mut e, &clock, 5);
    let card_id = events
        .iter()
        .find_map(|ev| match ev {
            BackendEvent::Message(m) if matches!(&m.payload, Payload::Custom(d) if d.contains(r#""src":"15""#)) => {
                Some(m.id.clone())
            }
            _ => None,
        })
        .unwrap();
    e.receive(&Payload::Text("Headphones".into()));
    let update = drain(&mut e, &clock, 5)
        .into_iter()
        .find_map(|ev| match ev {
            BackendEvent::Message(m) if m.arrival == desksim::session::Arrival::Update => Some(m),
            _ => None,
        })
        .expect("an update");
    assert_eq!(update.id, card_id);
    let Payload::Custom(data) = update.payload else {
        panic!()
    };
    assert!(
        data.contains(r#""selected":{"content":"Headphones""#),
        "{data}"
    );
}

#[test]
fn a_flow_without_settings_keeps_the_default_gap() {
    let f = flow(
        r#"{"version":1,"name":"g","start":"a","nodes":[
        {"id":"a","type":"message","messages":[{"text":"one"},{"text":"two"}],"next":"e"},
        {"id":"e","type":"end"}]}"#,
    );
    assert_eq!(f.flow.settings.message_gap_ms, 600);
}

#[test]
fn a_reminder_during_a_long_queue_does_not_stall_a_headless_run() {
    let f = flow(
        r#"{"version":1,"name":"late","start":"a",
        "settings":{"inactivity":{"reminder_after_s":2,"reminder":"Still there?","timeout_after_s":600}},
        "nodes":[
        {"id":"a","type":"message","messages":[{"pause_ms":5000},{"text":"hello"}],"next":"m"},
        {"id":"m","type":"branch","header":"h","items":[{"content":"A","next":"e"}]},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(f, None, &[Step::Choose("A".into())]);
    result.unwrap();
    let texts: Vec<String> = run
        .lines()
        .iter()
        .map(|l| serde_json::to_string(&l.data).unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("Still there?")),
        "{texts:?}"
    );
}

const RATED: &str = r#"{"version":1,"name":"r","start":"t",
    "settings":{"satisfaction":{"flag":FLAG},"inactivity":{"reminder_after_s":60,"reminder":"?","timeout_after_s":120}},
    "nodes":[
    {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"Ann","on_connect":[{"say":{"text":"hi"}}],"fallback":[{"send_rating":true}]},"next":"e"},
    {"id":"e","type":"end"}]}"#;

#[test]
fn asking_again_after_rating_gets_error_10152() {
    let (mut e, clock) = engine(flow(&RATED.replace("FLAG", "7")));
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive(&custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let card = data(&drain(&mut e, &clock, 5)).pop().unwrap();
    let session_id = card
        .split(r#""sessionId":""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    e.receive(&choice(&session_id, "105"));
    drain(&mut e, &clock, 5);
    e.receive(&custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let out = data(&drain(&mut e, &clock, 5));
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("10152"), "{out:?}");
}

#[test]
fn a_timeout_in_seat_sends_the_card_first_when_the_rules_say_so() {
    let (mut e, clock) = engine(flow(&RATED.replace("FLAG", "5")));
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    let out = data(&drain(&mut e, &clock, 300));
    let card = out.iter().position(|d| d.contains(r#""src":"9""#));
    let timeout = out.iter().position(|d| d.contains(r#""src":"20""#));
    assert!(card.is_some() && card < timeout, "{out:?}");
}

#[test]
fn an_agent_cannot_send_the_card_without_rule_bit_2() {
    let (mut e, clock) = engine(flow(&RATED.replace("FLAG", "4")));
    e.receive(&custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive(&Payload::Text("anything".into()));
    let events = drain(&mut e, &clock, 5);
    assert!(!data(&events).iter().any(|d| d.contains(r#""src":"9""#)));
    let p = problems(&events);
    assert!(p.len() == 1 && p[0].contains("no agent bit 2"), "{p:?}");
}

// ---- time: every input kept to the span desksim plays, so the engine's
// timers and the transcript's t_ms never overflow -------------------------

/// What `desksim play --script` says about a script file's text.
fn script_error(text: &str) -> String {
    match desksim::cli::play::parse_json::<Script>(text) {
        Ok(s) => panic!("{text} was accepted: {s:?}"),
        Err(e) => e,
    }
}

/// The message for a `wait` written as `value`.
fn wait_error(value: &str) -> String {
    script_error(&format!(r#"{{"steps": [{{"wait": {value}}}]}}"#))
}

fn wait_of(value: &str) -> Step {
    let script: Script =
        desksim::cli::play::parse_json(&format!(r#"{{"steps": [{{"wait": {value}}}]}}"#))
            .unwrap_or_else(|e| panic!("{value}: {e}"));
    script.steps[0].clone()
}

#[test]
fn wait_accepts_the_same_range_in_both_forms() {
    for ms in [0u64, 1, 1500, 90_000, 3_600_000, 31_536_000_000] {
        let number = wait_of(&ms.to_string());
        assert_eq!(number, Step::Wait(Duration::from_millis(ms)));
        assert_eq!(wait_of(&format!("\"{ms}ms\"")), number);
        assert_eq!(wait_of(&format!("\"{ms}\"")), number);
    }
    assert_eq!(wait_of(r#""8760h""#), wait_of("31536000000"));
    assert_eq!(wait_of(r#""1.5h""#), wait_of("5400000"));
    assert_eq!(wait_of("1e3"), wait_of(r#""1s""#));
    // One past the longest wait, in every form, refused in the same words.
    let too_long = wait_error("31536000001");
    assert!(
        too_long.starts_with("step 1: `wait` can be at most 8760h (a year)"),
        "{too_long}"
    );
    for value in [
        r#""31536000001ms""#,
        r#""31536000001""#,
        r#""8760.001h""#,
        r#""525601m""#,
        "18446744073709551615",
        "1e30",
        r#""99999999999999999999999999999999h""#,
    ] {
        assert_eq!(wait_error(value), too_long, "{value}");
    }
    // Not durations at all, in either form: the same words.
    for value in ["-5", r#""-5s""#, r#""5 days""#, r#""""#, "null", r#""1e3""#] {
        let message = wait_error(value);
        assert!(
            message.starts_with(r#"step 1: `wait` must be a duration like "5m""#),
            "{value}: {message}"
        );
    }
    assert!(wait_error(r#""0.5ms""#).contains("whole milliseconds"));
    assert!(wait_error("0.5").contains("whole milliseconds"));
}

#[test]
fn a_run_refuses_a_start_outside_the_span_and_survives_any_wait() {
    // Through the API, past the script reader: the start is still checked.
    let (run, result) = play_local(retail(), Some("0001-01-01T00:00:00Z"), &[]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("before 1970-01-01T00:00:00Z"), "{message}");
    assert!(run.lines().is_empty(), "nothing was played");
    // A wait built in code is not limited: the clock stops at the end of
    // time, and no t_ms goes back.
    let steps = [
        Step::Choose("Speakers".into()),
        Step::Wait(Duration::MAX),
        Step::Wait(Duration::MAX),
    ];
    let (run, _) = play_local(retail(), None, &steps);
    let times: Vec<i64> = run.lines().iter().map(|l| l.t_ms).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}
