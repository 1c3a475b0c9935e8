//! `desksim play --backend tencent` against the fake of the REST API, in
//! another process: the same script, the same transcript as embedded.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use desksim::flow;
use desksim::headless::script::start_time;
use support::fake_tencent::{self as fake, Fake};

fn config_file(fake: &Fake, dir: &Path) -> std::path::PathBuf {
    let file = dir.join("tencent.json");
    let config = serde_json::json!({
        "sdk_app_id": fake::SDK_APP_ID,
        "admin": fake::ADMIN,
        "user_id": fake::USER,
        "base_url": fake.base_url(),
        "secret_env": "DESKSIM_TEST_SECRET",
        "timeout_ms": 2000,
        "time_warp": true
    });
    std::fs::write(&file, config.to_string()).unwrap();
    file
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("desksim-cli-remote-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn steps_of(test: &str, dir: &Path) -> std::path::PathBuf {
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(test).unwrap()).unwrap();
    let script = dir.join("script.json");
    let mut s = serde_json::json!({"steps": t["steps"]});
    if let Some(at) = t.get("start_at") {
        s["start_at"] = at.clone();
    }
    std::fs::write(&script, s.to_string()).unwrap();
    script
}

fn run(args: &[&str]) -> std::process::Output {
    run_with_secret(args, fake::SECRET)
}

fn run_with_secret(args: &[&str], secret: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_desksim"))
        .args(args)
        .env("DESKSIM_TEST_SECRET", secret)
        .output()
        .unwrap()
}

/// Every example flow test's script, run by `desksim play --backend
/// tencent --compare` against the fake (the engine playing Desk behind it):
/// the same transcript as the embedded backend, turn by turn.
#[test]
fn play_against_the_fake_agrees_with_the_embedded_backend_on_every_flow_test() {
    let mut tests: Vec<std::path::PathBuf> = std::fs::read_dir("flows/tests")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    tests.sort();
    assert!(tests.len() >= 13, "{tests:?}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    for test in tests {
        let t: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&test).unwrap()).unwrap();
        let flow_file = test.parent().unwrap().join(t["flow"].as_str().unwrap());
        let loaded = Arc::new(flow::load(&flow_file).unwrap().0);
        let fake = Fake::start(&rt, loaded, start_time(t["start_at"].as_str()).unwrap());
        let name = test.file_stem().unwrap().to_str().unwrap();
        let dir = scratch(name);
        let cfg = config_file(&fake, &dir);
        let script = steps_of(test.to_str().unwrap(), &dir);
        let out = run(&[
            "play",
            flow_file.to_str().unwrap(),
            "--script",
            script.to_str().unwrap(),
            "--backend",
            "tencent",
            "--tencent-config",
            cfg.to_str().unwrap(),
            "--compare",
            "--quiet-ms",
            "300",
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}:\n{stdout}\n{}",
            test.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.starts_with("no differences"), "{stdout}");
        assert!(
            fake.duplicates().is_empty(),
            "{}: sent twice",
            test.display()
        );
    }
}

#[test]
fn play_against_the_fake_prints_the_transcript_without_online_only_messages() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let loaded = Arc::new(
        flow::load(Path::new("flows/retail_presales.json"))
            .unwrap()
            .0,
    );
    let fake = Fake::start(&rt, loaded, start_time(None).unwrap());
    let dir = scratch("transcript");
    let cfg = config_file(&fake, &dir);
    let script = dir.join("s.json");
    std::fs::write(
        &script,
        r#"{"steps": [{"choose": "Talk to a person"}, {"answer": "Over $200"}, {"say": "price?"}]}"#,
    )
    .unwrap();
    let out = run(&[
        "play",
        "flows/retail_presales.json",
        "--script",
        script.to_str().unwrap(),
        "--backend",
        "tencent",
        "--tencent-config",
        cfg.to_str().unwrap(),
        "--quiet-ms",
        "300",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["data"] == "Hi, I'm Emma (adviser no. 1024). How can I help?")
    );
    assert!(
        !lines
            .iter()
            .any(|l| l["dir"] == "in" && l["data"]["src"] == "12"),
        "typing is online-only: IM never stores it"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(fake::SECRET));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(fake::SECRET));
}

#[test]
fn a_compare_that_differs_says_where_and_exits_1() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    // The fake runs the after-sales flow; the embedded run, the retail one.
    let loaded = Arc::new(flow::load(Path::new("flows/after_sales.json")).unwrap().0);
    let fake = Fake::start(&rt, loaded, start_time(None).unwrap());
    let dir = scratch("differs");
    let cfg = config_file(&fake, &dir);
    let script = dir.join("s.json");
    std::fs::write(&script, r#"{"steps": [{"say": "hello"}]}"#).unwrap();
    let out = run(&[
        "play",
        "flows/retail_presales.json",
        "--script",
        script.to_str().unwrap(),
        "--backend",
        "tencent",
        "--tencent-config",
        cfg.to_str().unwrap(),
        "--compare",
        "--quiet-ms",
        "300",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("turn 1:"), "{stdout}");
    assert!(stdout.contains("- embedded:") && stdout.contains("+ tencent:"));
}

#[test]
fn a_missing_secret_is_a_usage_error_that_names_the_variable() {
    let dir = scratch("no-secret");
    let script = dir.join("s.json");
    std::fs::write(&script, r#"{"steps": [{"say": "hello"}]}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_desksim"))
        .args([
            "play",
            "flows/retail_presales.json",
            "--script",
            script.to_str().unwrap(),
            "--backend",
            "tencent",
            "--sdk-app-id",
            "1",
            "--admin",
            "administrator",
            "--user-id",
            "u1",
            "--secret-env",
            "DESKSIM_NO_SUCH_VAR",
        ])
        .env_remove("DESKSIM_NO_SUCH_VAR")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("DESKSIM_NO_SUCH_VAR"), "{err}");
    assert!(out.stdout.is_empty(), "nothing was played");
}

#[test]
fn a_wrong_secret_ends_play_at_once_with_exit_1() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let loaded = Arc::new(
        flow::load(Path::new("flows/retail_presales.json"))
            .unwrap()
            .0,
    );
    let fake = Fake::start(&rt, loaded, start_time(None).unwrap());
    let dir = scratch("wrong-secret");
    let cfg = config_file(&fake, &dir);
    let script = dir.join("s.json");
    std::fs::write(
        &script,
        r#"{"steps": [{"say": "hello"}, {"say": "anyone?"}]}"#,
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = run_with_secret(
        &[
            "play",
            "--script",
            script.to_str().unwrap(),
            "--backend",
            "tencent",
            "--tencent-config",
            cfg.to_str().unwrap(),
            "--quiet-ms",
            "300",
        ],
        "not-the-secret",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("70009") && err.contains("secret key"), "{err}");
    assert!(fake.state.lock().unwrap().received.is_empty());
}
