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

/// The codes of the refusals among `events`.
fn refused(events: &[BackendEvent]) -> Vec<Option<u32>> {
    events
        .iter()
        .filter_map(|e| match e {
            BackendEvent::Refused { code, .. } => Some(*code),
            _ => None,
        })
        .collect()
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
    e.receive("u1", &custom(TRIGGER));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out[0].contains(r#""src":"23""#) && out[0].contains(r#""menuSendRuleFlag":7"#));
    assert!(out[1].contains(r#""src":"26""#) && out[1].contains("outSeat"));
    assert_eq!(out[2], "Hi! Welcome to Northwind Audio 🎧");
    assert!(out[3].contains(r#""src":"15""#));
}

#[test]
fn messages_arrive_one_by_one_with_the_flow_gap() {
    let (mut e, clock) = engine(retail());
    e.receive("u1", &custom(TRIGGER));
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
    e.receive("u1", &Payload::Text("hello".into()));
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
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u1", &Payload::Text("Talk to a person".into()));
    drain(&mut e, &clock, 5);
    e.receive("u1", &Payload::Text("Under $100".into()));
    drain(&mut e, &clock, 20);
    e.receive("u1", &custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
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
    e.receive("u1", &choice(&sid, "4"));
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
    e.receive("u1", &choice(&sid, "4"));
    drain(&mut e, &clock, 2);
    e.receive("u1", &choice(&sid, "5"));
    let events = drain(&mut e, &clock, 2);
    assert_eq!(refused(&events), [Some(10152)], "{events:?}");
    assert!(data(&events).is_empty(), "no message is invented");
}

#[test]
fn an_expired_rating_gets_error_10150() {
    let (mut e, clock, sid) = rating_session();
    clock.advance(Duration::from_secs(25 * 3600));
    e.receive("u1", &choice(&sid, "4"));
    let events = drain(&mut e, &clock, 2);
    assert_eq!(refused(&events), [Some(10150)], "{events:?}");
}

#[test]
fn a_rating_for_an_unknown_card_or_option_gets_error_10151() {
    let (mut e, clock, sid) = rating_session();
    e.receive("u1", &choice("no-such-card", "4"));
    e.receive("u1", &choice(&sid, "9"));
    let events = drain(&mut e, &clock, 2);
    assert_eq!(refused(&events), [Some(10151), Some(10151)], "{events:?}");
}

#[test]
fn asking_for_a_rating_when_the_flag_forbids_it_is_refused_saying_why() {
    let text = std::fs::read_to_string("flows/after_sales.json").unwrap();
    let (mut e, clock) = engine(Arc::new(
        flow::load_str(&text, Path::new("flows/after_sales.json"))
            .unwrap()
            .0,
    ));
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u1", &custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let events = drain(&mut e, &clock, 2);
    assert!(
        events.iter().any(|ev| matches!(ev,
            BackendEvent::Refused { reason, .. } if reason.contains("does not let users ask"))),
        "{events:?}"
    );
    assert!(!data(&events).iter().any(|d| d.contains(r#""src":"9""#)));
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
    e.receive("u1", &custom(TRIGGER));
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
    e.receive("u1", &custom(TRIGGER));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out.iter().any(|d| d.contains("inSeat")));
    e.receive("u1", &Payload::Text("hello?".into()));
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
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    let edited = std::fs::read_to_string("flows/retail_presales.json")
        .unwrap()
        .replace("Here are this week's favourites:", "New favourites:");
    e.replace_flow(Arc::new(
        flow::load_str(&edited, Path::new("flows/retail_presales.json"))
            .unwrap()
            .0,
    ));
    e.receive("u1", &Payload::Text("Headphones".into()));
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
    e.receive("u1", &custom(TRIGGER));
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
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u1", &Payload::Text("A".into()));
    let out = data(&drain(&mut e, &clock, 5));
    assert!(out.contains(&"branch answer".to_owned()), "{out:?}");
    assert!(!out.contains(&"faq answer".to_owned()), "{out:?}");
}

#[test]
fn a_chosen_branch_card_gains_selected_as_an_update() {
    let (mut e, clock) = engine(retail());
    e.receive("u1", &custom(TRIGGER));
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
    e.receive("u1", &Payload::Text("Headphones".into()));
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
fn a_reminder_comes_after_a_long_pause_of_the_service_not_during_it() {
    let f = flow(
        r#"{"version":1,"name":"late","start":"a",
        "settings":{"inactivity":{"reminder_after_s":2,"reminder":"Still there?","timeout_after_s":600}},
        "nodes":[
        {"id":"a","type":"message","messages":[{"pause_ms":5000},{"text":"hello"}],"next":"m"},
        {"id":"m","type":"branch","header":"h","items":[{"content":"A","next":"e"}]},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(f, None, &[Step::Wait(Duration::from_secs(10))]);
    result.unwrap();
    let at = |needle: &str| {
        run.lines()
            .iter()
            .find(|l| l.data.as_str().contains(needle))
            .map(|l| l.t_ms)
            .unwrap_or_else(|| panic!("{needle} not found"))
    };
    assert_eq!(at("Still there?"), at(r#""src":"15""#) + 2000);
}

const RATED: &str = r#"{"version":1,"name":"r","start":"t",
    "settings":{"satisfaction":{"flag":FLAG},"inactivity":{"reminder_after_s":60,"reminder":"?","timeout_after_s":120}},
    "nodes":[
    {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"Ann","on_connect":[{"say":{"text":"hi"}}],"fallback":[{"send_rating":true}]},"next":"e"},
    {"id":"e","type":"end"}]}"#;

#[test]
fn asking_again_after_rating_gets_error_10152() {
    let (mut e, clock) = engine(flow(&RATED.replace("FLAG", "7")));
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u1", &custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let card = data(&drain(&mut e, &clock, 5)).pop().unwrap();
    let session_id = card
        .split(r#""sessionId":""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    e.receive("u1", &choice(&session_id, "105"));
    drain(&mut e, &clock, 5);
    e.receive("u1", &custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let events = drain(&mut e, &clock, 5);
    assert_eq!(refused(&events), [Some(10152)], "{events:?}");
    assert!(data(&events).is_empty(), "{events:?}");
}

#[test]
fn a_timeout_in_seat_sends_the_card_first_when_the_rules_say_so() {
    let (mut e, clock) = engine(flow(&RATED.replace("FLAG", "5")));
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    let out = data(&drain(&mut e, &clock, 300));
    let card = out.iter().position(|d| d.contains(r#""src":"9""#));
    let timeout = out.iter().position(|d| d.contains(r#""src":"20""#));
    assert!(card.is_some() && card < timeout, "{out:?}");
}

#[test]
fn an_agent_cannot_send_the_card_without_rule_bit_2() {
    let (mut e, clock) = engine(flow(&RATED.replace("FLAG", "4")));
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u1", &Payload::Text("anything".into()));
    let events = drain(&mut e, &clock, 5);
    assert!(!data(&events).iter().any(|d| d.contains(r#""src":"9""#)));
    let p = problems(&events);
    assert!(p.len() == 1 && p[0].contains("no agent bit 2"), "{p:?}");
}

// ---- fidelity, round two ----------------------------------------------------

/// A flow with a text form waiting, a branch after it, and a transfer the
/// human-service words lead to; `extra` goes into `settings`.
fn waiting_flow(language: &str, extra: &str) -> Arc<LoadedFlow> {
    flow(&format!(
        r#"{{"version":1,"name":"w","start":"form","language":"{language}",
        "variables":[{{"name":"order"}}],
        "settings":{{"human_service":{{"words":"HUMAN","transfer":"agent"}}{extra}}},
        "nodes":[
        {{"id":"form","type":"form","header":"Order number?","variable":"order","next":"menu"}},
        {{"id":"menu","type":"branch","header":"Pick","items":[{{"content":"A","next":"end"}}],"max_retries":1}},
        {{"id":"agent","type":"transfer","skill_group":"g","agent":{{"name":"Ann","on_connect":[{{"say":{{"text":"Hi"}}}}]}},"next":"end"}},
        {{"id":"end","type":"end"}}]}}"#
    ))
}

#[test]
fn the_human_service_words_transfer_while_a_form_waits_and_are_not_its_answer() {
    let (mut e, clock) = engine(waiting_flow("en", ""));
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u2", &Payload::Text("HUMAN".into()));
    let said = data(&drain(&mut e, &clock, 5));
    assert!(said.iter().any(|d| d.contains("inSeat")), "{said:?}");
    assert!(
        !said.iter().any(|d| d.contains(r#""selected""#)),
        "the form does not take the words as its answer: {said:?}"
    );
}

#[test]
fn the_human_service_words_are_no_wrong_answer_where_no_one_is_there() {
    let f = flow(
        r#"{"version":1,"name":"n","start":"m","language":"zh","nodes":[
        {"id":"m","type":"branch","header":"选","items":[{"content":"A","next":"e"}],"max_retries":0},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(f, None, &[Step::Human, Step::Choose("A".into())]);
    result.unwrap();
    let said: Vec<&str> = run.lines().iter().map(|l| l.data.as_str()).collect();
    assert!(said.contains(&"当前暂不提供人工服务。"), "{said:?}");
    assert!(
        said.iter()
            .any(|d| d.contains(r#""selected":{"content":"A"}"#)),
        "{said:?}"
    );
}

#[test]
fn a_wrong_answer_at_one_menu_never_counts_against_the_next() {
    let f = flow(
        r#"{"version":1,"name":"r","start":"a","nodes":[
        {"id":"a","type":"branch","header":"A?","items":[{"content":"go","next":"b"}],"max_retries":1},
        {"id":"b","type":"branch","header":"B?","items":[{"content":"go","next":"e"}],"max_retries":1},
        {"id":"e","type":"end","text":"bye"}]}"#,
    );
    let (run, result) = play_local(
        f,
        None,
        &[
            Step::Say("nope".into()),
            Step::Choose("go".into()),
            Step::Say("nope".into()),
        ],
    );
    result.unwrap();
    let ended = run
        .lines()
        .iter()
        .any(|l| l.data.as_str().contains(r#""src":"19""#));
    assert!(!ended, "one wrong answer at b is its first, not its second");
}

#[test]
fn inactivity_timers_wait_for_the_queue_and_never_fire_with_the_greeting() {
    let f = flow(
        r#"{"version":1,"name":"q","start":"t",
        "settings":{"inactivity":{"reminder_after_s":60,"reminder":"still there?","timeout_after_s":120}},
        "nodes":[
        {"id":"t","type":"transfer","skill_group":"g","queue":{"position":3,"wait_ms":600000,"message":"You are number ${WaitNo}"},
         "agent":{"name":"Ann","on_connect":[{"say":{"text":"Hi, I am ${StaffNickName}"}}]},"next":"e"},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(f, None, &[Step::Wait(Duration::from_secs(30))]);
    result.unwrap();
    let at = |needle: &str| {
        run.lines()
            .iter()
            .find(|l| l.data.as_str().contains(needle))
            .map(|l| l.t_ms)
    };
    let greeting = at("Hi, I am Ann").expect("the agent greets after the queue");
    assert!(greeting >= 600_000);
    assert_eq!(at("still there?"), None, "no reminder during the queue");
    let (run, _) = play_local(
        flow(
            r#"{"version":1,"name":"q","start":"t",
        "settings":{"inactivity":{"reminder_after_s":60,"reminder":"still there?","timeout_after_s":120}},
        "nodes":[
        {"id":"t","type":"transfer","skill_group":"g","queue":{"position":3,"wait_ms":600000,"message":"You are number ${WaitNo}"},
         "agent":{"name":"Ann","on_connect":[{"say":{"text":"Hi, I am ${StaffNickName}"}}]},"next":"e"},
        {"id":"e","type":"end"}]}"#,
        ),
        None,
        &[Step::Wait(Duration::from_secs(700))],
    );
    let reminder = run
        .lines()
        .iter()
        .find(|l| l.data.as_str().contains("still there?"))
        .map(|l| l.t_ms)
        .expect("a reminder a minute after the greeting");
    assert_eq!(reminder, greeting + 60_000);
}

#[test]
fn no_timer_runs_while_a_person_playing_the_agent_owes_an_answer() {
    let f = flow(
        r#"{"version":1,"name":"o","start":"t",
        "settings":{"inactivity":{"reminder_after_s":60,"reminder":"still there?","timeout_after_s":120}},
        "nodes":[
        {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"Ann","mode":"operator"},"next":"e"},
        {"id":"e","type":"end"}]}"#,
    );
    let (mut e, clock) = engine(f);
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u2", &Payload::Text("hello?".into()));
    let quiet = data(&drain(&mut e, &clock, 600));
    assert!(
        !quiet.iter().any(|d| d.contains("still there?")),
        "{quiet:?}"
    );
    e.agent(AgentCommand::Say("Sorry for the wait".into()))
        .unwrap();
    let after = data(&drain(&mut e, &clock, 90));
    assert!(
        after.iter().any(|d| d.contains("still there?")),
        "{after:?}"
    );
}

#[test]
fn a_chinese_flow_says_nothing_in_english_by_itself() {
    let f = flow(
        r#"{"version":1,"name":"zh","start":"m","language":"zh",
        "settings":{"satisfaction":{"flag":7}},
        "nodes":[
        {"id":"m","type":"branch","header":"请选择","items":[{"content":"人工","next":"t"}],"max_retries":3},
        {"id":"t","type":"transfer","skill_group":"售后组","agent":{"name":"小王","available":false},"unavailable":"s","next":"e"},
        {"id":"s","type":"satisfaction","next":"e"},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(
        f,
        None,
        &[
            Step::Say("随便".into()),
            Step::Raw(r#"{"customerServicePlugin":0,"src":"24"}"#.into()),
            Step::Choose("人工".into()),
        ],
    );
    assert!(result.is_ok(), "{result:?}");
    let english = [
        "Sorry", "rate", "agent", "online", "Thank", "Please", "Very",
    ];
    for line in run
        .lines()
        .iter()
        .filter(|l| l.dir == desksim::session::Direction::In)
    {
        let text = line.data.as_str();
        assert!(
            !english.iter().any(|w| text.contains(w)),
            "English in a Chinese flow: {text}"
        );
    }
    let said: String = run.lines().iter().map(|l| l.data.as_str()).collect();
    for chinese in [
        "抱歉，请选择",
        "售后组暂无客服在线",
        "非常满意",
        "仅在人工客服接待期间",
    ] {
        assert!(said.contains(chinese), "{chinese} in {said}");
    }
}

#[test]
fn an_options_form_can_set_its_own_retry_text_and_limit() {
    let f = flow(
        r#"{"version":1,"name":"o","start":"f","variables":[{"name":"size"}],"nodes":[
        {"id":"f","type":"form","header":"Size?","options":["S","M"],"variable":"size",
         "retry_message":"S or M, please","max_retries":1,"on_retries_exhausted":"x","next":"e"},
        {"id":"x","type":"end","text":"gave up"},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(f, None, &[Step::Say("XL".into()), Step::Say("XXL".into())]);
    result.unwrap();
    let said: Vec<&str> = run.lines().iter().map(|l| l.data.as_str()).collect();
    assert!(said.contains(&"S or M, please"), "{said:?}");
    assert!(said.contains(&"gave up"), "{said:?}");
}

#[test]
fn no_raw_placeholder_reaches_the_user() {
    let f = flow(
        r#"{"version":1,"name":"p","start":"m","variables":[{"name":"order"},{"name":"city","initial":"Berlin"}],"nodes":[
        {"id":"m","type":"message","messages":[{"text":"Hi from ${StaffNickName} (${StaffNo}) about ${order} in ${city}"}],"next":"e"},
        {"id":"e","type":"end"}]}"#,
    );
    let (run, result) = play_local(f, None, &[]);
    result.unwrap();
    let text = run
        .lines()
        .iter()
        .map(|l| l.data.as_str().to_owned())
        .find(|d| d.starts_with("Hi from"))
        .unwrap();
    assert!(!text.contains("${"), "{text}");
    assert_eq!(text, "Hi from our agent (-) about  in Berlin");
}

#[test]
fn the_rating_service_refuses_as_the_answer_to_the_send_and_invents_no_message() {
    let (mut e, clock) = engine(retail());
    e.receive("u1", &custom(TRIGGER));
    drain(&mut e, &clock, 5);
    e.receive("u2", &custom(r#"{"customerServicePlugin":0,"src":"24"}"#));
    let events = drain(&mut e, &clock, 5);
    assert!(data(&events).is_empty(), "no tip: {events:?}");
    assert!(
        events.iter().any(|ev| matches!(ev,
            BackendEvent::Refused { id, code: Some(10154), .. } if id == "u2")),
        "{events:?}"
    );
}

#[test]
fn pictures_travel_as_addresses_under_the_flow_s_assets_base() {
    let (run, result) = play_local(retail(), None, &[Step::Choose("Headphones".into())]);
    result.unwrap();
    let pics: Vec<String> = run
        .lines()
        .iter()
        .filter(|l| l.data.as_str().contains(r#""src":"22""#))
        .map(|l| {
            l.data_value()["content"]["pic"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(!pics.is_empty());
    for pic in pics {
        assert!(
            pic.starts_with("https://desksim.example/assets/retail/"),
            "{pic}"
        );
    }
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

#[test]
fn an_agents_messages_say_who_sent_them_and_the_bots_do_not() {
    let (mut e, clock) = engine(retail());
    e.receive("u1", &custom(TRIGGER));
    let bot = drain(&mut e, &clock, 5);
    e.receive("u1", &Payload::Text("Talk to a person".into()));
    drain(&mut e, &clock, 5);
    e.receive("u1", &Payload::Text("Under $100".into()));
    let human = drain(&mut e, &clock, 20);
    let senders = |events: &[BackendEvent]| -> Vec<(String, Option<desksim::session::Sender>)> {
        events
            .iter()
            .filter_map(|e| match e {
                BackendEvent::Message(m) => Some((m.payload.as_str().to_owned(), m.from.clone())),
                _ => None,
            })
            .collect()
    };
    assert!(senders(&bot).iter().all(|(_, from)| from.is_none()));
    let hello = senders(&human)
        .into_iter()
        .find(|(text, _)| text.starts_with("Hi, I'm Emma"))
        .expect("Emma's hello");
    let from = hello.1.expect("a sender");
    assert_eq!(from.name, "Emma");
    assert_eq!(
        from.avatar.as_deref(),
        Some("https://desksim.example/assets/retail/emma.png"),
        "a picture under settings.assets travels as its address"
    );
    // The seat status is the service's, not the agent's.
    assert!(
        senders(&human)
            .iter()
            .filter(|(d, _)| d.contains(r#""src":"26""#))
            .all(|(_, from)| from.is_none())
    );
}
