//! The protocol read as the spec and PROTOCOL-NOTES describe it.

use std::fs;
use std::path::Path;

use desksim::protocol::{
    Body, CsMessage, DecodeError, DecodeOptions, Decoded, OutgoingBody, ProductCard, RatingStyle,
    SeatStatus, WarningKind, decode, decode_any, encode,
};

fn fixture(name: &str) -> String {
    fs::read_to_string(Path::new("tests/fixtures").join(name)).unwrap()
}

fn strict(data: &str) -> Decoded {
    decode(data, &DecodeOptions::strict()).unwrap_or_else(|e| panic!("{e}\n{data}"))
}

fn service(data: &str) -> CsMessage {
    match strict(data).body {
        Body::Service(m) => m,
        other => panic!("not a service message: {other:?}"),
    }
}

fn kinds(d: &Decoded) -> Vec<WarningKind> {
    d.warnings.iter().map(|w| w.kind.clone()).collect()
}

// ---- every src, from realistic fixtures -----------------------------------

#[test]
fn every_fixture_decodes_to_its_src_and_round_trips() {
    let dir = Path::new("tests/fixtures/messages");
    let mut seen = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let data = fs::read_to_string(&path).unwrap();
        let message = service(&data);
        let expected_src = name[3..5].trim_start_matches('0');
        assert_eq!(message.src(), expected_src, "{name}");
        assert!(
            !matches!(message, CsMessage::Unknown { .. }),
            "{name} decoded as unknown"
        );
        // Re-encoding gives the same message back.
        let again = service(&message.to_wire());
        assert_eq!(again, message, "{name} does not round-trip");
        seen.push(expected_src.to_owned());
    }
    for src in [
        "7", "9", "10", "11", "12", "13", "15", "17", "18", "19", "20", "21", "22", "23", "24",
        "25", "26", "27", "28", "29", "30", "31", "32", "33", "35", "36", "37", "38",
    ] {
        assert!(seen.iter().any(|s| s == src), "no fixture for src {src}");
    }
}

/// What the user side sends comes out byte for byte as the clients send
/// it: the same keys, in the same order, nothing added.
#[test]
fn user_sent_fixtures_re_encode_to_their_own_bytes() {
    for name in [
        "src07_trigger",
        "src10_rating_choice",
        "src22_product_card",
        "src22_product_card_custom_field",
        "src24_rating_request",
        "src27_end_human_service",
    ] {
        let text = fixture(&format!("messages/{name}.json"));
        let compact = desksim::protocol::normalize_lenient(&text).unwrap();
        assert_eq!(service(&text).to_wire(), compact, "{name}");
    }
}

#[test]
fn branch_keeps_chinese_items_and_descriptions() {
    let CsMessage::Branch(b) = service(&fixture("messages/src15_branch.json")) else {
        panic!()
    };
    assert_eq!(b.content.header, "请选择您要咨询的业务 🙂");
    assert_eq!(b.content.items.len(), 4);
    assert_eq!(b.content.items[1].content, "订单查询");
    assert_eq!(b.content.items[1].desc, "物流、退换货");
    assert!(b.content.choice().is_none());
}

#[test]
fn rating_card_is_read_under_menu_content() {
    let CsMessage::Rating(r) = service(&fixture("messages/src09_rating_stars_selected.json"))
    else {
        panic!()
    };
    let card = r.menu_content;
    assert_eq!(card.style(), RatingStyle::Stars);
    assert_eq!(card.menu.len(), 5);
    assert_eq!(card.choice().unwrap().id, "105");
    assert_eq!(card.effective_hour, Some(24));
}

#[test]
fn stream_text_reads_top_level_chunks_in_order() {
    let CsMessage::StreamText(s) = service(&fixture("messages/src31_stream_text.json")) else {
        panic!()
    };
    assert_eq!(
        s.text(),
        "您好，您本期账单金额为 ¥1,024.00，最后还款日为 6 月 25 日。"
    );
    assert!(s.finished());
}

#[test]
fn task_branch_reads_status_option_type_and_task_info_at_top_level() {
    let CsMessage::TaskBranch(b) = service(&fixture("messages/src32_task_branch.json")) else {
        panic!()
    };
    assert_eq!(b.status, Some(0));
    assert!(b.fixed_buttons());
    assert_eq!(b.task_info.unwrap().task_id, 1024);
}

#[test]
fn task_form_reads_variables_and_node_status() {
    let CsMessage::TaskForm(f) = service(&fixture("messages/src33_task_form.json")) else {
        panic!()
    };
    assert!(f.is_open());
    let vars = &f.content.input_variables;
    assert!(vars[0].required());
    assert!(vars[1].is_choice());
    assert_eq!(vars[1].choices(), ["开户", "销户", "挂失"]);
}

#[test]
fn seat_status_and_rules_read_their_content() {
    let CsMessage::SeatStatus(s) = service(&fixture("messages/src26_seat_in.json")) else {
        panic!()
    };
    assert_eq!(s.content.seat(), Some(SeatStatus::InSeat));
    let CsMessage::RatingRules(r) = service(&fixture("messages/src23_rating_rules.json")) else {
        panic!()
    };
    assert!(
        r.content.auto_send_on_end() && r.content.agent_may_send() && r.content.user_may_send()
    );
}

#[test]
fn welcome_card_reads_subtype_at_top_level() {
    let CsMessage::BotMessage(b) = service(&fixture("messages/src29_welcome.json")) else {
        panic!()
    };
    assert!(b.is_welcome());
    assert_eq!(b.content.items.len(), 7);
}

#[test]
fn unknown_src_is_kept_whole() {
    let data = r#"{"customerServicePlugin":0,"src":"99","content":{"x":[1,2,3]}}"#;
    let decoded = strict(data);
    match &decoded.body {
        Body::Service(CsMessage::Unknown { src, raw }) => {
            assert_eq!(src, "99");
            assert_eq!(raw, data);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(kinds(&decoded), [WarningKind::UnknownSrc("99".into())]);
}

#[test]
fn reserved_src_is_unknown_with_a_reserved_warning() {
    let decoded = strict(r#"{"customerServicePlugin":0,"src":"3"}"#);
    assert!(matches!(decoded.service(), Some(CsMessage::Unknown { .. })));
    assert_eq!(kinds(&decoded), [WarningKind::ReservedSrc("3".into())]);
}

#[test]
fn keys_may_come_in_any_order() {
    let a = service(
        r#"{"content":{"header":"h","items":[{"content":"A"}]},"src":"15","customerServicePlugin":0}"#,
    );
    let b = service(
        r#"{"customerServicePlugin":0,"src":"15","content":{"header":"h","items":[{"content":"A"}]}}"#,
    );
    assert_eq!(a, b);
}

// ---- detection -----------------------------------------------------------

#[test]
fn numeric_src_decodes_with_a_warning() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":15,"content":{"header":"h","items":[{"content":"A"}]}}"#,
    );
    assert!(matches!(decoded.service(), Some(CsMessage::Branch(_))));
    assert!(kinds(&decoded).contains(&WarningKind::NumericSrc));
}

#[test]
fn string_plugin_flag_decodes_with_a_warning() {
    let decoded = strict(r#"{"customerServicePlugin":"0","src":"12"}"#);
    assert!(matches!(decoded.service(), Some(CsMessage::Typing(_))));
    assert_eq!(kinds(&decoded), [WarningKind::StringPluginFlag]);
}

#[test]
fn a_message_without_the_plugin_flag_is_not_ours_and_not_an_error() {
    let decoded = strict(r#"{"businessID":"text_link","text":"hello","src":"15"}"#);
    assert_eq!(decoded.body, Body::OtherCustom);
    let decoded = strict(r#"{"customerServicePlugin":1,"src":"15"}"#);
    assert_eq!(decoded.body, Body::OtherCustom);
}

#[test]
fn chatbot_plugin_alone_is_accepted_with_a_warning() {
    let decoded = strict(r#"{"chatbotPlugin":1,"src":"30","content":"hi"}"#);
    assert!(matches!(decoded.service(), Some(CsMessage::RichText(_))));
    assert_eq!(kinds(&decoded), [WarningKind::ChatbotPluginOnly]);
}

// ---- IM wrappers ---------------------------------------------------------

#[test]
fn a_custom_elem_is_unwrapped() {
    let data = r#"{"customerServicePlugin":0,"src":"12"}"#;
    let elem = serde_json::json!({"MsgType": "TIMCustomElem", "MsgContent": {"Data": data, "Desc": "", "Ext": ""}});
    let out = decode_any(&elem.to_string(), &DecodeOptions::strict()).unwrap();
    assert_eq!(out.len(), 1);
    assert!(matches!(out[0].service(), Some(CsMessage::Typing(_))));
}

#[test]
fn a_msg_body_array_gives_every_element_in_order() {
    let body = serde_json::json!({"MsgBody": [
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "人工服务"}},
        {"MsgType": "TIMCustomElem", "MsgContent": {"Data": fixture("messages/src19_end.json")}},
        {"MsgType": "TIMFaceElem", "MsgContent": {"Index": 1}},
    ]});
    let out = decode_any(&body.to_string(), &DecodeOptions::strict()).unwrap();
    assert_eq!(out[0].body, Body::Text("人工服务".into()));
    assert!(matches!(out[1].service(), Some(CsMessage::End(_))));
    assert_eq!(out[2].body, Body::OtherElement("TIMFaceElem".into()));
}

#[test]
fn a_rest_msg_list_and_a_web_sdk_message_are_unwrapped() {
    let list = serde_json::json!({"Complete": 1, "MsgList": [
        {"From_Account": "@customer_service_account", "MsgBody": [{"MsgType": "TIMCustomElem", "MsgContent": {"Data": fixture("messages/src20_timeout.json")}}]}
    ]});
    let out = decode_any(&list.to_string(), &DecodeOptions::strict()).unwrap();
    assert!(matches!(out[0].service(), Some(CsMessage::Timeout(_))));
    let web = serde_json::json!({"type": "TIMCustomElem", "payload": {"data": fixture("messages/src37_client_tips.json")}});
    let out = decode_any(&web.to_string(), &DecodeOptions::strict()).unwrap();
    assert!(matches!(out[0].service(), Some(CsMessage::ClientTips(_))));
}

#[test]
fn an_error_inside_data_names_the_element() {
    let elem = serde_json::json!({"MsgType": "TIMCustomElem", "MsgContent": {"Data": "{\"customerServicePlugin\":0,\"src\":\"15\",\"content\":{\"items\":[{\"content\":1}]}}"}});
    let err = decode_any(&elem.to_string(), &DecodeOptions::strict()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "MsgContent.Data: content.items[0].content: expected a string, found a number (1)"
    );
    let bad = serde_json::json!({"MsgType": "TIMCustomElem", "MsgContent": {"Data": 5}});
    let err = decode_any(&bad.to_string(), &DecodeOptions::strict()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("MsgContent.Data: expected a string"),
        "{err}"
    );
}

// ---- errors --------------------------------------------------------------

#[test]
fn a_wrong_type_names_the_path_and_both_types() {
    let data = r#"{"customerServicePlugin":0,"src":"15","content":{"header":"h","items":[{"content":"A"},{"content":"B"},{"content":3}]}}"#;
    let err = decode(data, &DecodeOptions::strict()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "content.items[2].content: expected a string, found a number (3)"
    );
}

#[test]
fn a_missing_required_key_is_named() {
    let err = decode(
        r#"{"customerServicePlugin":0,"src":"15"}"#,
        &DecodeOptions::strict(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        DecodeError::Missing {
            path: "content".into()
        }
    );
    let err = decode(r#"{"customerServicePlugin":0}"#, &DecodeOptions::strict()).unwrap_err();
    assert_eq!(err, DecodeError::Missing { path: "src".into() });
    let err = decode(
        r#"{"customerServicePlugin":0,"src":"9","menuContent":{"menu":[{"content":"x"}]}}"#,
        &DecodeOptions::strict(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "menuContent.menu[0].id: missing (required)"
    );
}

#[test]
fn malformed_json_says_line_and_column() {
    let err = decode(
        "{\n  \"customerServicePlugin\": 0,\n  \"src\" \"15\"\n}",
        &DecodeOptions::strict(),
    )
    .unwrap_err();
    match err {
        DecodeError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 9)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn strict_mode_rejects_json5_and_suggests_lenient_mode() {
    let err = decode(
        "{customerServicePlugin: 0, src: '12',}",
        &DecodeOptions::strict(),
    )
    .unwrap_err();
    let DecodeError::Syntax { hint, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(hint.as_deref().unwrap().contains("lenient"), "{err}");
    assert!(
        decode(
            "{customerServicePlugin: 0, src: '12',}",
            &DecodeOptions::lenient()
        )
        .is_ok()
    );
}

#[test]
fn a_top_level_that_is_not_an_object_is_explained() {
    let err = decode("[1,2]", &DecodeOptions::strict()).unwrap_err();
    assert!(err.to_string().contains("found an array"), "{err}");
    let err = decode("", &DecodeOptions::strict()).unwrap_err();
    assert_eq!(err, DecodeError::Empty);
    let err = decode("   ", &DecodeOptions::lenient()).unwrap_err();
    assert_eq!(err, DecodeError::Empty);
}

#[test]
fn src_of_the_wrong_type_is_an_error() {
    let err = decode(
        r#"{"customerServicePlugin":0,"src":{"a":1}}"#,
        &DecodeOptions::strict(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "src: expected a string, found an object");
}

#[test]
fn deep_nesting_is_refused_not_recursed() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let data = format!(r#"{{"customerServicePlugin":0,"src":"17","content":{deep}}}"#);
    assert_eq!(
        decode(&data, &DecodeOptions::strict()).unwrap_err(),
        DecodeError::TooDeep
    );
    assert_eq!(
        decode(&data, &DecodeOptions::lenient()).unwrap_err(),
        DecodeError::TooDeep
    );
    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let data = format!(r#"{{"customerServicePlugin":0,"src":"17","content":{objects}}}"#);
    assert_eq!(
        decode(&data, &DecodeOptions::strict()).unwrap_err(),
        DecodeError::TooDeep
    );
    assert_eq!(
        decode(&data, &DecodeOptions::lenient()).unwrap_err(),
        DecodeError::TooDeep
    );
    // Without the flag it is skipped over, not descended into.
    assert_eq!(
        decode(&objects, &DecodeOptions::strict()).unwrap().body,
        Body::OtherCustom
    );
    // A typed field stops at the first wrong type, before the depth matters.
    let typed =
        format!(r#"{{"customerServicePlugin":0,"src":"15","content":{{"header":{deep}}}}}"#);
    let err = decode(&typed, &DecodeOptions::strict()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "content.header: expected a string, found an array"
    );
}

#[test]
fn a_ten_megabyte_header_decodes() {
    let header = "客".repeat(10 * 1024 * 1024 / 3);
    let data = format!(
        r#"{{"customerServicePlugin":0,"src":"15","content":{{"header":"{header}","items":[{{"content":"A"}}]}}}}"#
    );
    let CsMessage::Branch(b) = service(&data) else {
        panic!()
    };
    assert_eq!(b.content.header.len(), header.len());
    assert!(decode(&data, &DecodeOptions::lenient()).is_ok());
}

// ---- warnings ------------------------------------------------------------

fn rating(menu: &str, extra: &str) -> String {
    format!(
        r#"{{"customerServicePlugin":0,"src":"9","menuContent":{{"head":"h","tail":"t","menu":{menu},"type":2,"sessionId":"s","expireTime":2000000000{extra}}}}}"#
    )
}

const FIVE: &str = r#"[{"id":"1","content":"a"},{"id":"2","content":"b"},{"id":"3","content":"c"},{"id":"4","content":"d"},{"id":"5","content":"e"}]"#;

#[test]
fn a_well_formed_rating_card_has_no_warnings() {
    assert_eq!(kinds(&strict(&rating(FIVE, ""))), []);
}

#[test]
fn rating_menu_empty_or_over_five_is_flagged() {
    assert_eq!(
        kinds(&strict(&rating("[]", ""))),
        [WarningKind::EmptyRatingMenu]
    );
    let six = r#"[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4"},{"id":"5"},{"id":"6"}]"#;
    assert_eq!(
        kinds(&strict(&rating(six, ""))),
        [WarningKind::TooManyRatingOptions(6)]
    );
    let three = r#"[{"id":"1"},{"id":"2"},{"id":"3"}]"#;
    assert_eq!(
        kinds(&strict(&rating(three, ""))),
        [WarningKind::FewerThanFiveRatingOptions(3)]
    );
}

#[test]
fn rating_selected_present_but_empty_is_flagged_and_is_no_choice() {
    let decoded = strict(&rating(FIVE, r#","selected":{}"#));
    assert_eq!(kinds(&decoded), [WarningKind::EmptyRatingSelection]);
    let Some(CsMessage::Rating(r)) = decoded.service() else {
        panic!()
    };
    assert!(r.menu_content.choice().is_none());
}

#[test]
fn expire_time_already_past_is_flagged_when_the_time_is_known() {
    let data = rating(FIVE, "");
    let opts = DecodeOptions::strict().at(2_000_000_001);
    let decoded = decode(&data, &opts).unwrap();
    assert_eq!(
        kinds(&decoded),
        [WarningKind::RatingExpired {
            expire_time: 2_000_000_000,
            now: 2_000_000_001
        }]
    );
    assert_eq!(
        kinds(&decode(&data, &DecodeOptions::strict().at(1_999_999_999)).unwrap()),
        []
    );
}

#[test]
fn rating_type_ids_and_placement_are_checked() {
    let data = rating(FIVE, "").replace(r#""type":2"#, r#""type":3"#);
    assert_eq!(
        kinds(&strict(&data)),
        [WarningKind::UnknownRatingStyle(Some(3))]
    );
    let reversed = r#"[{"id":"5"},{"id":"4"},{"id":"3"},{"id":"2"},{"id":"1"}]"#;
    assert_eq!(
        kinds(&strict(&rating(reversed, ""))),
        [WarningKind::RatingIdsNotAscending]
    );
    let under_content = r#"{"customerServicePlugin":0,"src":"9","content":{"head":"h","menu":[]}}"#;
    let err = decode(under_content, &DecodeOptions::strict()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "menuContent: missing: the card is under `content`, where no client looks for it"
    );
    let ms = rating(FIVE, "").replace("2000000000", "1691074320000");
    assert_eq!(
        kinds(&strict(&ms)),
        [WarningKind::ExpireTimeInMilliseconds(1_691_074_320_000)]
    );
}

#[test]
fn a_rating_choice_with_an_empty_id_is_flagged() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"10","menuSelected":{"id":"","content":"x","sessionId":"s"}}"#,
    );
    assert_eq!(kinds(&decoded), [WarningKind::EmptySelectionId]);
}

#[test]
fn rule_flag_with_unknown_bits_is_flagged() {
    let decoded =
        strict(r#"{"customerServicePlugin":0,"src":"23","content":{"menuSendRuleFlag":12}}"#);
    assert_eq!(kinds(&decoded), [WarningKind::RuleFlagExtraBits(12)]);
    assert_eq!(
        kinds(&strict(
            r#"{"customerServicePlugin":0,"src":"23","content":{"menuSendRuleFlag":7}}"#
        )),
        []
    );
}

#[test]
fn form_type_other_than_zero_and_one_is_flagged() {
    let decoded =
        strict(r#"{"customerServicePlugin":0,"src":"21","content":{"header":"h","type":2}}"#);
    assert_eq!(kinds(&decoded), [WarningKind::UnknownFormType(Some(2))]);
    let decoded = strict(r#"{"customerServicePlugin":0,"src":"21","content":{"header":"h"}}"#);
    assert_eq!(kinds(&decoded), [WarningKind::UnknownFormType(None)]);
}

#[test]
fn duplicate_branch_items_are_flagged_at_the_later_one() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"15","content":{"header":"h","items":[{"content":"A"},{"content":"B"},{"content":"A"}]}}"#,
    );
    assert_eq!(decoded.warnings.len(), 1);
    assert_eq!(decoded.warnings[0].path, "content.items[2].content");
    assert_eq!(
        decoded.warnings[0].kind,
        WarningKind::DuplicateItem("A".into())
    );
}

#[test]
fn card_addresses_must_be_http() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"22","content":{"header":"h","desc":"d","pic":"file:///etc/x.png","url":"javascript:alert(1)"}}"#,
    );
    assert_eq!(
        kinds(&decoded),
        [
            WarningKind::NotHttpUrl("file:///etc/x.png".into()),
            WarningKind::NotHttpUrl("javascript:alert(1)".into())
        ]
    );
}

#[test]
fn top_level_keys_placed_inside_content_are_flagged() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"31","content":{"chunks":["a"],"isFinished":1}}"#,
    );
    assert_eq!(
        kinds(&decoded),
        [
            WarningKind::KeyNotAtTopLevel("chunks"),
            WarningKind::KeyNotAtTopLevel("isFinished")
        ]
    );
    let decoded =
        strict(r#"{"customerServicePlugin":0,"src":"35","content":{"thinkingStatus":0}}"#);
    assert_eq!(
        kinds(&decoded),
        [WarningKind::KeyNotAtTopLevel("thinkingStatus")]
    );
}

#[test]
fn seat_status_with_an_unknown_value_is_flagged() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"26","content":{"command":"updateSeatStatus","content":"busy"}}"#,
    );
    assert_eq!(
        kinds(&decoded),
        [WarningKind::UnknownSeatStatus("busy".into())]
    );
}

#[test]
fn an_empty_branch_or_form_selection_is_flagged_and_is_no_choice() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"15","content":{"header":"h","items":[{"content":"A"}],"selected":{}}}"#,
    );
    assert_eq!(kinds(&decoded), [WarningKind::EmptyChoice]);
    let Some(CsMessage::Branch(b)) = decoded.service() else {
        panic!()
    };
    assert!(b.content.choice().is_none());
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"21","content":{"header":"h","type":0,"selected":{"content":""}}}"#,
    );
    assert_eq!(kinds(&decoded), [WarningKind::EmptyChoice]);
}

#[test]
fn rating_ids_repeated_or_not_numbers_are_flagged() {
    let menu = r#"[{"id":"1"},{"id":"2"},{"id":"2"},{"id":"4"},{"id":"good"}]"#;
    let decoded = strict(&rating(menu, ""));
    assert_eq!(
        kinds(&decoded),
        [
            WarningKind::DuplicateRatingId("2".into()),
            WarningKind::NonNumericRatingId("good".into())
        ]
    );
    assert_eq!(decoded.warnings[0].path, "menuContent.menu[2].id");
}

#[test]
fn a_task_form_asking_nothing_is_flagged() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"33","nodeStatus":0,"content":{"tip":"t","inputVariables":[]}}"#,
    );
    assert_eq!(kinds(&decoded), [WarningKind::NoInputVariables]);
}

#[test]
fn rich_text_pictures_must_be_http() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"30","content":"![a](https://e.com/a.png) ![b](file:///tmp/b.png)"}"#,
    );
    assert_eq!(
        kinds(&decoded),
        [WarningKind::NotHttpUrl("file:///tmp/b.png".into())]
    );
}

#[test]
fn triggered_content_inside_content_is_flagged() {
    let decoded = strict(
        r#"{"customerServicePlugin":0,"src":"7","content":{"triggeredContent":{"language":"en"}}}"#,
    );
    assert_eq!(
        kinds(&decoded),
        [WarningKind::KeyNotAtTopLevel("triggeredContent")]
    );
}

#[test]
fn lenient_mode_keeps_the_written_key_order() {
    let data = "{customerServicePlugin: 0, src: '99', z: 1, a: 2,}";
    let decoded = decode(data, &DecodeOptions::lenient()).unwrap();
    let Some(CsMessage::Unknown { raw, .. }) = decoded.service() else {
        panic!()
    };
    assert_eq!(raw, r#"{"customerServicePlugin":0,"src":"99","z":1,"a":2}"#);
}

#[test]
fn lenient_mode_refuses_a_key_written_twice() {
    let err = decode(
        "{customerServicePlugin: 0, src: '15', src: '99'}",
        &DecodeOptions::lenient(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 39: the key `src` appears twice"
    );
}

#[test]
fn lenient_mode_reaches_inside_a_wrapped_data_string() {
    let wrapped = r#"{"MsgType": "TIMCustomElem", "MsgContent": {"Data": "{customerServicePlugin: 0, src: '12',}"}}"#;
    let decoded = decode_any(wrapped, &DecodeOptions::lenient()).unwrap();
    assert_eq!(decoded[0].service().map(CsMessage::src), Some("12"));
    let err = decode_any(wrapped, &DecodeOptions::strict()).unwrap_err();
    assert!(err.to_string().contains("lenient mode"), "{err}");
}

// ---- the seed document's own examples -------------------------------------

#[test]
fn every_example_of_the_seed_document_decodes_in_lenient_mode() {
    let expected = [
        ("src07", "7"),
        ("src09", "9"),
        ("src10", "10"),
        ("src12", "12"),
        ("src15", "15"),
        ("src15_2", "15"),
        ("src19", "19"),
        ("src20", "20"),
        ("src21", "21"),
        ("src21_2", "21"),
        ("src22", "22"),
        ("src23", "23"),
        ("src24", "24"),
        ("src26", "26"),
        ("src27", "27"),
    ];
    for (file, src) in expected {
        let text = fixture(&format!("seed/{file}.json5"));
        let decoded =
            decode(&text, &DecodeOptions::lenient()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let message = decoded
            .service()
            .unwrap_or_else(|| panic!("{file}: not a service message"));
        assert_eq!(message.src(), src, "{file}");
        assert!(!matches!(message, CsMessage::Unknown { .. }), "{file}");
    }
}

#[test]
fn seed_examples_with_comments_fail_in_strict_mode_with_a_hint() {
    let err = decode(&fixture("seed/src09.json5"), &DecodeOptions::strict()).unwrap_err();
    let DecodeError::Syntax { line, hint, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*line, 5);
    assert!(hint.is_some());
}

#[test]
fn the_seed_rating_example_keeps_its_selection_despite_the_missing_comma() {
    let decoded = decode(&fixture("seed/src09.json5"), &DecodeOptions::lenient()).unwrap();
    let Some(CsMessage::Rating(r)) = decoded.service() else {
        panic!()
    };
    assert_eq!(r.menu_content.choice().unwrap().content, "Very satisfied");
    assert_eq!(r.menu_content.expire_time, Some(1_691_074_320));
    // The document's card is well formed but for its past expiry (not
    // checked without a time) and its selection's text, which differs
    // from the menu's ("Very" / "Highly satisfied") but is not checked.
    assert_eq!(kinds(&decoded), []);
}

/// The published document itself, verbatim: every example in it, in the
/// order it gives them, comments and missing commas included.
#[test]
fn the_published_document_s_examples_decode_in_lenient_mode_in_order() {
    let document = fixture("seed/user-end-document.txt");
    let examples = desksim::protocol::split_documents(&document);
    let srcs: Vec<String> = examples
        .iter()
        .map(|(line, text)| {
            let decoded = decode(text, &DecodeOptions::lenient())
                .unwrap_or_else(|e| panic!("example at line {line}: {e}"));
            let message = decoded.service().unwrap_or_else(|| panic!("line {line}"));
            assert!(!matches!(message, CsMessage::Unknown { .. }), "line {line}");
            message.src().to_owned()
        })
        .collect();
    assert_eq!(
        srcs,
        [
            "15", "7", "9", "10", "12", "15", "19", "20", "21", "21", "22", "23", "24", "26", "27"
        ]
    );
}

#[test]
fn the_seed_form_examples_are_an_options_form_and_a_text_form() {
    let options = decode(&fixture("seed/src21.json5"), &DecodeOptions::lenient()).unwrap();
    let Some(CsMessage::Form(f)) = options.service() else {
        panic!()
    };
    assert!(f.content.has_options());
    let text = decode(&fixture("seed/src21_2.json5"), &DecodeOptions::lenient()).unwrap();
    let Some(CsMessage::Form(f)) = text.service() else {
        panic!()
    };
    assert!(!f.content.has_options());
    assert_eq!(f.content.choice().unwrap().content, "Peach");
}

// ---- encoding ------------------------------------------------------------

#[test]
fn the_trigger_is_encoded_as_the_clients_send_it() {
    let out = desksim::protocol::Outgoing::custom(&encode::trigger("zh"));
    assert!(out.online_only);
    assert_eq!(
        out.body,
        OutgoingBody::Custom {
            data: r#"{"customerServicePlugin":0,"src":"7","triggeredContent":{"language":"zh"}}"#
                .into()
        }
    );
}

#[test]
fn user_side_messages_have_the_official_shapes_and_lifetimes() {
    let CsMessage::Rating(r) = service(&fixture("messages/src09_rating_numbers.json")) else {
        panic!()
    };
    let card = r.menu_content;
    let choice = encode::rating_choice(&card, &card.menu[3]);
    assert_eq!(
        choice.to_wire(),
        r#"{"customerServicePlugin":0,"src":"10","menuSelected":{"id":"104","content":"满意","sessionId":"7a67f6bb-8fac-41e5-8bab-78c0259ae5a9"}}"#
    );
    assert!(choice.online_only());
    assert_eq!(
        encode::rating_request().to_wire(),
        r#"{"customerServicePlugin":0,"src":"24"}"#
    );
    assert!(encode::rating_request().online_only());
    let end = encode::end_human_service("en");
    assert_eq!(
        end.to_wire(),
        r#"{"customerServicePlugin":0,"src":"27","triggeredContent":{"language":"en"}}"#
    );
    assert!(end.online_only());

    let card = ProductCard {
        header: "耳机".into(),
        desc: "¥899".into(),
        pic: "https://example.com/a.jpg".into(),
        url: "https://example.com/a".into(),
        custom_field: None,
    };
    let product = encode::product_card(&card);
    assert_eq!(
        product.to_wire(),
        r#"{"customerServicePlugin":0,"src":"22","content":{"header":"耳机","desc":"¥899","pic":"https://example.com/a.jpg","url":"https://example.com/a"}}"#
    );
    assert!(
        !product.online_only(),
        "the Desk client stores user-sent cards"
    );
    let with_fields = ProductCard {
        custom_field: Some(vec![desksim::protocol::CustomField {
            name: "SKU".into(),
            value: "A1".into(),
        }]),
        ..card
    };
    assert!(
        encode::product_card(&with_fields)
            .to_wire()
            .ends_with(r#""customField":[{"name":"SKU","value":"A1"}]}}"#)
    );
}

#[test]
fn a_task_form_is_submitted_with_name_required_and_value() {
    let CsMessage::TaskForm(form) = service(&fixture("messages/src33_task_form.json")) else {
        panic!()
    };
    let submit = encode::task_form_submit(&form, &["张三".into(), "开户".into()]);
    assert_eq!(
        submit.to_wire(),
        r#"{"customerServicePlugin":0,"src":"33","content":{"inputVariables":[{"name":"姓名","isRequired":1,"variableValue":"张三"},{"name":"业务类型","isRequired":1,"variableValue":"开户"}]}}"#
    );
    assert!(!submit.online_only());
}

#[test]
fn a_fixed_button_answer_carries_branch_option_info() {
    let CsMessage::TaskBranch(b) = service(&fixture("messages/src32_task_branch.json")) else {
        panic!()
    };
    let out = encode::task_branch_answer(&b, "Morning");
    let OutgoingBody::Text {
        text,
        cloud_custom_data,
    } = out.body
    else {
        panic!()
    };
    assert_eq!(text, "Morning");
    assert_eq!(
        cloud_custom_data.unwrap(),
        r#"{"BranchOptionInfo":{"taskID":1024,"env":"production","nodeID":"node-7"}}"#
    );
}

// ---- fidelity, round two ----------------------------------------------------

fn task_branch(top: &str) -> String {
    format!(
        r#"{{"customerServicePlugin":0,"src":"32","content":{{"header":"h","items":[{{"content":"A"}}],"tail":""}}{top}}}"#
    )
}

fn warned(data: &str, kind: WarningKind) -> bool {
    kinds(&strict(data)).contains(&kind)
}

#[test]
fn a_task_branch_without_status_or_option_type_names_the_android_crash() {
    let d = strict(&task_branch(""));
    assert!(kinds(&d).contains(&WarningKind::MissingTaskField("status")));
    assert!(kinds(&d).contains(&WarningKind::MissingTaskField("optionType")));
    assert!(
        d.warnings
            .iter()
            .any(|w| w.to_string().contains("Android throws"))
    );
}

#[test]
fn task_status_5_node_status_3_and_fixed_buttons_without_task_info_name_the_crash() {
    let status = task_branch(r#","status":5,"optionType":0"#);
    assert!(warned(&status, WarningKind::UnknownTaskStatus(5)));
    let fixed = task_branch(r#","status":0,"optionType":1"#);
    assert!(warned(&fixed, WarningKind::FixedButtonsWithoutTaskInfo));
    let form = r#"{"customerServicePlugin":0,"src":"33","content":{"inputVariables":[{"name":"a","formType":0}]},"nodeStatus":3}"#;
    assert!(warned(form, WarningKind::UnknownNodeStatus(3)));
    for data in [status, fixed, form.to_owned()] {
        let d = strict(&data);
        assert!(
            d.warnings
                .iter()
                .any(|w| w.to_string().contains("Android throws")),
            "{:?}",
            d.warnings
        );
    }
}

#[test]
fn a_task_branch_at_status_1_is_a_node_the_flow_has_left() {
    let d = strict(&task_branch(r#","status":1,"optionType":0"#));
    assert_eq!(kinds(&d), [WarningKind::TaskNodeLeft]);
}

#[test]
fn rating_expire_time_zero_or_negative_is_expired_and_a_missing_one_is_warned() {
    for (extra, kind) in [
        ("0", WarningKind::NonPositiveExpireTime(0)),
        ("-5", WarningKind::NonPositiveExpireTime(-5)),
    ] {
        let data = rating(FIVE, "").replace("2000000000", extra);
        assert_eq!(kinds(&strict(&data)), [kind]);
        let CsMessage::Rating(r) = service(&data) else {
            panic!()
        };
        assert!(
            r.menu_content.is_expired_at(0),
            "{extra} is expired at any time"
        );
    }
    let missing = rating(FIVE, "").replace(r#","expireTime":2000000000"#, "");
    let d = strict(&missing);
    assert_eq!(kinds(&d), [WarningKind::MissingExpireTime]);
    assert!(d.warnings[0].to_string().contains("Android locks"));
    let CsMessage::Rating(r) = service(&missing) else {
        panic!()
    };
    assert!(!r.menu_content.is_expired_at(i64::MAX), "open, as on web");
}

#[test]
fn a_rating_selected_without_an_id_or_off_the_menu_leaves_the_card_open() {
    for (selected, kind) in [
        (
            r#","selected":{"content":"good"}"#,
            WarningKind::SelectedWithoutId,
        ),
        (
            r#","selected":{"id":"9","content":"?"}"#,
            WarningKind::RatingChoiceNotInMenu("9".into()),
        ),
    ] {
        let data = rating(FIVE, selected);
        assert_eq!(kinds(&strict(&data)), std::slice::from_ref(&kind));
        assert!(kind.to_string().contains("stays open"));
        let CsMessage::Rating(r) = service(&data) else {
            panic!()
        };
        assert!(r.menu_content.choice().is_none(), "{selected}");
    }
}

#[test]
fn scalars_of_the_wrong_type_are_read_as_the_clients_read_them_with_a_warning() {
    let menu = r#"[{"id":1,"content":"a"},{"id":2,"content":"b"},{"id":3,"content":"c"},{"id":4,"content":"d"},{"id":5,"content":"e"}]"#;
    let data = rating(menu, "").replace(r#""type":2"#, r#""type":"1""#);
    let d = strict(&data);
    let CsMessage::Rating(r) = service(&data) else {
        panic!()
    };
    assert_eq!(r.menu_content.menu[0].id, "1");
    assert_eq!(r.menu_content.style(), RatingStyle::Stars);
    let wrong: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::WrongScalarType { .. }))
        .collect();
    assert_eq!(wrong.len(), 6, "{:?}", d.warnings);
    assert_eq!(wrong[0].path, "menuContent.type");
    assert!(wrong[1].to_string().contains("should be a string"));

    let flag = r#"{"customerServicePlugin":0,"src":"23","content":{"menuSendRuleFlag":"7"}}"#;
    let CsMessage::RatingRules(rules) = service(flag) else {
        panic!()
    };
    assert_eq!(rules.content.menu_send_rule_flag, 7);
    assert!(
        strict(flag).warnings[0]
            .to_string()
            .contains("should be a number")
    );

    let bare = r#"{"customerServicePlugin":0,"src":"23"}"#;
    let CsMessage::RatingRules(rules) = service(bare) else {
        panic!()
    };
    assert_eq!(rules.content.menu_send_rule_flag, 0);
    assert_eq!(kinds(&strict(bare)), [WarningKind::MissingRuleContent]);
}

#[test]
fn rating_ids_java_cannot_read_as_integers_name_the_android_crash() {
    for id in ["101.0", " 102", "3000000000", "good"] {
        let menu = format!(
            r#"[{{"id":"{id}","content":"a"}},{{"id":"2"}},{{"id":"3"}},{{"id":"4"}},{{"id":"5"}}]"#
        );
        let d = strict(&rating(&menu, ""));
        let w = d
            .warnings
            .iter()
            .find(|w| w.kind == WarningKind::NonNumericRatingId(id.into()))
            .unwrap_or_else(|| panic!("{id:?}: {:?}", d.warnings));
        assert!(w.to_string().contains("Integer.valueOf"), "{w}");
    }
    assert!(
        strict(&rating(FIVE, "")).warnings.is_empty(),
        "plain ids are fine"
    );
}

#[test]
fn the_plugin_flag_is_read_as_the_web_client_reads_it_with_a_warning() {
    let msg =
        |flag: &str| format!(r#"{{"customerServicePlugin":{flag},"src":"37","content":"tip"}}"#);
    for flag in [r#""""#, "null"] {
        let d = strict(&msg(flag));
        assert!(d.service().is_some(), "{flag} is read as 0");
        assert!(
            matches!(d.warnings[0].kind, WarningKind::PluginFlagReadAsZero(_)),
            "{flag}: {:?}",
            d.warnings
        );
    }
    let one = strict(&msg("1"));
    assert_eq!(one.body, Body::OtherCustom);
    assert_eq!(kinds(&one), [WarningKind::PluginFlagNotZero("1".into())]);
}

#[test]
fn src_15_point_0_is_the_branch_web_takes_it_for() {
    let data = BRANCH_15_0;
    assert!(matches!(service(data), CsMessage::Branch(_)));
    let d = strict(data);
    assert_eq!(kinds(&d), [WarningKind::NumericSrc]);
    assert!(
        d.warnings[0]
            .to_string()
            .contains("every numeric src but 15")
    );
}

const BRANCH_15_0: &str = r#"{"customerServicePlugin":0,"src":15.0,"content":{"header":"h","items":[{"content":"A"}],"tail":""}}"#;

#[test]
fn a_bot_message_s_own_text_is_read() {
    let data = r#"{"customerServicePlugin":0,"src":"29","subtype":"clarify_msg","content":{"title":"您是想问：","content":"我不太确定","items":[{"content":"A"}]}}"#;
    let CsMessage::BotMessage(b) = service(data) else {
        panic!()
    };
    assert_eq!(b.content.content, "我不太确定");
}

#[test]
fn an_empty_selected_warning_says_the_card_stays_open_as_on_android() {
    let kind = WarningKind::EmptyChoice;
    assert!(
        kind.to_string()
            .contains("Desk Android included, leave the card open")
    );
}

#[test]
fn a_broken_message_still_says_which_src_it_meant_to_be() {
    let broken = r#"{"customerServicePlugin":0,"src":"26","content":"inSeat"}"#;
    assert!(decode(broken, &DecodeOptions::strict()).is_err());
    assert_eq!(desksim::protocol::peek_src(broken).as_deref(), Some("26"));
}
