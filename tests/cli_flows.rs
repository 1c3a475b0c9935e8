//! `desksim check`, `play` and `test` from the command line.

use std::path::PathBuf;
use std::process::{Command, Output};

use desksim::headless::script::Script;

fn desksim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_desksim"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch folder for this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("desksim-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_is_clean_on_the_examples_and_exits_1_on_errors() {
    // What `desksim check flows/*.json` expands to: the schema is skipped.
    let mut all: Vec<String> = std::fs::read_dir("flows")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    all.sort();
    let mut args = vec!["check"];
    args.extend(all.iter().map(String::as_str));
    let ok = desksim(&args);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(
        stderr(&ok).contains("flows/flow.schema.json: skipped: a JSON Schema, not a flow"),
        "{}",
        stderr(&ok)
    );
    assert!(
        stderr(&ok).contains("3 flows checked: 0 errors, 0 warnings"),
        "{}",
        stderr(&ok)
    );

    let dir = scratch("check");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"version\": 1,\n  \"name\": \"x\",\n  \"start\": \"nowhere\",\n  \"nodes\": []\n}\n",
    )
    .unwrap();
    let out = desksim(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "{}:4:12: error: the start node \"nowhere\" does not exist",
        bad.display()
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
}

#[test]
fn check_says_a_file_is_missing_or_unreadable_without_a_line_and_column() {
    let missing = desksim(&["check", "no/such/flow.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stdout(&missing).contains("no/such/flow.json: error: file not found"),
        "{}",
        stdout(&missing)
    );
    assert!(!stdout(&missing).contains(":1:1"), "{}", stdout(&missing));

    let dir = scratch("check-folder");
    let out = desksim(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!(
            "{}: error: cannot read it: a folder, not a file",
            dir.display()
        )),
        "{}",
        stdout(&out)
    );

    let play = desksim(&[
        "play",
        "no/such/flow.json",
        "--script",
        "no/such/script.json",
    ]);
    assert_eq!(play.status.code(), Some(1));
    assert!(
        stderr(&play).contains("no/such/script.json: file not found"),
        "{}",
        stderr(&play)
    );
}

#[test]
fn check_reads_a_flow_saved_with_a_byte_order_mark() {
    let dir = scratch("check-bom");
    let flow = dir.join("bom.json");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        br#"{"version": 1, "name": "b", "start": "e", "nodes": [{"id": "e", "type": "end"}]}"#,
    );
    std::fs::write(&flow, bytes).unwrap();
    let out = desksim(&["check", flow.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("1 flow checked: 0 errors"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn play_prints_the_transcript_as_json_lines() {
    let dir = scratch("play");
    let script = dir.join("script.json");
    std::fs::write(
        &script,
        r#"{"steps": [{"choose": "Speakers"}, {"choose": "That's all"}]}"#,
    )
    .unwrap();
    let out = desksim(&[
        "play",
        "flows/retail_presales.json",
        "--script",
        script.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = &lines[0];
    for key in ["t_ms", "dir", "id", "kind", "online_only", "data"] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["dir"], "out");
    assert_eq!(first["data"]["src"], "7");
    assert_eq!(first["online_only"], true);
    let speakers = lines.iter().find(|l| l["data"] == "Speakers").unwrap();
    assert_eq!(speakers["kind"], "text");
    let card = lines.iter().find(|l| l["data"]["src"] == "22").unwrap();
    assert!(card["t_ms"].as_i64().unwrap() > speakers["t_ms"].as_i64().unwrap());
    assert_eq!(lines.last().unwrap()["data"]["src"], "19");

    let text = desksim(&[
        "play",
        "flows/retail_presales.json",
        "--script",
        script.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert!(
        stdout(&text).contains("] → text \"Speakers\""),
        "{}",
        stdout(&text)
    );
    assert!(stdout(&text).contains("← src 22 product card: \"Boom portable speaker\""));
}

#[test]
fn a_script_with_an_unknown_action_is_refused_naming_the_step() {
    let dir = scratch("badscript");
    let script = dir.join("script.json");
    std::fs::write(&script, r#"{"steps": [{"say": "hi"}, {"sya": "typo"}]}"#).unwrap();
    let out = desksim(&[
        "play",
        "flows/retail_presales.json",
        "--script",
        script.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("step 2: unknown action `sya`"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&script, r#"{"steps": [{"wait": "soon"}]}"#).unwrap();
    let out = desksim(&[
        "play",
        "flows/retail_presales.json",
        "--script",
        script.to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("step 1"), "{}", stderr(&out));
}

#[test]
fn test_reports_passes_failures_with_a_diff_and_coverage() {
    let out = desksim(&["test", "flows"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("coverage: flows/bank_zh.json: all 15 nodes reached"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("14 passed, 0 failed"), "{text}");

    let dir = scratch("failing").join("tests");
    std::fs::create_dir_all(&dir).unwrap();
    let flow = std::fs::canonicalize("flows/retail_presales.json").unwrap();
    std::fs::write(
        dir.join("wrong.json"),
        format!(
            r#"{{"flow": {:?}, "steps": [{{"choose": "Speakers"}}], "expect": [{{"dir": "in", "src": "22", "data": {{"content": {{"header": "Boom boom"}}}}}}]}}"#,
            flow.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = desksim(&["test", dir.parent().unwrap().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL"), "{text}");
    assert!(text.contains(r#"expected #1 {"dir":"in","src":"22","data":{"content":{"header":"Boom boom"}}} was not found"#), "{text}");
    assert!(
        text.contains("← src 22 product card: \"Boom portable speaker\""),
        "the diff shows what came: {text}"
    );
    assert!(text.trim_end().ends_with("0 passed, 1 failed"));
}

#[test]
fn test_exits_1_when_it_finds_no_tests() {
    let dir = scratch("no-tests");
    let out = desksim(&["test", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no flow tests found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn play_exits_1_when_the_flow_breaks_at_run_time() {
    let dir = scratch("play-problem");
    // `check` only warns; at run time the agent's card is refused.
    let flow = dir.join("no-bit-2.json");
    std::fs::write(
        &flow,
        r#"{"version":1,"name":"r","start":"t","settings":{"satisfaction":{"flag":4}},"nodes":[
        {"id":"t","type":"transfer","skill_group":"g","agent":{"name":"Ann","fallback":[{"send_rating":true}]},"next":"e"},
        {"id":"e","type":"end"}]}"#,
    )
    .unwrap();
    let script = dir.join("script.json");
    std::fs::write(&script, r#"{"steps": [{"say": "rate me"}]}"#).unwrap();
    let out = desksim(&[
        "play",
        flow.to_str().unwrap(),
        "--script",
        script.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no agent bit 2"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the backend reported 1 problem"),
        "{}",
        stderr(&out)
    );
}

// ---- scripts: every mistake named in the user's words ----------------------

/// What `desksim play --script` says about a script file's text.
fn script_error(text: &str) -> String {
    match desksim::cli::play::parse_json::<Script>(text) {
        Ok(s) => panic!("{text} was accepted: {s:?}"),
        Err(e) => e,
    }
}

/// Words of serde's and Rust's, not the user's.
const INTERNALS: [&str; 13] = [
    "EOF", "untagged", "variant", "Some(", "enum", "struct", "Raw", "Duration", "u64", "i64",
    "newtype", "unit", "sequence",
];

#[test]
fn every_wrong_step_says_what_was_wrong_and_what_is_accepted() {
    let cases: &[(&str, &[&str])] = &[
        (
            r#"{"steps": [{"say": "hi"}, {"sya": "typo"}]}"#,
            &["step 2: unknown action `sya`", "say, choose, answer"],
        ),
        (
            r#"{"steps": ["dance"]}"#,
            &["step 1: unknown action `dance`", "\"human\""],
        ),
        (
            r#"{"steps": ["say"]}"#,
            &["step 1: `say` needs a value", r#"{"say": "#],
        ),
        (
            r#"{"steps": [{"human": 3}]}"#,
            &["step 1: `human` takes no value", r#"write it as "human""#],
        ),
        (
            r#"{"steps": [3]}"#,
            &["step 1: a step is an action", "found a number (3)"],
        ),
        (
            r#"{"steps": [null]}"#,
            &["step 1: a step is an action", "found null"],
        ),
        (
            r#"{"steps": [["say", "hi"]]}"#,
            &["step 1: a step is an action", "found an array"],
        ),
        (
            r#"{"steps": [{}]}"#,
            &["step 1: an empty object is no action"],
        ),
        (
            r#"{"steps": [{"say": "a", "wait": "5m"}]}"#,
            &["step 1: a step is one action", "`say`, `wait`", "own step"],
        ),
        (
            r#"{"steps": [{"say": 3}]}"#,
            &["step 1: `say` takes a text", "found a number (3)"],
        ),
        (
            r#"{"steps": [{"choose": {"x": 1}}]}"#,
            &[
                "step 1: `choose` takes the text of an item",
                "found an object",
            ],
        ),
        (
            r#"{"steps": [{"submit": "x"}]}"#,
            &[
                "step 1: `submit` takes a list of texts",
                r#"found a string ("x")"#,
            ],
        ),
        (
            r#"{"steps": [{"submit": ["a", 2]}]}"#,
            &[
                "step 1: `submit` takes a list of texts",
                "found a number (2)",
            ],
        ),
        (
            r#"{"steps": [{"send_card": "x"}]}"#,
            &["step 1: `send_card` takes a card", "header"],
        ),
        (
            r#"{"steps": [{"send_card": {"header": 3}}]}"#,
            &[
                "step 1: `send_card`: `header` takes a text",
                "found a number (3)",
            ],
        ),
        (
            r#"{"steps": [{"send_card": {"hedaer": "x"}}]}"#,
            &[
                "step 1: `send_card`: unknown key `hedaer`",
                "header, desc, pic, url",
            ],
        ),
        (
            r#"{"steps": [{"wait": "soon"}]}"#,
            &[
                r#"step 1: `wait` must be a duration like "5m""#,
                r#"found "soon""#,
            ],
        ),
        (
            r#"{"steps": [{"wait": -5}]}"#,
            &[r#"step 1: `wait` must be a duration like "5m""#, "found -5"],
        ),
        (
            r#"{"steps": [{"wait": true}]}"#,
            &[
                r#"step 1: `wait` must be a duration like "5m""#,
                "found true",
            ],
        ),
        (
            r#"{"steps": [{"wait": 1.5}]}"#,
            &["step 1: `wait` counts whole milliseconds", "found 1.5"],
        ),
        (
            r#"{"steps": [{"agent": "dance"}]}"#,
            &[
                "step 1: unknown agent command `dance`",
                r#"{"agent": "typing"}"#,
                r#"{"agent": {"say": "#,
            ],
        ),
        (
            r#"{"steps": [{"agent": {"shout": "x"}}]}"#,
            &[
                "step 1: unknown agent command `shout`",
                r#"{"agent": "end_session"}"#,
            ],
        ),
        (
            r#"{"steps": [{"agent": {"say": 3}}]}"#,
            &["step 1: `agent`: `say` takes a text", "found a number (3)"],
        ),
        (
            r#"{"steps": [{"agent": 3}]}"#,
            &["step 1: `agent` takes a command", "found a number (3)"],
        ),
        (r#"{}"#, &["`steps` is missing", "the user's actions"]),
        (r#"{"steps": "x"}"#, &["steps: expected an array"]),
        (
            r#"{"stpes": []}"#,
            &["unknown key `stpes`", "`start_at` or `steps`"],
        ),
        (r#"[1]"#, &["a script is a JSON object", "steps"]),
        (
            r#"{"steps": [], "start_at": 3}"#,
            &["start_at: expected a string"],
        ),
        (
            r#"{"steps": [{"say": "hi"}"#,
            &["line 1, column 24: the JSON ends before it is complete"],
        ),
        ("", &["the file is empty", "steps"]),
        (
            r#"{"steps": [{"say": "hi"}], "expect": []}"#,
            &["unknown key `expect`", "`start_at` or `steps`"],
        ),
    ];
    for (text, expected) in cases {
        let message = script_error(text);
        for e in *expected {
            assert!(message.contains(e), "{text}: {message:?} lacks {e:?}");
        }
        for word in INTERNALS {
            assert!(
                !message.contains(word),
                "{text}: {message:?} shows {word:?}"
            );
        }
    }
    // The unknown key is named once, not as its own place too.
    assert!(script_error(r#"{"stpes": []}"#).starts_with("unknown key `stpes`"));
}

#[test]
fn a_flow_test_names_its_wrong_step_too() {
    let dir = scratch("bad-flow-test").join("tests");
    std::fs::create_dir_all(&dir).unwrap();
    let flow = std::fs::canonicalize("flows/retail_presales.json").unwrap();
    std::fs::write(
        dir.join("bad_wait.json"),
        format!(
            r#"{{"flow": {:?}, "steps": [{{"choose": "Speakers"}}, {{"wait": 5.5}}, {{"wait": "soon"}}], "expect": []}}"#,
            flow.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = desksim(&["test", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("step 2: `wait` counts whole milliseconds"),
        "{}",
        stdout(&out)
    );
}

// ---- time: kept to the span desksim plays (more in tests/engine.rs) -------

#[test]
fn a_start_before_1970_or_after_2106_is_refused_naming_start_at() {
    for (start, words) in [
        ("0001-01-01T00:00:00Z", "before 1970-01-01T00:00:00Z"),
        ("-009999-01-01T00:00:00Z", "before 1970-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59+14:00", "after 2106-02-07T06:28:15Z"),
        ("1969-12-31T23:59:59Z", "before 1970-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "after 2106-02-07T06:28:15Z"),
        ("2106-02-07T06:28:16Z", "after 2106-02-07T06:28:15Z"),
    ] {
        let message = script_error(&format!(r#"{{"start_at": "{start}", "steps": []}}"#));
        assert!(
            message.starts_with(&format!("start_at: {start} is {words}")),
            "{start}: {message}"
        );
        assert!(!message.contains("parameter"), "{message}");
    }
    for start in ["yesterday", "2025-06-16T02:00:00", "9999-12-31T23:59:59"] {
        let message = script_error(&format!(r#"{{"start_at": "{start}", "steps": []}}"#));
        assert!(
            message.starts_with(&format!(
                r#"start_at: "{start}" is not a time such as 2025-06-16T02:00:00Z"#
            )),
            "{message}"
        );
    }
    for start in ["1970-01-01T00:00:00Z", "2106-02-07T06:28:15Z"] {
        let text = format!(r#"{{"start_at": "{start}", "steps": []}}"#);
        assert!(
            desksim::cli::play::parse_json::<Script>(&text).is_ok(),
            "{start}"
        );
    }
}

#[test]
fn waits_that_run_past_2106_name_the_step_that_crosses() {
    let message = script_error(
        r#"{"start_at": "2106-02-07T00:00:00Z", "steps": [{"say": "hi"}, {"wait": "6h"}, {"wait": "29m"}]}"#,
    );
    assert!(
        message.starts_with("step 3: this wait takes the conversation past 2106-02-07T06:28:15Z"),
        "{message}"
    );
    // From the default start (2025), a year at a time.
    let steps = vec![r#"{"wait": "8760h"}"#; 100].join(", ");
    let message = script_error(&format!(r#"{{"steps": [{steps}]}}"#));
    assert!(message.starts_with("step 81: this wait"), "{message}");
}

#[test]
fn play_refuses_a_start_in_year_1_and_a_huge_wait() {
    let dir = scratch("play-time");
    let script = dir.join("script.json");
    for (text, expected) in [
        (
            r#"{"start_at": "0001-01-01T00:00:00Z", "steps": [{"choose": "Speakers"}]}"#,
            "start_at: 0001-01-01T00:00:00Z is before 1970-01-01T00:00:00Z",
        ),
        (
            r#"{"steps": [{"choose": "Speakers"}, {"wait": 18446744073709551615}]}"#,
            "step 2: `wait` can be at most 8760h (a year)",
        ),
    ] {
        std::fs::write(&script, text).unwrap();
        let out = desksim(&[
            "play",
            "flows/retail_presales.json",
            "--script",
            script.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        assert!(
            stdout(&out).is_empty(),
            "nothing is played: {}",
            stdout(&out)
        );
    }
}
