//! The remote backend against an in-process fake of Tencent Cloud IM's
//! REST API, with the embedded flow engine playing Desk behind it.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use desksim::backend::Backend;
use desksim::backend::tencent::usersig::{
    VerifyError, decode_usersig, gen_usersig, hmac_sig, verify_usersig,
};
use desksim::backend::tencent::{Secret, TencentBackend, TencentConfig, TencentSettings};
use desksim::clock::{Clock, ShiftedClock, SystemClock, Timestamp};
use desksim::flow::{self, LoadedFlow};
use desksim::headless::compare::diff;
use desksim::headless::flowtest::FlowTest;
use desksim::headless::script::{Step, start_time};
use desksim::headless::{Run, play, play_local};
use desksim::session::SessionConfig;
use support::fake_tencent::{self as fake, Fake, Fault};

// ---- UserSig -----------------------------------------------------------

/// Vectors computed with the reference algorithm (tls-sig-api-v2-python's
/// HMAC, JSON, zlib and base64 variant).
const VECTORS: &[(&str, u64, &str, u64, u64, &str, &str)] = &[
    (
        "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
        1_400_000_000,
        "xiaojun",
        1_700_000_000,
        15_552_000,
        "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=",
        "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__",
    ),
    (
        "secret",
        20_000_001,
        "administrator",
        1_750_039_200,
        3600,
        "xap4wU20k376pBVOKDR3KEeuSRaugpsfvCGxmWP0mtc=",
        "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkElNyM-Myi0uKEkvyi2BKilOyEwsKMlOACowMwMAQKpNaUZBZlAoUNzYzMICKlWTmgkQMzU0NDIwtjeDixZnpIBsqEgtMykONDLKNzc0KnML8vV2CjL1dU0uDgxJL0wuK08qc3StywwMMckuSbZVqAb9fNUU_",
    ),
    // One whose base64 needs all three replacements (`*`, `-`, `_`).
    (
        "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
        1_400_000_000,
        "xiaojun",
        1_700_000_019,
        15_552_000,
        "wRMV/44VzHv65zEu8bdZFUXOpHkpr5bv5h5Fw09QtUc=",
        "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFziGpDS5hZmekgG8qDfMP0TUzCqjzKzEyrXEstklKi3EIj-As8sguKTJPKTDNM3coNLANLQpNtlWoBF*szfw__",
    ),
];

#[test]
fn the_vectors_exercise_every_character_the_base64_variant_replaces() {
    let all: String = VECTORS.iter().map(|v| v.6).collect();
    for c in ['*', '-', '_'] {
        assert!(all.contains(c), "no vector has {c}");
    }
    assert!(!all.contains(['+', '/', '=']));
}

#[test]
fn the_signature_matches_the_reference_implementation() {
    for (key, appid, id, time, expire, sig, _) in VECTORS {
        assert_eq!(hmac_sig(key, id, *appid, *time, *expire), *sig);
    }
}

#[test]
fn a_reference_usersig_decodes_and_ours_carries_the_same_document() {
    for (key, appid, id, time, expire, sig, reference) in VECTORS {
        let theirs = decode_usersig(reference).unwrap();
        assert_eq!(theirs.sig, *sig);
        assert_eq!(
            (
                theirs.sdkappid,
                theirs.identifier.as_str(),
                theirs.time,
                theirs.expire
            ),
            (*appid, *id, *time, *expire)
        );
        let ours = decode_usersig(&gen_usersig(key, *appid, id, *time, *expire)).unwrap();
        assert_eq!(ours, theirs);
        assert!(verify_usersig(reference, key, *appid, id, time + 1).is_ok());
    }
}

#[test]
fn a_usersig_is_refused_with_the_wrong_secret_or_when_expired() {
    let sig = gen_usersig("right", 1, "admin", 1000, 60);
    assert_eq!(
        verify_usersig(&sig, "wrong", 1, "admin", 1001),
        Err(VerifyError::BadSignature)
    );
    assert_eq!(
        verify_usersig(&sig, "right", 1, "admin", 1060),
        Err(VerifyError::Expired)
    );
    assert_eq!(
        verify_usersig(&sig, "right", 2, "admin", 1001),
        Err(VerifyError::SdkAppIdMismatch)
    );
    assert!(matches!(
        verify_usersig(&sig[..sig.len() / 2], "right", 1, "admin", 1001),
        Err(VerifyError::Unparsable(_))
    ));
}

// ---- helpers -----------------------------------------------------------

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn load(path: &str) -> Arc<LoadedFlow> {
    Arc::new(flow::load(Path::new(path)).unwrap().0)
}

fn settings(fake: &Fake) -> TencentSettings {
    TencentSettings {
        sdk_app_id: fake::SDK_APP_ID,
        admin: fake::ADMIN.into(),
        user_id: fake::USER.into(),
        service_account: fake::SERVICE.into(),
        base_url: Some(fake.base_url()),
        timeout_ms: Some(1500),
        time_warp: true,
        ..TencentSettings::default()
    }
}

fn backend(
    rt: &tokio::runtime::Runtime,
    settings: TencentSettings,
    secret: &str,
) -> TencentBackend {
    let config = TencentConfig {
        settings,
        secret: Secret::new(secret),
    };
    TencentBackend::start(config, rt.handle(), Arc::new(SystemClock))
}

/// A run on the fake whose clock reads what the fake's engine reads.
fn remote_run(rt: &tokio::runtime::Runtime, fake: &Fake, flow: &LoadedFlow) -> Run<TencentBackend> {
    let clock = ShiftedClock::starting_at(fake.start);
    Run::realtime(
        backend(rt, settings(fake), fake::SECRET),
        SessionConfig::for_flow(&flow.flow),
        Duration::from_millis(500),
        clock,
    )
}

/// Plays a flow test's steps on the embedded backend and through the fake;
/// returns the differences.
fn compare_flow_test(test_file: &Path) -> Vec<String> {
    let test: FlowTest =
        serde_json::from_str(&std::fs::read_to_string(test_file).unwrap()).unwrap();
    let flow = load(
        test_file
            .parent()
            .unwrap()
            .join(&test.flow)
            .to_str()
            .unwrap(),
    );
    let (local, result) = play_local(flow.clone(), test.start_at.as_deref(), &test.steps);
    result.unwrap();
    let rt = runtime();
    let fake = Fake::start(
        &rt,
        flow.clone(),
        start_time(test.start_at.as_deref()).unwrap(),
    );
    let (remote, result) = play(remote_run(&rt, &fake, &flow), &test.steps);
    result.unwrap_or_else(|e| panic!("{}: {e}", test_file.display()));
    assert!(fake.duplicates().is_empty(), "a message was sent twice");
    diff("embedded", local.lines(), "tencent", remote.lines())
}

// ---- conversations -------------------------------------------------------

#[test]
fn every_example_flow_test_gives_the_same_transcript_through_the_fake() {
    let mut tests: Vec<PathBuf> = std::fs::read_dir("flows/tests")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    tests.sort();
    for test in tests {
        let differences = compare_flow_test(&test);
        assert!(
            differences.is_empty(),
            "{}:\n{}",
            test.display(),
            differences.join("\n")
        );
    }
}

fn retail_steps() -> Vec<Step> {
    vec![
        Step::Choose("Headphones".into()),
        Step::Choose("Talk to a person".into()),
        Step::Answer("$100–$200".into()),
        Step::Say("How much is it?".into()),
        Step::RequestRating,
        Step::Rate("5".into()),
        Step::Say("thanks".into()),
    ]
}

/// The retail conversation played through `fake` (which runs the retail
/// flow), opened first, with `before_step` called before each step (to
/// inject faults); its transcript must match the embedded one.
fn retail_through(
    rt: &tokio::runtime::Runtime,
    fake: &Fake,
    label: &str,
    before_step: impl Fn(usize, &Step),
) -> Run<TencentBackend> {
    let flow = load("flows/retail_presales.json");
    let steps = retail_steps();
    let (local, _) = play_local(flow.clone(), None, &steps);
    let mut run = remote_run(rt, fake, &flow);
    run.open().unwrap();
    for (i, step) in steps.iter().enumerate() {
        before_step(i, step);
        run.step(i + 1, step).unwrap();
    }
    let differences = diff("embedded", local.lines(), "tencent", run.lines());
    assert!(
        differences.is_empty(),
        "{label}:\n{}",
        differences.join("\n")
    );
    run
}

fn retail_fake(rt: &tokio::runtime::Runtime) -> Fake {
    let flow = load("flows/retail_presales.json");
    Fake::start(rt, flow, start_time(None).unwrap())
}

/// The retail conversation through the fake with `faults` injected once it
/// is open (the trigger is online-only: IM keeps no copy to look for, so a
/// trigger whose answer is lost is sent again); the transcript must match
/// the embedded one, and no stored message may reach the service twice.
fn survives(faults: &[(&'static str, Fault)]) {
    let rt = runtime();
    let fake = retail_fake(&rt);
    // Only desksim's own care may keep a message from being sent twice.
    fake.state.lock().unwrap().dedup_window_s = None;
    retail_through(&rt, &fake, &format!("{faults:?}"), |i, _| {
        if i == 0 {
            for (api, fault) in faults {
                fake.inject(api, fault.clone());
            }
        }
    });
    assert!(fake.duplicates().is_empty(), "{faults:?}: sent twice");
    let state = fake.state.lock().unwrap();
    let twice: Vec<_> = state.received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "{faults:?}: a stored message reached the service twice: {twice:?}"
    );
}

#[test]
fn an_answer_lost_after_the_message_went_through_is_not_sent_again() {
    for then in [Fault::Status(500), Fault::Malformed, Fault::Reset] {
        survives(&[("sendmsg", Fault::AfterWork(Box::new(then)))]);
    }
}

#[test]
fn a_lost_history_answer_is_read_again() {
    survives(&[
        ("getroammsg", Fault::AfterWork(Box::new(Fault::Reset))),
        ("getroammsg", Fault::AfterWork(Box::new(Fault::Status(503)))),
    ]);
}

#[test]
fn history_is_read_a_page_at_a_time() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    fake.state.lock().unwrap().page_size = 1;
    let (remote, result) = play(remote_run(&rt, &fake, &flow), &retail_steps());
    result.unwrap();
    let (local, _) = play_local(flow, None, &retail_steps());
    assert!(diff("embedded", local.lines(), "tencent", remote.lines()).is_empty());
}

#[test]
fn server_errors_are_retried() {
    survives(&[
        ("sendmsg", Fault::Status(503)),
        ("getroammsg", Fault::Status(500)),
        ("sendmsg", Fault::Status(502)),
    ]);
}

#[test]
fn a_slow_answer_is_not_carried_out_twice() {
    // The fake carries the trigger out, then answers after the client gave
    // up: the retry keeps its MsgRandom, so the service knows it.
    survives(&[("sendmsg", Fault::Slow(Duration::from_secs(3)))]);
}

#[test]
fn a_stored_message_whose_answer_never_came_is_found_in_the_history_not_resent() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let mut run = remote_run(&rt, &fake, &flow);
    run.open().unwrap();
    let before = fake.state.lock().unwrap().received.len();
    fake.inject("sendmsg", Fault::Slow(Duration::from_secs(3)));
    run.step(1, &Step::Choose("Speakers".into())).unwrap();
    let s = fake.state.lock().unwrap();
    assert_eq!(s.received.len(), before + 1);
    assert!(
        s.received.values().all(|n| *n == 1),
        "the text was sent once: {:?}",
        s.received
    );
}

#[test]
fn a_broken_connection_is_retried() {
    survives(&[("sendmsg", Fault::Reset), ("getroammsg", Fault::Reset)]);
}

#[test]
fn malformed_answers_are_survived() {
    survives(&[
        ("getroammsg", Fault::Malformed),
        ("sendmsg", Fault::Malformed),
    ]);
}

#[test]
fn rate_limits_are_waited_out() {
    survives(&[
        ("sendmsg", Fault::ErrorCode(60007)),
        ("getroammsg", Fault::ErrorCode(60011)),
    ]);
}

#[test]
fn an_answer_over_ten_megabytes_is_refused_and_the_conversation_goes_on() {
    survives(&[("getroammsg", Fault::Huge)]);
}

#[test]
fn a_restart_of_the_service_mid_conversation_loses_nothing() {
    let flow = load("flows/retail_presales.json");
    let steps = retail_steps();
    let (local, _) = play_local(flow.clone(), None, &steps);
    let rt = runtime();
    let mut fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let mut run = remote_run(&rt, &fake, &flow);
    run.open().unwrap();
    for (i, step) in steps.iter().enumerate() {
        if i == 2 {
            fake.restart(Duration::from_millis(1500));
        }
        run.step(i + 1, step).unwrap();
    }
    let differences = diff("embedded", local.lines(), "tencent", run.lines());
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert!(fake.duplicates().is_empty());
}

#[test]
fn a_wrong_secret_says_so_and_keeps_the_message_queued_until_discarded() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let backend = backend(&rt, settings(&fake), "not-the-secret");
    let mut run = Run::realtime(
        backend,
        SessionConfig::for_flow(&flow.flow),
        Duration::from_millis(100),
        ShiftedClock::new(),
    );
    for s in &run.conv.act(desksim::session::Intent::Start).unwrap() {
        run.backend.send(s);
    }
    let mut failed = None;
    let mut unsent = 0;
    for _ in 0..100 {
        for event in run.backend.poll() {
            match event {
                desksim::backend::BackendEvent::Connection(
                    desksim::backend::ConnectionState::Failed { why },
                ) => failed = Some(why),
                desksim::backend::BackendEvent::Unsent(n) => unsent = n,
                _ => {}
            }
        }
        if failed.is_some() && unsent == 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let why = failed.expect("a failed connection state");
    assert!(
        why.contains("70009") && why.contains("secret key is wrong"),
        "{why}"
    );
    assert_eq!(unsent, 1, "the trigger waits, not lost");
    run.backend.discard_unsent();
    let mut discarded = false;
    for _ in 0..50 {
        if run
            .backend
            .poll()
            .contains(&desksim::backend::BackendEvent::Unsent(0))
        {
            discarded = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(discarded);
    assert!(
        fake.state.lock().unwrap().received.is_empty(),
        "nothing reached the service"
    );
}

#[test]
fn the_secret_is_never_written_anywhere() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let s = settings(&fake);
    let saved = serde_json::to_string(&s).unwrap();
    assert!(!saved.contains(fake::SECRET));
    let config = TencentConfig {
        settings: s,
        secret: Secret::new(fake::SECRET),
    };
    assert!(!format!("{config:?}").contains(fake::SECRET));
    let (run, result) = play(remote_run(&rt, &fake, &flow), &retail_steps()[..2]);
    result.unwrap();
    let transcript: String = run
        .lines()
        .iter()
        .map(|l| serde_json::to_string(l).unwrap())
        .collect();
    assert!(!transcript.contains(fake::SECRET));
    assert!(!run.problems().iter().any(|(_, p)| p.contains(fake::SECRET)));
}

#[test]
fn an_unreadable_history_entry_is_reported_once_and_the_others_are_read() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    fake.state
        .lock()
        .unwrap()
        .raw_entries
        .push(serde_json::json!({"MsgKey": 42, "From_Account": fake::SERVICE}));
    let (remote, result) = play(remote_run(&rt, &fake, &flow), &retail_steps()[..2]);
    result.unwrap();
    let (local, _) = play_local(flow, None, &retail_steps()[..2]);
    assert!(diff("embedded", local.lines(), "tencent", remote.lines()).is_empty());
    let problems = remote.problems();
    let reports: Vec<_> = problems
        .iter()
        .filter(|(_, p)| p.contains("cannot be read"))
        .collect();
    assert_eq!(reports.len(), 1, "{:?}", remote.problems());
}

#[test]
fn backoff_grows_with_jitter_and_stays_under_its_cap() {
    use desksim::backend::tencent::backoff;
    for attempt in 1..40 {
        let d = backoff(attempt);
        assert!(d <= Duration::from_secs(30), "{attempt}: {d:?}");
        let base = 400.0 * 2f64.powi(attempt.min(10) as i32);
        let ms = d.as_millis() as f64;
        assert!(ms >= (base * 0.8).min(30_000.0) - 1.0, "{attempt}: {d:?}");
    }
    let samples: std::collections::HashSet<_> = (0..20).map(|_| backoff(2)).collect();
    assert!(samples.len() > 1, "no jitter");
}

#[test]
fn the_error_codes_people_meet_are_explained() {
    use desksim::backend::tencent::error::{RemoteError, explain};
    let generic = explain(1);
    for code in [
        60003, 60007, 60010, 60011, 70001, 70003, 70009, 70013, 70014, 70107,
    ] {
        assert_ne!(explain(code), generic, "{code}");
    }
    assert!(explain(70009).contains("secret key is wrong"));
    assert!(explain(70107).contains("imported"));
    let rate_limited = RemoteError::Api {
        code: 60007,
        info: String::new(),
        host: "console.tim.qq.com".into(),
    };
    assert!(rate_limited.retryable() && !rate_limited.ambiguous());
    let wrong_secret = RemoteError::Api {
        code: 70009,
        info: String::new(),
        host: "console.tim.qq.com".into(),
    };
    assert!(!wrong_secret.retryable());
    assert!(RemoteError::Malformed("x".into()).ambiguous());
}

#[test]
fn a_message_whose_data_is_not_json_or_of_an_unknown_type_is_shown_and_the_conversation_goes_on() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let mut run = remote_run(&rt, &fake, &flow);
    run.open().unwrap();
    {
        let mut s = fake.state.lock().unwrap();
        let now = SystemClock.now().unix_seconds();
        for (i, (kind, content)) in [
            ("TIMCustomElem", serde_json::json!({"Data": "{not json"})),
            ("TIMSoundElem", serde_json::json!({"Url": "x"})),
        ]
        .into_iter()
        .enumerate()
        {
            s.messages.push(fake_message(i, now, kind, content));
        }
    }
    run.step(1, &Step::Choose("Speakers".into())).unwrap();
    assert!(
        run.conv
            .session()
            .entries()
            .iter()
            .any(|e| matches!(e.content, desksim::session::Content::Malformed(_)))
    );
    assert!(
        run.problems()
            .iter()
            .any(|(_, p)| p.contains("TIMSoundElem")),
        "{:?}",
        run.problems()
    );
    assert!(
        run.conv
            .session()
            .entries()
            .iter()
            .any(|e| e.src() == Some("22")),
        "the conversation went on"
    );
}

fn fake_message(
    i: usize,
    now: i64,
    kind: &str,
    content: serde_json::Value,
) -> support::fake_tencent::Stored {
    support::fake_tencent::Stored::new(desksim::backend::tencent::api::RoamMsg {
        from_account: fake::SERVICE.into(),
        to_account: fake::USER.into(),
        msg_seq: 10_000 + i as i64,
        msg_random: 1,
        msg_time_stamp: now,
        msg_flag_bits: 0,
        msg_key: format!("injected-{i}"),
        msg_body: vec![desksim::backend::tencent::api::MsgElem {
            msg_type: kind.into(),
            msg_content: content,
        }],
        cloud_custom_data: None,
    })
}

#[test]
fn the_start_time_of_a_flow_test_is_honoured() {
    assert_eq!(
        start_time(Some("2025-06-15T10:00:00Z")).unwrap(),
        Timestamp(1_749_981_600_000)
    );
}

#[test]
fn a_computer_clock_ahead_of_the_service_loses_no_message() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    // The service's clock is two minutes behind the computer's.
    fake.state.lock().unwrap().ahead_s = -120;
    let (remote, result) = play(remote_run(&rt, &fake, &flow), &retail_steps()[..2]);
    result.unwrap();
    let (local, _) = play_local(flow, None, &retail_steps()[..2]);
    let differences = diff("embedded", local.lines(), "tencent", remote.lines());
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

// ---- fidelity: what IM does with what desksim sends ----------------------

/// The `src` of a stored message's custom data, if it has one.
fn src_of(m: &desksim::backend::tencent::api::RoamMsg) -> Option<String> {
    let data = m.msg_body.first()?.msg_content.get("Data")?.as_str()?;
    let data: serde_json::Value = serde_json::from_str(data).ok()?;
    data["src"].as_str().map(str::to_owned)
}

#[test]
fn online_only_sends_carry_online_only_flag_and_stay_out_of_the_history() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let (_run, result) = play(remote_run(&rt, &fake, &flow), &retail_steps());
    result.unwrap();
    // The trigger, the rating request and the rating choice.
    for src in ["7", "24", "10"] {
        let sent = fake.requests_with_src(src);
        assert!(!sent.is_empty(), "src {src} was sent");
        for body in sent {
            assert_eq!(body["OnlineOnlyFlag"], 1, "src {src}: {body}");
        }
    }
    let state = fake.state.lock().unwrap();
    let texts: Vec<_> = state
        .requests
        .iter()
        .filter(|r| r["MsgBody"][0]["MsgType"] == "TIMTextElem")
        .collect();
    assert!(!texts.is_empty());
    assert!(
        texts.iter().all(|r| r.get("OnlineOnlyFlag").is_none()),
        "stored messages are sent as usual: {texts:?}"
    );
    let kept: Vec<_> = state
        .messages
        .iter()
        .filter(|m| m.msg.from_account == fake::USER)
        .filter_map(|m| src_of(&m.msg))
        .collect();
    assert!(
        kept.iter()
            .all(|src| !["7", "10", "24", "27"].contains(&src.as_str())),
        "an online-only message is in the history: {kept:?}"
    );
}

#[test]
fn a_send_whose_answer_is_lost_is_carried_out_once_even_when_online_only() {
    let rt = runtime();
    // The fake de-duplicates as IM does (sender, MsgSeq, MsgRandom, content).
    let fake = retail_fake(&rt);
    retail_through(&rt, &fake, "answers lost", |_, step| {
        // A stored text and the online-only rating choice: each carried
        // out, its answer lost.
        if matches!(step, Step::Say(_) | Step::Rate(_)) {
            fake.inject("sendmsg", Fault::AfterWork(Box::new(Fault::Reset)));
        }
    });
    assert!(
        fake.duplicates().is_empty(),
        "carried out twice: {:?}",
        fake.duplicates()
    );
    let choices = fake.requests_with_src("10");
    assert!(choices.len() >= 2, "the rating choice was sent again");
    assert!(choices[0]["MsgSeq"].is_u64(), "{}", choices[0]);
    for retry in &choices[1..] {
        assert_eq!(retry["MsgSeq"], choices[0]["MsgSeq"]);
        assert_eq!(retry["MsgRandom"], choices[0]["MsgRandom"]);
    }
    let state = fake.state.lock().unwrap();
    let seqs: std::collections::HashSet<_> =
        state.requests.iter().map(|r| r["MsgSeq"].clone()).collect();
    let randoms: std::collections::HashSet<_> = state
        .requests
        .iter()
        .map(|r| r["MsgRandom"].clone())
        .collect();
    assert_eq!(seqs.len(), randoms.len(), "one MsgSeq per message");
}

#[test]
fn error_codes_are_explained_as_tencent_documents_them() {
    use desksim::backend::tencent::error::{RemoteError, explain};
    let says = |code: i64, words: &[&str]| {
        let text = explain(code);
        for w in words {
            assert!(text.contains(w), "{code}: {text}");
        }
    };
    says(60006, &["SDKAppID", "invalid"]);
    says(60009, &["URL"]);
    says(20016, &["recall", "time limit"]);
    says(90026, &["MsgLifeTime", "7 days"]);
    says(90031, &["SyncOtherMachine", "integer"]);
    says(90044, &["MsgLifeTime", "integer"]);
    says(90048, &["does not exist"]);
    assert_eq!(explain(90020), explain(1), "90020 is no code of sendmsg");
    for code in [70016, 70020] {
        let e = RemoteError::Api {
            code,
            info: String::new(),
            host: "adminapisgp.im.qcloud.com".into(),
        };
        let text = e.to_string();
        assert!(
            text.contains("region") && text.contains("adminapisgp.im.qcloud.com"),
            "{text}"
        );
    }
}

#[test]
fn busy_answers_are_retried_and_wrong_settings_are_not() {
    use desksim::backend::tencent::error::RemoteError;
    let api = |code| RemoteError::Api {
        code,
        info: String::new(),
        host: "console.tim.qq.com".into(),
    };
    for code in [60007, 60008, 60011, 60018, 60019, 90995] {
        assert!(api(code).retryable(), "{code}");
    }
    for code in [60006, 60009, 70009, 70016, 70020, 20003, 90048] {
        assert!(!api(code).retryable(), "{code}");
    }
}

#[test]
fn a_garbled_or_failed_history_read_is_retried_quietly() {
    let rt = runtime();
    let fake = retail_fake(&rt);
    let run = retail_through(&rt, &fake, "history faults", |i, _| {
        if i == 0 {
            for fault in [
                Fault::Malformed,
                Fault::Huge,
                Fault::AfterWork(Box::new(Fault::Malformed)),
                Fault::Status(502),
            ] {
                fake.inject("getroammsg", fault);
            }
        }
    });
    assert!(
        run.problems().is_empty(),
        "nothing was lost: {:?}",
        run.problems()
    );
}

#[test]
fn the_look_up_before_a_resend_reads_from_a_little_before_the_first_attempt() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    {
        let mut s = fake.state.lock().unwrap();
        // The service's clock is an hour ahead of the computer's: read from
        // the session's start as the computer tells it, the history is
        // long, a message a page.
        s.ahead_s = 3600;
        s.page_size = 1;
    }
    let mut run = remote_run(&rt, &fake, &flow);
    run.open().unwrap();
    let earlier = SystemClock.now().unix_seconds() + 3600 - 1800;
    {
        let mut s = fake.state.lock().unwrap();
        for i in 0..80 {
            let mut m = fake_message(
                i,
                earlier + i as i64,
                "TIMTextElem",
                serde_json::json!({ "Text": format!("earlier {i}") }),
            );
            m.msg.from_account = fake::USER.into();
            m.msg.to_account = fake::SERVICE.into();
            s.messages.push(m);
        }
        s.roam_requests.clear();
    }
    // Not carried out, and unclear: looked up before it is sent again.
    fake.inject("sendmsg", Fault::Status(503));
    let started = std::time::Instant::now();
    run.step(1, &Step::Choose("Speakers".into())).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(run.problems().is_empty(), "{:?}", run.problems());
    let s = fake.state.lock().unwrap();
    let from_the_start = s
        .roam_requests
        .iter()
        .filter(|r| r["MinTime"].as_i64().is_some_and(|t| t < earlier + 80))
        .count();
    assert_eq!(from_the_start, 0, "pages read from the session's start");
    let stored = s
        .messages
        .iter()
        .filter(|m| {
            m.msg.msg_body.first().map(|b| &b.msg_content["Text"]) == Some(&"Speakers".into())
        })
        .count();
    assert_eq!(stored, 1, "the choice was sent, once");
}

#[test]
fn a_message_recalled_after_it_was_shown_is_reported_once() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let mut run = remote_run(&rt, &fake, &flow);
    run.open().unwrap();
    run.step(1, &Step::Choose("Speakers".into())).unwrap();
    let stored: Vec<String> = {
        let s = fake.state.lock().unwrap();
        s.messages.iter().map(|m| m.msg.msg_key.clone()).collect()
    };
    let id = run
        .conv
        .session()
        .entries()
        .iter()
        .rev()
        .find(|e| e.direction == desksim::session::Direction::In && stored.contains(&e.id))
        .map(|e| e.id.clone())
        .expect("a stored message from the service");
    fake.recall(&id);
    run.step(2, &Step::Say("hello?".into())).unwrap();
    run.step(3, &Step::Say("still there?".into())).unwrap();
    let recalls: Vec<_> = run
        .lines()
        .iter()
        .filter(|l| l.kind == desksim::session::LineKind::Recalled)
        .collect();
    assert_eq!(recalls.len(), 1, "{recalls:?}");
    assert_eq!(recalls[0].id, id);
    assert!(run.conv.session().entry(&id).unwrap().recalled);
}

#[test]
fn a_wrong_secret_fails_the_first_step_at_once() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let run = Run::realtime(
        backend(&rt, settings(&fake), "not-the-secret"),
        SessionConfig::for_flow(&flow.flow),
        Duration::from_millis(300),
        ShiftedClock::starting_at(fake.start),
    );
    let started = std::time::Instant::now();
    let (run, _) = play(run, &[Step::Say("hello".into())]);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            run.conv.connection(),
            Some(desksim::backend::ConnectionState::Failed { why }) if why.contains("70009")
        ),
        "{:?}",
        run.conv.connection()
    );
    assert!(run.problems().iter().any(|(_, p)| p.contains("70009")));
    assert!(fake.state.lock().unwrap().received.is_empty());
}

#[test]
fn a_send_refused_for_good_is_reported_refused_and_the_queue_goes_on() {
    let flow = load("flows/retail_presales.json");
    let rt = runtime();
    let fake = Fake::start(&rt, flow.clone(), start_time(None).unwrap());
    let mut run = remote_run(&rt, &fake, &flow);
    run.open().unwrap();
    fake.inject("sendmsg", Fault::ErrorCode(90048));
    let started = std::time::Instant::now();
    run.step(1, &Step::Say("hello".into())).unwrap();
    run.step(2, &Step::Choose("Speakers".into())).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let hello = run
        .lines()
        .iter()
        .find(|l| l.dir == desksim::session::Direction::Out && l.data.as_str() == "hello")
        .map(|l| l.id.clone())
        .expect("hello was sent");
    let refused: Vec<_> = run
        .lines()
        .iter()
        .filter(|l| l.kind == desksim::session::LineKind::Refused)
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].id, hello);
    let refusal = run.conv.session().entry(&hello).unwrap().refusal.clone();
    assert_eq!(refusal.map(|r| r.code), Some(Some(90048)));
    assert!(
        fake.state
            .lock()
            .unwrap()
            .requests
            .iter()
            .any(|r| r["MsgBody"][0]["MsgContent"]["Text"] == "Speakers"),
        "the next message went"
    );
}
