//! `desksim check`: each problem named, at its line and column.

use std::path::Path;

use desksim::flow::{Severity, load_str};

#[path = "../benches/corpus/mod.rs"]
mod corpus;

/// The rendered diagnostics of a flow text, as `check` prints them.
fn check(text: &str) -> Vec<String> {
    let diags = match load_str(text, Path::new("flows/t.json")) {
        Ok((_, d)) => d,
        Err(d) => d,
    };
    diags.render()
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

const BASE: &str = r#"{
  "version": 1,
  "name": "t",
  "start": "menu",
  "nodes": [
    {
      "id": "menu",
      "type": "branch",
      "header": "Pick",
      "items": [
        { "content": "A", "next": "bye" },
        { "content": "B", "next": "bye" }
      ]
    },
    { "id": "bye", "type": "end" }
  ]
}"#;

#[test]
fn a_clean_flow_has_no_diagnostics() {
    assert_eq!(check(BASE), Vec::<String>::new());
}

#[test]
fn a_byte_order_mark_before_the_flow_is_read_as_editors_write_it() {
    let text = format!("\u{feff}{BASE}");
    assert_eq!(check(&text), Vec::<String>::new());
    // Positions count from the text after the mark.
    let broken = text.replace(r#""next": "byee""#, "").replace(
        r#"{ "content": "B", "next": "bye" }"#,
        r#"{ "content": "B", "next": "byee" }"#,
    );
    assert!(
        has(
            &check(&broken),
            r#"flows/t.json:12:35: error: no node has the id "byee""#
        ),
        "{:?}",
        check(&broken)
    );
}

#[test]
fn malformed_json_is_reported_at_its_line_and_column() {
    let lines = check("{\n  \"version\": 1,\n  \"name\": \"t\"\n  \"start\": \"a\"\n}");
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("flows/t.json:4:3: error:"),
        "{lines:?}"
    );
}

#[test]
fn an_unknown_field_points_at_the_key() {
    let text = BASE.replace(
        r#"{ "id": "bye", "type": "end" }"#,
        r#"{ "id": "bye", "type": "end", "txt": "x" }"#,
    );
    let lines = check(&text);
    assert!(
        has(&lines, "flows/t.json:15:35: error: unknown field `txt`"),
        "{lines:?}"
    );
}

#[test]
fn an_unknown_node_reference_points_at_the_next() {
    let text = BASE.replace(
        r#"{ "content": "B", "next": "bye" }"#,
        r#"{ "content": "B", "next": "byee" }"#,
    );
    let lines = check(&text);
    assert!(
        has(
            &lines,
            r#"flows/t.json:12:35: error: no node has the id "byee""#
        ),
        "{lines:?}"
    );
}

#[test]
fn an_unknown_node_type_is_named() {
    let text = BASE.replace(r#""type": "end""#, r#""type": "finish""#);
    assert!(has(&check(&text), r#"unknown node type "finish""#));
}

#[test]
fn an_unreachable_node_is_a_warning() {
    let text = BASE.replace(
        r#"{ "id": "bye", "type": "end" }"#,
        r#"{ "id": "bye", "type": "end" }, { "id": "lost", "type": "end" }"#,
    );
    let lines = check(&text);
    assert!(
        has(
            &lines,
            r#"warning: node "lost" is never reached from the start"#
        ),
        "{lines:?}"
    );
    assert!(
        load_str(&text, Path::new("t.json")).is_ok(),
        "warnings do not stop a flow"
    );
}

#[test]
fn a_flow_whose_start_cannot_reach_an_end_is_an_error() {
    let text = r#"{"version": 1, "name": "t", "start": "m", "nodes": [
        {"id": "m", "type": "branch", "header": "h", "items": [{"content": "A", "next": "m"}]}
    ]}"#;
    assert!(has(
        &check(text),
        "no end node can be reached from the start"
    ));
}

#[test]
fn duplicate_branch_items_are_an_error_at_the_second() {
    let text = BASE.replace(
        r#"{ "content": "B", "next": "bye" }"#,
        r#"{ "content": "A", "next": "bye" }"#,
    );
    let lines = check(&text);
    assert!(
        has(&lines, r#"flows/t.json:12:22: error: "A" repeats item 0"#),
        "{lines:?}"
    );
}

#[test]
fn a_rating_menu_over_five_is_an_error_and_an_empty_one_is_the_default() {
    let empty = BASE.replace(
        r#""start": "menu","#,
        r#""start": "menu", "settings": {"satisfaction": {"menu": []}},"#,
    );
    assert!(
        !check(&empty).iter().any(|l| l.contains("menu")),
        "the default menu, in the flow's language"
    );
    let six: Vec<String> = (1..=6)
        .map(|i| format!(r#"{{"id": "{i}", "content": "c{i}"}}"#))
        .collect();
    let over = BASE.replace(
        r#""start": "menu","#,
        &format!(
            r#""start": "menu", "settings": {{"satisfaction": {{"menu": [{}]}}}},"#,
            six.join(",")
        ),
    );
    assert!(has(
        &check(&over),
        "the rating menu has 6 options; at most 5 are allowed"
    ));
}

#[test]
fn an_undefined_variable_is_an_error_and_system_parameters_are_known() {
    let text = BASE.replace(
        r#""header": "Pick""#,
        r#""header": "Hi ${name}, ${StaffNickName}""#,
    );
    let lines = check(&text);
    assert!(
        has(
            &lines,
            "flows/t.json:9:17: error: undefined variable ${name}"
        ),
        "{lines:?}"
    );
    assert!(!has(&lines, "undefined variable ${StaffNickName}"));
    let declared = text.replace(
        r#""start": "menu","#,
        r#""start": "menu", "variables": [{"name": "name"}],"#,
    );
    assert!(!has(&check(&declared), "undefined variable"));
}

#[test]
fn an_invalid_regex_is_an_error() {
    let text = r#"{"version": 1, "name": "t", "start": "f", "variables": [{"name": "v"}], "nodes": [
        {"id": "f", "type": "form", "header": "h", "variable": "v", "next": "e",
         "validation": {"regex": "(unclosed", "retry_message": "again"}},
        {"id": "e", "type": "end"}
    ]}"#;
    assert!(has(&check(text), r#"invalid regex "(unclosed""#));
}

#[test]
fn a_missing_local_picture_is_a_warning_and_a_present_one_is_fine() {
    let text = r#"{"version": 1, "name": "t", "start": "m",
        "settings": {"assets": {"base_url": "https://desksim.example/assets/", "dir": "../assets"}},
        "nodes": [
        {"id": "m", "type": "message", "messages": [{"product_card": {"header": "h", "pic": "none.png"}}], "next": "e"},
        {"id": "e", "type": "end"}
    ]}"#;
    let lines = check(text);
    assert!(has(&lines, "warning: picture not found"), "{lines:?}");
    let present = text.replace("none.png", "retail/aurora-x2.png");
    assert!(check(&present).is_empty(), "{:?}", check(&present));
}

#[test]
fn a_loop_that_never_waits_for_the_user_is_an_error() {
    let text = r#"{"version": 1, "name": "t", "start": "a", "variables": [{"name": "v"}], "nodes": [
        {"id": "a", "type": "message", "messages": [{"text": "hi"}], "next": "b"},
        {"id": "b", "type": "condition", "routes": [{"variable": "v", "exists": true, "next": "e"}], "default": "a"},
        {"id": "e", "type": "end"}
    ]}"#;
    let lines = check(text);
    assert!(
        has(&lines, "loop without waiting for the user") && has(&lines, "a → b → a"),
        "{lines:?}"
    );
}

#[test]
fn a_loop_through_a_branch_is_fine() {
    let text = BASE.replace(
        r#"{ "content": "A", "next": "bye" }"#,
        r#"{ "content": "A", "next": "menu" }"#,
    );
    assert_eq!(check(&text), Vec::<String>::new());
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = r#"{"version": 2, "name": "t", "start": "zz", "nodes": [
        {"id": "a", "type": "end", "bogus": 1},
        {"id": "b", "type": "branch", "header": 5, "items": []}
    ]}"#;
    let lines = check(text);
    assert!(has(&lines, "unknown field `bogus`"), "{lines:?}");
    assert!(has(&lines, "nodes[1].header"), "{lines:?}");
    assert!(
        has(&lines, "expected a string, found a number (5)"),
        "{lines:?}"
    );
}

#[test]
fn semantic_problems_are_all_listed() {
    let text = r#"{"version": 2, "name": "t", "start": "zz", "nodes": [{"id": "a", "type": "end"}, {"id": "a", "type": "end"}]}"#;
    let lines = check(text);
    assert!(has(&lines, "format version 2 is not supported"));
    assert!(has(&lines, r#"the start node "zz" does not exist"#));
    assert!(has(&lines, r#"the id "a" is already used by nodes[0]"#));
}

#[test]
fn service_hours_need_a_real_zone_and_times() {
    let text = r#"{"version": 1, "name": "t", "start": "h", "nodes": [
        {"id": "h", "type": "service_hours", "time_zone": "Mars/Base", "schedule": [{"days": ["mon"], "from": "9:00", "to": "08:00"}], "open": "e", "closed": "e"},
        {"id": "e", "type": "end"}
    ]}"#;
    let lines = check(text);
    assert!(has(&lines, r#""Mars/Base" is not a known time zone"#));
    assert!(has(&lines, r#""9:00" is not a time HH:MM"#));
}

#[test]
fn bad_input_files_never_panic() {
    for text in [
        "",
        "null",
        "[]",
        "{",
        "\"x\"",
        "{\"nodes\": 5}",
        "{\"version\": 1, \"name\": \"t\", \"start\": \"a\", \"nodes\": [5, null, {}]}",
    ] {
        let lines = check(text);
        assert!(!lines.is_empty(), "{text:?} gave no diagnostics");
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(has(&check(&deep), "nested too deeply"));
}

#[test]
fn a_five_thousand_node_flow_loads_and_checks() {
    let text = corpus::generated_flow(5000);
    let (flow, diags) = load_str(&text, Path::new("big.json")).unwrap();
    assert_eq!(flow.flow.nodes.len(), 5001);
    assert!(diags.items.is_empty());
}

#[test]
fn a_ten_megabyte_flow_loads_and_checks() {
    let long = "长".repeat(10 * 1024 * 1024 / 3);
    let text = BASE.replace(r#""header": "Pick""#, &format!(r#""header": "{long}""#));
    assert!(text.len() > 10 * 1024 * 1024);
    assert!(load_str(&text, Path::new("big.json")).is_ok());
    // And with a problem in it, the position is still found.
    let broken = text.replace(r#""next": "bye" }"#, r#""next": "nowhere" }"#);
    let diags = load_str(&broken, Path::new("big.json")).unwrap_err();
    assert!(
        diags
            .items
            .iter()
            .any(|d| d.severity == Severity::Error && d.position.is_some_and(|(l, _)| l == 11))
    );
}

#[test]
fn a_loop_through_a_transfer_with_no_agent_is_found() {
    let text = r#"{"version":1,"name":"t","start":"t","nodes":[
  {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"x","available":false},"next":"e","unavailable":"sorry"},
  {"id":"sorry","type":"message","messages":[{"text":"sorry"}],"next":"t"},
  {"id":"e","type":"end"}]}"#;
    let lines = check(text);
    assert!(has(&lines, "error:") && has(&lines, "loop"), "{lines:?}");
}

#[test]
fn a_pattern_is_checked_as_the_engine_anchors_it() {
    // `#` starts a comment in (?x): anchored, the comment eats the group's end.
    let text = BASE.replace(
        r#"{ "id": "bye", "type": "end" }"#,
        r##"{ "id": "f", "type": "form", "header": "n?", "variable": "n", "validation": {"regex": "(?x) \\d+ # digits", "retry_message": "again"}, "next": "bye" },
    { "id": "bye", "type": "end" }"##,
    )
    .replace(r#"{ "content": "B", "next": "bye" }"#, r#"{ "content": "B", "next": "f" }"#)
    .replace(r#""name": "t","#, r#""name": "t", "variables": [{"name": "n"}],"#);
    let lines = check(&text);
    assert!(has(&lines, "invalid regex"), "{lines:?}");
    assert!(!has(&lines, "error: error"), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.matches("error").count() > 2),
        "{lines:?}"
    );
}

#[test]
fn an_undefined_variable_in_a_branch_item_description_is_found() {
    let text = BASE.replace(
        r#"{ "content": "A", "next": "bye" }"#,
        r#"{ "content": "A", "desc": "for ${nobody}", "next": "bye" }"#,
    );
    let lines = check(&text);
    assert!(has(&lines, "nobody"), "{lines:?}");
}

#[test]
fn the_human_service_words_may_lead_to_any_node() {
    let text = BASE.replace(
        r#""start": "menu","#,
        r#""start": "menu", "settings": {"human_service": {"words": "Human", "transfer": "bye"}},"#,
    );
    assert_eq!(check(&text), Vec::<String>::new());
}

#[test]
fn an_agent_sending_the_card_without_rule_bit_2_is_warned() {
    let text = r#"{"version":1,"name":"t","start":"t","settings":{"satisfaction":{"flag":5}},"nodes":[
  {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"x","fallback":[{"send_rating":true}]},"next":"e"},
  {"id":"e","type":"end"}]}"#;
    let lines = check(text);
    assert!(
        has(&lines, "warning:") && has(&lines, "no agent bit 2"),
        "{lines:?}"
    );
}

#[test]
fn a_picture_path_needs_settings_assets_and_a_missing_file_is_only_a_warning() {
    let card = r#"{"id": "c", "type": "message", "messages": [{"product_card": {"header": "h", "pic": "retail/nope.png"}}], "next": "menu"},"#;
    let with_card = BASE.replace(r#""nodes": ["#, &format!(r#""nodes": [{card}"#));
    let without = check(&with_card);
    assert!(
        without
            .iter()
            .any(|l| l.contains("error") && l.contains("settings.assets")),
        "{without:?}"
    );
    let with_assets = with_card.replace(
        r#""start": "menu","#,
        r#""start": "menu", "settings": {"assets": {"base_url": "https://cdn.example.com/a/", "dir": "../assets"}},"#,
    );
    let lines = check(&with_assets);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("warning") && l.contains("picture not found")),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("error")), "{lines:?}");
}

#[test]
fn a_text_sent_where_its_variable_can_be_unset_is_warned_about() {
    let text = r#"{"version": 1, "name": "t", "start": "m",
        "variables": [{"name": "order"}, {"name": "city", "initial": "Berlin"}],
        "settings": {"human_service": {"words": "HUMAN", "transfer": "agent"}},
        "nodes": [
        {"id": "m", "type": "branch", "header": "Hi", "items": [{"content": "Order", "next": "f"}, {"content": "Other", "next": "said"}]},
        {"id": "f", "type": "form", "header": "Number?", "variable": "order", "next": "said"},
        {"id": "said", "type": "message", "messages": [{"text": "About ${order} in ${city}, ${StaffNickName}"}], "next": "agent"},
        {"id": "agent", "type": "transfer", "skill_group": "g", "agent": {"name": "Ann", "on_connect": [{"say": {"text": "I am ${StaffNickName}"}}]}, "next": "e"},
        {"id": "e", "type": "end"}
    ]}"#;
    let lines = check(text);
    let warned = |needle: &str| {
        lines
            .iter()
            .any(|l| l.contains("warning") && l.contains(needle))
    };
    assert!(warned("${order} may be unset here"), "{lines:?}");
    assert!(
        warned("${StaffNickName} is set only while an agent serves"),
        "{lines:?}"
    );
    assert!(!warned("${city}"), "a declared default is always there");
    assert_eq!(
        lines.iter().filter(|l| l.contains("StaffNickName")).count(),
        1,
        "the agent's own text is fine: {lines:?}"
    );
    // Once every way to the text passes the form, it is quiet.
    let fixed = text.replace(
        r#"{"content": "Other", "next": "said"}"#,
        r#"{"content": "Other", "next": "f"}"#,
    );
    assert!(!check(&fixed).iter().any(|l| l.contains("${order}")));
}

#[test]
fn a_five_thousand_node_flow_full_of_patterns_compiles_each_pattern_once() {
    // 5,000 patterns in the file, 103 distinct. Compiled at each use, a
    // debug build takes seconds (each compile costs more than parsing the
    // whole file); compiled once each, checking costs a few parses.
    let text = corpus::patterned_flow(5000);
    // The fastest of three parses, so a busy machine does not shrink the
    // budget.
    let parse = (0..3)
        .map(|_| {
            let started = std::time::Instant::now();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(value.is_object());
            started.elapsed()
        })
        .min()
        .unwrap();
    let check = std::time::Instant::now();
    let (flow, diags) = load_str(&text, Path::new("patterns.json")).unwrap();
    let check = check.elapsed();
    assert_eq!(flow.flow.nodes.len(), 5001);
    assert!(diags.items.is_empty(), "{:?}", diags.render());
    assert!(
        check < parse * 40,
        "load and check took {check:?}, parsing alone {parse:?}"
    );
}

#[test]
fn every_delay_in_a_flow_is_at_most_a_year() {
    // Each of these would push the engine's timers past any calendar.
    let huge = u64::MAX;
    let text = format!(
        r#"{{"version": 1, "name": "t", "start": "m",
  "settings": {{"message_gap_ms": {huge}, "satisfaction": {{"effective_hours": 8761}},
                "inactivity": {{"reminder_after_s": {huge}, "timeout_after_s": 31536001, "reminder": "r"}}}},
  "nodes": [
    {{"id": "m", "type": "message", "messages": [{{"pause_ms": {huge}}}, {{"thinking_ms": {huge}}},
      {{"stream": {{"chunks": ["a"], "chunk_delay_ms": {huge}}}}}], "next": "t"}},
    {{"id": "t", "type": "transfer", "skill_group": "g", "queue": {{"position": 1, "wait_ms": {huge}, "message": "q"}},
      "agent": {{"name": "Ann", "on_connect": [{{"typing_ms": {huge}}}]}}, "next": "e"}},
    {{"id": "e", "type": "end"}}
  ]}}"#
    );
    let lines = check(&text);
    for key in [
        "settings.message_gap_ms",
        "settings.satisfaction.effective_hours",
        "settings.inactivity.reminder_after_s",
        "settings.inactivity.timeout_after_s",
        "nodes[0].messages[0].pause_ms",
        "nodes[0].messages[1].thinking_ms",
        "nodes[0].messages[2].stream.chunk_delay_ms",
        "nodes[1].queue.wait_ms",
        "nodes[1].agent.on_connect[0].typing_ms",
    ] {
        assert!(
            lines.iter().any(
                |l| l.contains("at most 8760h (a year)") && l.ends_with(&format!("(at {key})"))
            ),
            "{key}: {lines:#?}"
        );
    }
    // A year exactly is allowed.
    let year = BASE.replace(
        r#""start": "menu","#,
        r#""start": "menu", "settings": {"message_gap_ms": 31536000000, "satisfaction": {"effective_hours": 8760}},"#,
    );
    assert_eq!(check(&year), Vec::<String>::new());
}

#[test]
fn a_file_that_is_not_json_says_so_at_its_line() {
    let lines = check("{\"version\": 1,\n  \"name\": oops }");
    assert!(
        has(&lines, "flows/t.json:2:11: error: not JSON:"),
        "{lines:?}"
    );
}
