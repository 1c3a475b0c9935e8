//! The user-side session model, rule by rule, and one whole conversation.

use std::sync::Arc;
use std::time::Duration;

use desksim::clock::{Timestamp, VirtualClock};
use desksim::protocol::{CsMessage, OutgoingBody, SeatStatus};
use desksim::session::{
    Arrival, CardState, Content, Direction, FormAnswer, Incoming, Intent, IntentError, LockReason,
    Payload, Phase, Presentation, Session, SessionConfig,
};

const START: i64 = 1_750_000_000; // Unix seconds

fn session() -> (Session, VirtualClock) {
    let clock = VirtualClock::new(Timestamp::from_unix_seconds(START));
    let config = SessionConfig {
        language: "zh".into(),
        human_service_words: "人工服务".into(),
    };
    (Session::new(config, Arc::new(clock.clone())), clock)
}

fn custom(s: &mut Session, id: &str, data: &str) -> usize {
    s.receive(Incoming {
        id: id.into(),
        arrival: Arrival::New,
        payload: Payload::Custom(data.into()),
        from: None,
    })
}

fn update(s: &mut Session, id: &str, data: &str) -> usize {
    s.receive(Incoming {
        id: id.into(),
        arrival: Arrival::Update,
        payload: Payload::Custom(data.into()),
        from: None,
    })
}

fn text(s: &mut Session, id: &str, t: &str) -> usize {
    s.receive(Incoming {
        id: id.into(),
        arrival: Arrival::New,
        payload: Payload::Text(t.into()),
        from: None,
    })
}

fn sent_text(sent: &[desksim::session::Sent]) -> &str {
    match &sent[0].outgoing.body {
        OutgoingBody::Text { text, .. } => text,
        OutgoingBody::Custom { data } => data,
    }
}

fn rules(flag: i64) -> String {
    format!(r#"{{"customerServicePlugin":0,"src":"23","content":{{"menuSendRuleFlag":{flag}}}}}"#)
}

fn seat(status: &str) -> String {
    format!(
        r#"{{"customerServicePlugin":0,"src":"26","content":{{"command":"updateSeatStatus","content":"{status}"}}}}"#
    )
}

const BRANCH: &str = r#"{"customerServicePlugin":0,"src":"15","content":{"header":"请选择","items":[{"content":"人工服务","desc":""},{"content":"订单查询","desc":""}],"tail":""}}"#;
const TEXT_FORM: &str =
    r#"{"customerServicePlugin":0,"src":"21","content":{"header":"请输入订单号","type":0}}"#;
const OPTION_FORM: &str = r#"{"customerServicePlugin":0,"src":"21","content":{"header":"尺码","items":[{"content":"S"},{"content":"M"}],"type":1}}"#;
const END: &str = r#"{"customerServicePlugin":0,"src":"19"}"#;
const TIMEOUT: &str = r#"{"customerServicePlugin":0,"src":"20"}"#;
const TYPING: &str = r#"{"customerServicePlugin":0,"src":"12"}"#;

fn rating_card(expire: i64) -> String {
    format!(
        r#"{{"customerServicePlugin":0,"src":"9","menuContent":{{"head":"请评价","tail":"谢谢","menu":[{{"id":"1","content":"差"}},{{"id":"2","content":"中"}},{{"id":"3","content":"好"}},{{"id":"4","content":"很好"}},{{"id":"5","content":"非常好"}}],"type":1,"sessionId":"s-1","effectiveHour":12,"expireTime":{expire}}}}}"#
    )
}

fn started() -> (Session, VirtualClock) {
    let (mut s, clock) = session();
    s.act(Intent::Start).unwrap();
    custom(&mut s, "m1", &rules(7));
    custom(&mut s, "m2", &seat("outSeat"));
    (s, clock)
}

#[test]
fn a_whole_conversation_from_trigger_to_end() {
    let (mut s, clock) = session();
    assert_eq!(s.phase(), Phase::NotStarted);
    assert!(!s.affordances().composer);

    // Opening the conversation sends the trigger, online-only, with the language.
    let sent = s.act(Intent::Start).unwrap();
    assert!(sent[0].outgoing.online_only);
    assert_eq!(
        sent_text(&sent),
        r#"{"customerServicePlugin":0,"src":"7","triggeredContent":{"language":"zh"}}"#
    );

    // The service answers with the rating rules and the seat status.
    custom(&mut s, "m1", &rules(7));
    custom(&mut s, "m2", &seat("outSeat"));
    let a = s.affordances();
    assert!(a.composer && a.human_service && !a.rate && !a.end_service);

    // A branch; the user picks an item; the answer is the item's text.
    let branch = custom(&mut s, "m3", BRANCH);
    let sent = s
        .act(Intent::Choose {
            id: "m3".into(),
            index: 1,
        })
        .unwrap();
    assert_eq!(sent_text(&sent), "订单查询");
    assert!(!sent[0].outgoing.online_only);
    assert_eq!(
        s.card_state(branch),
        CardState::Locked(LockReason::Answered)
    );

    // A text form; the user answers it.
    let form = custom(&mut s, "m4", TEXT_FORM);
    let sent = s
        .act(Intent::AnswerForm {
            id: "m4".into(),
            answer: FormAnswer::Text("20240611".into()),
        })
        .unwrap();
    assert_eq!(sent_text(&sent), "20240611");
    assert_eq!(s.answer_of(form).as_deref(), Some("20240611"));

    // Transfer: human service, then in seat.
    let sent = s.act(Intent::RequestHuman).unwrap();
    assert_eq!(sent_text(&sent), "人工服务");
    custom(&mut s, "m5", &seat("inSeat"));
    text(&mut s, "m6", "您好，我是客服小王");
    let a = s.affordances();
    assert!(!a.human_service && a.rate && a.end_service);
    assert_eq!(a.seat, SeatStatus::InSeat);

    // The user asks for the rating card and rates.
    let sent = s.act(Intent::RequestRating).unwrap();
    assert_eq!(
        sent_text(&sent),
        r#"{"customerServicePlugin":0,"src":"24"}"#
    );
    let card = custom(&mut s, "m7", &rating_card(START + 3600));
    let sent = s
        .act(Intent::Rate {
            id: "m7".into(),
            option_id: "5".into(),
        })
        .unwrap();
    assert!(sent[0].outgoing.online_only);
    assert!(
        sent_text(&sent)
            .contains(r#""menuSelected":{"id":"5","content":"非常好","sessionId":"s-1"}"#)
    );
    assert_eq!(s.card_state(card), CardState::Locked(LockReason::Answered));

    // The user ends the human session; the service goes back to the bot and ends.
    clock.advance(Duration::from_secs(30));
    let sent = s.act(Intent::EndHumanService).unwrap();
    assert!(sent_text(&sent).contains(r#""src":"27""#));
    custom(&mut s, "m8", &seat("outSeat"));
    custom(&mut s, "m9", END);
    let a = s.affordances();
    assert_eq!(a.phase, Phase::Ended);
    assert!(!a.composer && a.start_new_session && !a.human_service && !a.end_service);
    assert_eq!(
        s.act(Intent::SendText("还在吗".into())),
        Err(IntentError::SessionOver(Phase::Ended))
    );

    // Start new session: the trigger again; the composer comes back.
    let sent = s.act(Intent::Start).unwrap();
    assert!(sent_text(&sent).contains(r#""src":"7""#));
    assert!(s.affordances().composer);
}

// ---- transcript ----------------------------------------------------------

#[test]
fn every_message_is_kept_with_its_raw_text_and_direction() {
    let (mut s, _) = started();
    text(&mut s, "t1", "hello");
    s.act(Intent::SendText("hi".into())).unwrap();
    let entries = s.entries();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[0].direction, Direction::Out);
    assert_eq!(entries[1].raw, rules(7));
    assert_eq!(entries[4].content, Content::Text("hi".into()));
    assert_eq!(entries[4].direction, Direction::Out);
}

#[test]
fn an_update_replaces_the_message_in_place() {
    let (mut s, _) = started();
    let first = custom(
        &mut s,
        "st",
        r#"{"customerServicePlugin":0,"src":"31","chunks":["您好，"],"isFinished":0}"#,
    );
    let again = update(
        &mut s,
        "st",
        r#"{"customerServicePlugin":0,"src":"31","chunks":["您好，","有什么可以帮您？"],"isFinished":1}"#,
    );
    assert_eq!(first, again);
    let entry = &s.entries()[first];
    assert_eq!(entry.revision, 1);
    let Some(CsMessage::StreamText(st)) = entry.service() else {
        panic!()
    };
    assert_eq!(st.text(), "您好，有什么可以帮您？");
    assert_eq!(s.entries().len(), 4);
}

#[test]
fn a_rating_card_that_gains_selected_is_locked_with_that_choice() {
    let (mut s, _) = started();
    let card = custom(&mut s, "r", &rating_card(START + 3600));
    assert!(s.card_state(card).is_open());
    let selected = rating_card(START + 3600).replace(
        r#","expireTime""#,
        r#","selected":{"id":"4","content":"很好"},"expireTime""#,
    );
    update(&mut s, "r", &selected);
    assert_eq!(s.card_state(card), CardState::Locked(LockReason::Answered));
    assert_eq!(s.answer_of(card).as_deref(), Some("4"));
}

#[test]
fn an_update_for_an_unknown_id_is_kept_as_a_new_message() {
    let (mut s, _) = started();
    let before = s.entries().len();
    update(&mut s, "nope", TYPING);
    assert_eq!(s.entries().len(), before + 1);
}

#[test]
fn a_malformed_message_is_kept_as_an_error_entry() {
    let (mut s, _) = started();
    let at = custom(
        &mut s,
        "bad",
        r#"{"customerServicePlugin":0,"src":"15","content":{"items":[{"content":7}]}}"#,
    );
    let entry = &s.entries()[at];
    assert!(matches!(entry.content, Content::Malformed(_)));
    assert_eq!(entry.presentation(), Presentation::Bubble);
    let at = custom(&mut s, "bad2", "{not json");
    assert!(matches!(s.entries()[at].content, Content::Malformed(_)));
}

#[test]
fn presentation_follows_the_clients() {
    let (mut s, _) = started();
    let hidden = s
        .entries()
        .iter()
        .map(|e| e.presentation())
        .collect::<Vec<_>>();
    // trigger (out), rules, a seat status that changes nothing
    assert_eq!(
        hidden,
        [
            Presentation::Hidden,
            Presentation::Hidden,
            Presentation::Hidden
        ]
    );
    let seat_in = custom(&mut s, "in", &seat("inSeat"));
    assert_eq!(s.entries()[seat_in].presentation(), Presentation::Banner);
    let tip = custom(
        &mut s,
        "tip",
        r#"{"customerServicePlugin":0,"src":"37","content":"请尽快回复"}"#,
    );
    assert_eq!(s.entries()[tip].presentation(), Presentation::SystemLine);
    let unknown = custom(&mut s, "u", r#"{"customerServicePlugin":0,"src":"99"}"#);
    assert_eq!(s.entries()[unknown].presentation(), Presentation::Hidden);
    let b = custom(&mut s, "b", BRANCH);
    assert_eq!(s.entries()[b].presentation(), Presentation::Bubble);
}

// ---- locks ---------------------------------------------------------------

#[test]
fn branch_is_locked_after_a_choice_and_a_second_choice_is_refused() {
    let (mut s, _) = started();
    let at = custom(&mut s, "b", BRANCH);
    s.act(Intent::Choose {
        id: "b".into(),
        index: 0,
    })
    .unwrap();
    let before = s.entries().len();
    let err = s
        .act(Intent::Choose {
            id: "b".into(),
            index: 1,
        })
        .unwrap_err();
    assert_eq!(
        err,
        IntentError::Locked {
            id: "b".into(),
            reason: LockReason::Answered
        }
    );
    assert_eq!(s.entries().len(), before, "a refused intent sends nothing");
    assert_eq!(s.answer_of(at).as_deref(), Some("人工服务"));
}

#[test]
fn a_branch_that_arrives_with_selected_is_locked() {
    let (mut s, _) = started();
    let data = BRANCH.replace(
        r#""tail":"""#,
        r#""tail":"","selected":{"content":"订单查询"}"#,
    );
    let at = custom(&mut s, "b", &data);
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Answered));
    assert_eq!(s.answer_of(at).as_deref(), Some("订单查询"));
}

#[test]
fn typing_an_item_text_answers_the_open_branch() {
    let (mut s, _) = started();
    let at = custom(&mut s, "b", BRANCH);
    s.act(Intent::SendText("随便问问".into())).unwrap();
    assert!(s.card_state(at).is_open(), "other text leaves it open");
    s.act(Intent::SendText("订单查询".into())).unwrap();
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Answered));
}

#[test]
fn a_form_is_locked_after_an_answer() {
    let (mut s, _) = started();
    let at = custom(&mut s, "f", OPTION_FORM);
    assert!(matches!(
        s.act(Intent::AnswerForm {
            id: "f".into(),
            answer: FormAnswer::Text("XL".into())
        }),
        Err(IntentError::Invalid(_))
    ));
    let sent = s
        .act(Intent::AnswerForm {
            id: "f".into(),
            answer: FormAnswer::Option(1),
        })
        .unwrap();
    assert_eq!(sent_text(&sent), "M");
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Answered));
    assert!(matches!(
        s.act(Intent::AnswerForm {
            id: "f".into(),
            answer: FormAnswer::Option(0)
        }),
        Err(IntentError::Locked { .. })
    ));
}

#[test]
fn a_form_with_selected_is_locked_and_shows_the_answer() {
    let (mut s, _) = started();
    let data = TEXT_FORM.replace(r#""type":0"#, r#""type":0,"selected":{"content":"A123"}"#);
    let at = custom(&mut s, "f", &data);
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Answered));
    assert_eq!(s.answer_of(at).as_deref(), Some("A123"));
}

#[test]
fn rating_locks_at_once_before_any_echo() {
    let (mut s, _) = started();
    let at = custom(&mut s, "r", &rating_card(START + 60));
    s.act(Intent::Rate {
        id: "r".into(),
        option_id: "3".into(),
    })
    .unwrap();
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Answered));
    assert!(matches!(
        s.act(Intent::Rate {
            id: "r".into(),
            option_id: "4".into()
        }),
        Err(IntentError::Locked { .. })
    ));
}

#[test]
fn rating_after_expiry_is_refused() {
    let (mut s, clock) = started();
    let at = custom(&mut s, "r", &rating_card(START + 60));
    clock.advance(Duration::from_secs(61));
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Expired));
    let err = s
        .act(Intent::Rate {
            id: "r".into(),
            option_id: "3".into(),
        })
        .unwrap_err();
    assert_eq!(
        err,
        IntentError::Locked {
            id: "r".into(),
            reason: LockReason::Expired
        }
    );
}

#[test]
fn rating_an_option_not_in_the_menu_is_refused() {
    let (mut s, _) = started();
    custom(&mut s, "r", &rating_card(START + 60));
    assert!(matches!(
        s.act(Intent::Rate {
            id: "r".into(),
            option_id: "9".into()
        }),
        Err(IntentError::NoSuchOption { .. })
    ));
}

#[test]
fn the_rating_card_stays_open_after_the_session_ends() {
    let (mut s, _) = started();
    custom(&mut s, "end", END);
    let at = custom(&mut s, "r", &rating_card(START + 60));
    assert!(s.card_state(at).is_open());
    s.act(Intent::Rate {
        id: "r".into(),
        option_id: "5".into(),
    })
    .unwrap();
}

#[test]
fn branches_lock_when_the_session_ends_and_stay_locked_in_the_next() {
    let (mut s, _) = started();
    let at = custom(&mut s, "b", BRANCH);
    custom(&mut s, "t", TIMEOUT);
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::SessionOver));
    s.act(Intent::Start).unwrap();
    assert_eq!(
        s.card_state(at),
        CardState::Locked(LockReason::EarlierSession)
    );
}

#[test]
fn choosing_on_something_that_is_not_a_branch_is_refused() {
    let (mut s, _) = started();
    let err = s
        .act(Intent::Choose {
            id: "m1".into(),
            index: 0,
        })
        .unwrap_err();
    assert!(matches!(
        err,
        IntentError::WrongKind {
            expected: "branch",
            ..
        }
    ));
    let err = s
        .act(Intent::Choose {
            id: "zz".into(),
            index: 0,
        })
        .unwrap_err();
    assert_eq!(err, IntentError::NoSuchMessage("zz".into()));
    custom(&mut s, "b", BRANCH);
    assert!(matches!(
        s.act(Intent::Choose {
            id: "b".into(),
            index: 5
        }),
        Err(IntentError::NoSuchItem { count: 2, .. })
    ));
}

#[test]
fn task_form_is_submitted_once_and_required_fields_are_checked() {
    let (mut s, _) = started();
    let data = std::fs::read_to_string("tests/fixtures/messages/src33_task_form.json").unwrap();
    let at = custom(&mut s, "tf", &data);
    assert!(matches!(
        s.act(Intent::SubmitTaskForm {
            id: "tf".into(),
            values: vec!["".into(), "开户".into()]
        }),
        Err(IntentError::Invalid(_))
    ));
    let sent = s
        .act(Intent::SubmitTaskForm {
            id: "tf".into(),
            values: vec!["张三".into(), "开户".into()],
        })
        .unwrap();
    assert!(sent_text(&sent).contains(r#""src":"33""#));
    assert_eq!(s.card_state(at), CardState::Locked(LockReason::Answered));
    let closed = data.replace(r#""nodeStatus": 0"#, r#""nodeStatus": 2"#);
    let at = custom(&mut s, "tf2", &closed);
    assert_eq!(
        s.card_state(at),
        CardState::Locked(LockReason::ClosedByService)
    );
}

#[test]
fn a_fixed_button_task_branch_answer_carries_cloud_custom_data() {
    let (mut s, _) = started();
    let data = std::fs::read_to_string("tests/fixtures/messages/src32_task_branch.json").unwrap();
    custom(&mut s, "tb", &data);
    let sent = s
        .act(Intent::Choose {
            id: "tb".into(),
            index: 0,
        })
        .unwrap();
    let OutgoingBody::Text {
        text,
        cloud_custom_data,
    } = &sent[0].outgoing.body
    else {
        panic!()
    };
    assert_eq!(text, "Morning");
    assert!(
        cloud_custom_data
            .as_deref()
            .unwrap()
            .contains("BranchOptionInfo")
    );
}

// ---- affordances ---------------------------------------------------------

#[test]
fn human_service_shows_only_out_of_seat() {
    let (mut s, _) = started();
    assert!(s.affordances().human_service);
    custom(&mut s, "in", &seat("inSeat"));
    assert!(!s.affordances().human_service);
    assert_eq!(s.act(Intent::RequestHuman), Err(IntentError::AlreadyInSeat));
}

#[test]
fn rate_shows_only_in_seat_with_the_user_bit() {
    let (mut s, _) = started();
    assert!(!s.affordances().rate, "out of seat");
    assert_eq!(s.act(Intent::RequestRating), Err(IntentError::NotInSeat));
    custom(&mut s, "in", &seat("inSeat"));
    assert!(s.affordances().rate);
    custom(&mut s, "r3", &rules(3));
    assert!(!s.affordances().rate, "flag 3 has no user bit");
    assert_eq!(
        s.act(Intent::RequestRating),
        Err(IntentError::RatingNotAllowed(Some(3)))
    );
    custom(&mut s, "r8", &rules(12));
    assert!(
        s.affordances().rate,
        "bit 4 is tested as Android does, whatever else is set"
    );
}

#[test]
fn end_service_shows_only_in_seat() {
    let (mut s, _) = started();
    assert!(!s.affordances().end_service);
    assert_eq!(s.act(Intent::EndHumanService), Err(IntentError::NotInSeat));
    custom(&mut s, "in", &seat("inSeat"));
    assert!(s.affordances().end_service);
}

#[test]
fn the_composer_is_disabled_after_a_timeout_until_a_new_session() {
    let (mut s, _) = started();
    custom(&mut s, "in", &seat("inSeat"));
    custom(&mut s, "t", TIMEOUT);
    let a = s.affordances();
    assert_eq!(a.phase, Phase::TimedOut);
    assert!(!a.composer && a.start_new_session && !a.end_service && !a.rate);
    assert_eq!(a.seat, SeatStatus::OutSeat);
    s.act(Intent::Start).unwrap();
    assert!(s.affordances().composer);
}

#[test]
fn nothing_can_be_sent_before_the_conversation_starts() {
    let (mut s, _) = session();
    assert_eq!(
        s.act(Intent::SendText("hi".into())),
        Err(IntentError::NotStarted)
    );
    assert!(s.entries().is_empty());
}

#[test]
fn empty_text_is_refused() {
    let (mut s, _) = started();
    assert_eq!(
        s.act(Intent::SendText("   ".into())),
        Err(IntentError::EmptyText)
    );
}

#[test]
fn typing_shows_until_the_next_message_or_ten_seconds() {
    let (mut s, clock) = started();
    custom(&mut s, "ty", TYPING);
    assert!(s.affordances().typing);
    text(&mut s, "m", "您好");
    assert!(!s.affordances().typing, "cleared by the next message");
    custom(&mut s, "ty2", TYPING);
    clock.advance(Duration::from_secs(9));
    assert!(s.affordances().typing);
    clock.advance(Duration::from_secs(1));
    assert!(!s.affordances().typing, "gone after 10 s");
}

#[test]
fn thinking_shows_while_status_is_zero_and_for_at_most_sixty_seconds() {
    let (mut s, clock) = started();
    custom(
        &mut s,
        "th",
        r#"{"customerServicePlugin":0,"src":"35","thinkingStatus":0}"#,
    );
    assert_eq!(s.affordances().thinking.as_deref(), Some("th"));
    update(
        &mut s,
        "th",
        r#"{"customerServicePlugin":0,"src":"35","thinkingStatus":1}"#,
    );
    assert_eq!(s.affordances().thinking, None);
    custom(
        &mut s,
        "th2",
        r#"{"customerServicePlugin":0,"src":"35","thinkingStatus":0}"#,
    );
    clock.advance(Duration::from_secs(60));
    assert_eq!(s.affordances().thinking, None);
}

#[test]
fn welcome_card_pages_wrap_around() {
    let (mut s, _) = started();
    let data = std::fs::read_to_string("tests/fixtures/messages/src29_welcome.json").unwrap();
    let at = custom(&mut s, "w", &data);
    s.act(Intent::Choose {
        id: "w".into(),
        index: 0,
    })
    .unwrap();
    s.act(Intent::Choose {
        id: "w".into(),
        index: 1,
    })
    .unwrap();
    assert!(
        s.card_state(at).is_open(),
        "a welcome card takes one question after another"
    );
    s.act(Intent::NextPage { id: "w".into() }).unwrap();
    assert_eq!(s.entries()[at].page, 1);
    s.act(Intent::NextPage { id: "w".into() }).unwrap();
    assert_eq!(s.entries()[at].page, 0, "7 items make 2 pages of 5");
}

#[test]
fn a_raw_message_is_decoded_leniently_and_sent_as_pasted() {
    let (mut s, _) = started();
    let sent = s
        .act(Intent::SendRaw(
            "{customerServicePlugin: 0, src: '24', // ask\n}".into(),
        ))
        .unwrap();
    assert_eq!(
        sent_text(&sent),
        r#"{"customerServicePlugin":0,"src":"24"}"#
    );
    assert!(sent[0].outgoing.online_only);
    // Strict JSON goes byte for byte: key order and spacing kept.
    let pasted = r#"{"src": "22", "customerServicePlugin": 0, "content": {"url": "https://e.com", "header": "h"}}"#;
    let sent = s.act(Intent::SendRaw(format!("  {pasted}\n"))).unwrap();
    assert_eq!(sent_text(&sent), pasted);
    let err = s.act(Intent::SendRaw("{src: ".into())).unwrap_err();
    assert!(matches!(err, IntentError::BadRaw(_)));
    assert!(matches!(
        s.act(Intent::SendRaw(r#"{"src":"24"}"#.into())),
        Err(IntentError::Invalid(_))
    ));
}

#[test]
fn a_product_card_is_sent_stored() {
    let (mut s, _) = started();
    let card = desksim::protocol::ProductCard {
        header: "耳机".into(),
        desc: "¥899".into(),
        pic: "https://example.com/a.jpg".into(),
        url: "https://example.com/a".into(),
        custom_field: None,
    };
    let sent = s.act(Intent::SendProductCard(card)).unwrap();
    assert!(!sent[0].outgoing.online_only);
    let entry = s.entries().last().unwrap();
    assert_eq!(entry.presentation(), Presentation::Bubble);
    assert_eq!(entry.direction, Direction::Out);
}

#[test]
fn an_update_never_overwrites_what_the_user_sent() {
    let (mut s, _) = session();
    let sent = s.act(Intent::Start).unwrap();
    let id = sent[0].id.clone();
    s.receive(Incoming {
        id: id.clone(),
        arrival: Arrival::Update,
        payload: Payload::Text("from the service".into()),
        from: None,
    });
    assert_eq!(s.entries().len(), 2);
    assert!(matches!(
        s.entries()[0].content,
        Content::Service(CsMessage::Trigger(_))
    ));
    assert_eq!(s.entries()[1].direction, Direction::In);
}

#[test]
fn the_end_of_a_session_clears_thinking_and_typing() {
    let (mut s, _) = session();
    s.act(Intent::Start).unwrap();
    custom(
        &mut s,
        "th",
        r#"{"customerServicePlugin":0,"src":"35","thinkingStatus":0}"#,
    );
    custom(&mut s, "ty", r#"{"customerServicePlugin":0,"src":"12"}"#);
    assert!(s.affordances().thinking.is_some() && s.affordances().typing);
    custom(&mut s, "end", r#"{"customerServicePlugin":0,"src":"19"}"#);
    s.act(Intent::Start).unwrap();
    let a = s.affordances();
    assert_eq!((a.thinking, a.typing), (None, false));
}

#[test]
fn the_user_s_next_message_after_recorded_ones_never_reuses_their_ids() {
    let (mut s, _) = session();
    s.record_outgoing(
        "u7".into(),
        desksim::protocol::Outgoing::text("recorded earlier"),
    );
    let sent = s.act(Intent::SendText("now".into())).unwrap();
    assert_eq!(sent[0].id, "u8");
}

#[test]
fn a_read_only_session_refuses_every_intent() {
    let (mut s, _) = started();
    s.make_read_only();
    assert_eq!(
        s.act(Intent::SendText("hi".into())).unwrap_err(),
        IntentError::ReadOnly
    );
    assert!(!s.affordances().composer);
    assert!(!s.affordances().start_new_session);
}

// ---- fidelity, round two ----------------------------------------------------

fn task_branch(status: &str) -> String {
    format!(
        r#"{{"customerServicePlugin":0,"src":"32","content":{{"header":"h","items":[{{"content":"A"}}],"tail":""}}{status},"optionType":0}}"#
    )
}

#[test]
fn a_task_branch_takes_an_answer_only_at_status_0() {
    let (mut s, _) = started();
    let open = custom(&mut s, "t0", &task_branch(r#","status":0"#));
    assert!(s.card_state(open).is_open());
    for (id, status, reason) in [
        ("t1", r#","status":1"#, LockReason::MovedOn),
        ("tn", "", LockReason::MovedOn),
        ("t2", r#","status":2"#, LockReason::Answered),
        ("t5", r#","status":5"#, LockReason::ClosedByService),
    ] {
        let at = custom(&mut s, id, &task_branch(status));
        assert_eq!(s.card_state(at), CardState::Locked(reason), "{status:?}");
    }
}

#[test]
fn a_session_the_service_starts_after_an_end_makes_its_cards_answerable() {
    let (mut s, _) = started();
    custom(&mut s, "end", END);
    assert_eq!(s.phase(), Phase::Ended);
    // Another device (or the service) starts again: new rules, a seat, a card.
    custom(&mut s, "r2", &rules(7));
    assert_eq!(s.phase(), Phase::Active);
    let branch = custom(&mut s, "b2", BRANCH);
    assert!(s.card_state(branch).is_open());
    s.act(Intent::Choose {
        id: "b2".into(),
        index: 1,
    })
    .unwrap();
}

#[test]
fn a_trigger_sent_raw_after_a_timeout_starts_a_new_session() {
    let (mut s, _) = started();
    custom(&mut s, "to", TIMEOUT);
    s.act(Intent::SendRaw(
        r#"{"customerServicePlugin":0,"src":"7"}"#.into(),
    ))
    .unwrap();
    assert_eq!(s.phase(), Phase::Active);
    let branch = custom(&mut s, "b", BRANCH);
    assert!(s.card_state(branch).is_open());
}

#[test]
fn a_rating_card_after_the_end_still_belongs_to_the_ended_session() {
    let (mut s, _) = started();
    custom(&mut s, "end", END);
    custom(&mut s, "card", &rating_card(START + 3600));
    assert_eq!(
        s.phase(),
        Phase::Ended,
        "the card rates the session that ended"
    );
}

#[test]
fn a_rating_card_expires_at_zero_or_less_and_stays_open_without_expire_time() {
    let (mut s, _) = started();
    for (id, expire) in [("z", 0), ("n", -5)] {
        let at = custom(&mut s, id, &rating_card(expire));
        assert_eq!(s.card_state(at), CardState::Locked(LockReason::Expired));
    }
    let none = rating_card(1).replace(r#","expireTime":1"#, "");
    let at = custom(&mut s, "none", &none);
    assert!(s.card_state(at).is_open(), "open, as on web");
    assert_eq!(s.rating_deadline(at), None);
}

#[test]
fn a_rating_card_whose_selected_has_no_id_or_an_unknown_one_stays_open() {
    let (mut s, _) = started();
    for (id, selected) in [
        ("a", r#","selected":{"content":"好"}"#),
        ("b", r#","selected":{"id":"9","content":"?"}"#),
    ] {
        // `selected` goes in before `expireTime`, the card's last key.
        let card = rating_card(START + 3600).replace(
            r#""expireTime""#,
            &format!(r#"{},"expireTime""#, &selected[1..]),
        );
        let at = custom(&mut s, id, &card);
        assert!(s.card_state(at).is_open(), "{selected}");
        assert_eq!(s.answer_of(at), None);
    }
}

#[test]
fn a_seat_command_the_clients_do_not_know_changes_nothing_and_shows_nothing() {
    let (mut s, _) = started();
    let other = r#"{"customerServicePlugin":0,"src":"26","content":{"command":"somethingElse","content":"inSeat"}}"#;
    let at = custom(&mut s, "x", other);
    assert_eq!(s.seat(), SeatStatus::OutSeat);
    assert_eq!(s.entries()[at].presentation(), Presentation::Hidden);
    let busy = custom(&mut s, "y", &seat("busy"));
    assert_eq!(s.seat(), SeatStatus::OutSeat);
    assert_eq!(s.look(busy), None, "no 'Back to the bot' banner");
}

#[test]
fn a_hidden_kind_that_fails_to_decode_stays_out_of_the_chat() {
    let (mut s, _) = started();
    for (id, data) in [
        (
            "13",
            r#"{"customerServicePlugin":0,"src":"13","content":"x"}"#,
        ),
        (
            "23",
            r#"{"customerServicePlugin":0,"src":"23","content":{"menuSendRuleFlag":"x"}}"#,
        ),
        (
            "25",
            r#"{"customerServicePlugin":0,"src":"25","content":[1,2"#,
        ),
        (
            "26",
            r#"{"customerServicePlugin":0,"src":"26","content":"inSeat"}"#,
        ),
    ] {
        let at = custom(&mut s, id, data);
        assert!(
            matches!(s.entries()[at].content, Content::Malformed(_)),
            "{id}"
        );
        assert_eq!(s.look(at), None, "src {id} stays in the Inspector");
    }
    let card = custom(
        &mut s,
        "15",
        r#"{"customerServicePlugin":0,"src":"15","content":7}"#,
    );
    assert!(
        s.look(card).is_some(),
        "a broken card shows as a placeholder"
    );
}

#[test]
fn a_raw_message_keeps_its_warnings() {
    let (mut s, _) = started();
    let sent = s
        .act(Intent::SendRaw(
            r#"{customerServicePlugin: 0, src: 10, menuSelected: {id: "", sessionId: ""}}"#.into(),
        ))
        .unwrap();
    let entry = s.entry(&sent[0].id).unwrap();
    assert!(!entry.warnings.is_empty(), "{entry:?}");
}

#[test]
fn the_welcome_card_s_page_is_clamped_when_an_update_shrinks_it() {
    let (mut s, _) = started();
    let seven = std::fs::read_to_string("tests/fixtures/messages/src29_welcome.json").unwrap();
    let at = custom(&mut s, "w", &seven);
    s.act(Intent::NextPage { id: "w".into() }).unwrap();
    assert_eq!(s.welcome_page(at).unwrap().page, 1);
    let two = r#"{"customerServicePlugin":0,"src":"29","subtype":"welcome_msg","content":{"title":"t","items":[{"content":"a"},{"content":"b"}]}}"#;
    update(&mut s, "w", two);
    let page = s.welcome_page(at).unwrap();
    assert_eq!((page.page, page.pages, page.items.len()), (0, 1, 2));
}

#[test]
fn a_card_the_conversation_moved_past_is_locked() {
    let (mut s, _) = started();
    let form = custom(&mut s, "f", TEXT_FORM);
    let branch = custom(&mut s, "b", BRANCH);
    assert_eq!(s.card_state(form), CardState::Locked(LockReason::MovedOn));
    assert!(s.card_state(branch).is_open());
    // Typed text answers the card that asks now, never the earlier one.
    s.act(Intent::SendText("订单查询".into())).unwrap();
    assert_eq!(s.answer_of(branch).as_deref(), Some("订单查询"));
    assert_eq!(s.answer_of(form), None);
    // An agent taking over moves past any card still asking.
    let next = custom(&mut s, "b2", BRANCH);
    custom(&mut s, "in", &seat("inSeat"));
    assert_eq!(s.card_state(next), CardState::Locked(LockReason::MovedOn));
}

#[test]
fn the_human_service_words_never_fill_a_waiting_form() {
    let (mut s, _) = started();
    let form = custom(&mut s, "f", TEXT_FORM);
    s.act(Intent::SendText("人工服务".into())).unwrap();
    assert_eq!(s.answer_of(form), None);
}

#[test]
fn rate_is_shown_disabled_once_this_agent_s_service_is_rated() {
    let (mut s, _) = started();
    custom(&mut s, "in", &seat("inSeat"));
    assert!(s.affordances().rate && !s.affordances().rated);
    custom(&mut s, "card", &rating_card(START + 3600));
    s.act(Intent::Rate {
        id: "card".into(),
        option_id: "4".into(),
    })
    .unwrap();
    let a = s.affordances();
    assert!(a.rate && a.rated, "shown, disabled: {a:?}");
    assert_eq!(
        s.act(Intent::RequestRating).unwrap_err(),
        IntentError::AlreadyRated
    );
}

#[test]
fn a_raw_message_shows_as_a_compact_raw_bubble_and_says_when_the_service_ignores_it() {
    let (mut s, _) = started();
    let sent = s
        .act(Intent::SendRaw(
            r#"{"customerServicePlugin":0,"src":"24"}"#.into(),
        ))
        .unwrap();
    let at = s.position(&sent[0].id).unwrap();
    assert_eq!(
        s.look(at),
        Some(desksim::session::Look::RawSent {
            src: "24",
            name: "rating request"
        })
    );
    use desksim::session::{RawVerdict, raw_verdict};
    let ignored =
        |text: &str| matches!(raw_verdict(text), RawVerdict::Message { ignored, .. } if ignored);
    assert!(ignored(
        r#"{"customerServicePlugin":0,"src":"15","content":{"items":[{"content":"A"}]}}"#
    ));
    assert!(!ignored(r#"{"customerServicePlugin":0,"src":"24"}"#));
}

#[test]
fn an_answer_is_rejected_when_the_service_asks_again_without_confirming_it() {
    let (mut s, _) = started();
    let first = custom(&mut s, "f1", TEXT_FORM);
    s.act(Intent::AnswerForm {
        id: "f1".into(),
        answer: FormAnswer::Text("not a number".into()),
    })
    .unwrap();
    assert!(!s.answer_rejected(first), "no verdict yet");
    text(&mut s, "t", "请输入正确的订单号");
    assert!(!s.answer_rejected(first), "a text alone is no verdict");
    let second = custom(&mut s, "f2", TEXT_FORM);
    assert!(s.answer_rejected(first), "asked again: turned down");
    s.act(Intent::AnswerForm {
        id: "f2".into(),
        answer: FormAnswer::Text("A123".into()),
    })
    .unwrap();
    let confirmed = TEXT_FORM.replace(r#""type":0"#, r#""type":0,"selected":{"content":"A123"}"#);
    update(&mut s, "f2", &confirmed);
    custom(&mut s, "f3", TEXT_FORM);
    assert!(
        !s.answer_rejected(second),
        "the service took it, whatever comes next"
    );
    assert!(s.answer_confirmed(second));
}

#[test]
fn an_agents_name_shows_on_the_first_of_a_run_of_their_messages() {
    let (mut s, _) = started();
    let emma = desksim::session::Sender {
        name: "Emma".into(),
        avatar: None,
    };
    let said = |s: &mut Session, id: &str, from: Option<&desksim::session::Sender>| {
        s.receive(Incoming {
            id: id.into(),
            arrival: Arrival::New,
            payload: Payload::Text(format!("text {id}")),
            from: from.cloned(),
        })
    };
    let first = said(&mut s, "a", Some(&emma));
    custom(
        &mut s,
        "typing",
        r#"{"customerServicePlugin":0,"src":"12"}"#,
    );
    let second = said(&mut s, "b", Some(&emma));
    let bot = said(&mut s, "c", None);
    let third = said(&mut s, "d", Some(&emma));
    assert_eq!(s.sender_shown(first), Some(&emma));
    assert_eq!(s.sender_shown(second), None, "same agent, typing between");
    assert_eq!(s.sender_shown(bot), None, "the bot's message names no one");
    assert_eq!(s.sender_shown(third), Some(&emma), "after another sender");
}
