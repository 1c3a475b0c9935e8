//! `desksim check`, `play` and `test` from the command line.

use std::path::PathBuf;
use std::process::{Command, Output};

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
    assert!(text.trim_end().ends_with("13 passed, 0 failed"), "{text}");

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
