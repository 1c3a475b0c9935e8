//! `desksim decode` as a QA engineer uses it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn desksim(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_desksim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn json_lines_are_reported_one_per_line_and_any_failure_exits_1() {
    let input = concat!(
        r#"{"customerServicePlugin":0,"src":"12"}"#,
        "\n",
        r#"{"customerServicePlugin":0,"src":"15","content":{"header":"h","items":[{"content":"A"},{"content":"A"}]}}"#,
        "\n\n",
        r#"{"customerServicePlugin":0,"src":"15","content":{"items":[{"content":1}]}}"#,
        "\n"
    );
    let out = desksim(&["decode"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("line 1: src 12 typing [online-only]"),
        "{text}"
    );
    assert!(text.contains("line 2: src 15 branch"), "{text}");
    assert!(
        text.contains(
            "  warning: content.items[1].content: item text \"A\" appears more than once"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "line 4: error: content.items[0].content: expected a string, found a number (1)"
        ),
        "{text}"
    );
}

#[test]
fn a_clean_file_exits_0() {
    let out = desksim(
        &["decode", "tests/fixtures/messages/src15_branch.json"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("document: src 15 branch: \"请选择您要咨询的业务 🙂\", 4 items")
    );
}

#[test]
fn a_pretty_printed_document_is_one_document() {
    let pretty = "{\n  \"customerServicePlugin\": 0,\n  \"src\": \"23\",\n  \"content\": {\"menuSendRuleFlag\": 7}\n}\n";
    let out = desksim(&["decode", "-"], pretty.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("document: src 23 rating rules"));
}

#[test]
fn the_seed_examples_need_lenient_mode() {
    let out = desksim(&["decode", "tests/fixtures/seed/src09.json5"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("decode it in lenient mode"));
    let out = desksim(
        &["decode", "--lenient", "tests/fixtures/seed/src09.json5"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("src 9 rating card"));
}

#[test]
fn json_output_is_one_object_per_message_with_the_canonical_wire_form() {
    let elem = r#"{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"人工"}},{"MsgType":"TIMCustomElem","MsgContent":{"Data":"{\"src\":15,\"customerServicePlugin\":0,\"content\":{\"header\":\"h\",\"items\":[{\"content\":\"A\"}]}}"}}]}"#;
    let out = desksim(&["decode", "--json"], elem.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["kind"], "text");
    assert_eq!(rows[0]["text"], "人工");
    assert_eq!(rows[1]["src"], "15");
    assert_eq!(rows[1]["message"]["src"], "15", "normalized to a string");
    assert_eq!(rows[1]["warnings"][0]["path"], "src");
}

#[test]
fn json_output_reports_errors_with_their_detail() {
    let out = desksim(
        &["decode", "--json"],
        b"{\"customerServicePlugin\":0,\"src\":\"15\",\"content\":{\"header\":2}}",
    );
    assert_eq!(out.status.code(), Some(1));
    let row: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(row["ok"], false);
    assert_eq!(row["error_detail"]["kind"], "wrong_type");
    assert_eq!(row["error_detail"]["path"], "content.header");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        desksim(&["decode", "no/such/file.json"], b"").status.code(),
        Some(2)
    );
    assert_eq!(desksim(&["decode", "--bogus"], b"").status.code(), Some(2));
    assert_eq!(desksim(&["nonsense"], b"").status.code(), Some(2));
}

#[test]
fn bad_input_never_panics() {
    for input in [
        &b""[..],
        b"   \n\n",
        b"\xff\xfe\x00garbage",
        b"[[[[[[[[[[",
        b"null",
        b"{\"customerServicePlugin\":0}",
        b"{\"MsgBody\": 5}",
        b"}{",
    ] {
        let out = desksim(&["decode"], input);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{:?}",
            String::from_utf8_lossy(input)
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn lenient_documents_one_after_another_are_each_reported_from_their_line() {
    // The published src 21 block as it stands: two forms, comments between.
    let input = concat!(
        "// Structure of the Form collection messages\n",
        "{\n\"customerServicePlugin\": 0,\n\"src\": \"21\",\n\"content\": {\n",
        "// Option title\n\"header\": \"What do you like to eat?\",\n",
        "\"items\": [{\"content\": \"Apple\", \"desc\": \"\"}],\n\"type\": 1,\n}\n}\n",
        "\n// Text form structure\n",
        "{\n\"customerServicePlugin\": 0,\n\"src\": \"21\",\n",
        "\"content\": {\"header\": \"What do you like to eat?\", \"type\": 0, \"selected\": {\"content\": \"Peach\"}}\n}\n"
    );
    let out = desksim(&["decode", "--lenient"], input.as_bytes());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("line 2: src 21 form"), "{text}");
    assert!(text.contains("line 14: src 21 form"), "{text}");
    assert_eq!(text.matches("src 21 form").count(), 2, "{text}");
}

#[test]
fn a_lenient_document_starting_with_a_comment_reports_its_own_error() {
    let input =
        "// a branch\n{customerServicePlugin: 0, src: '15',\n content: {items: [{content: 1}]}}\n";
    let out = desksim(&["decode", "--lenient"], input.as_bytes());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text.trim(),
        "document: error: content.items[0].content: expected a string, found a number (1)"
    );
}

#[test]
fn json_lines_with_a_broken_first_line_still_decode_the_others() {
    let input = concat!(
        "{\"customerServicePlugin\":0,\"src\":\n",
        r#"{"customerServicePlugin":0,"src":"12"}"#,
        "\n",
        r#"{"customerServicePlugin":0,"src":"19"}"#,
        "\n"
    );
    let out = desksim(&["decode"], input.as_bytes());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("line 1: error:"), "{text}");
    assert!(text.contains("line 2: src 12 typing"), "{text}");
    assert!(text.contains("line 3: src 19"), "{text}");
}

#[test]
fn a_byte_order_mark_is_not_an_error() {
    let input = "\u{feff}{\"customerServicePlugin\":0,\"src\":\"12\"}";
    let out = desksim(&["decode"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
