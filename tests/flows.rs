//! The example flows: schema, checks, their tests, and full node coverage.

use std::path::{Path, PathBuf};

use desksim::cli::test::run_tests;
use desksim::flow;

fn example_flows() -> Vec<PathBuf> {
    let mut flows: Vec<PathBuf> = std::fs::read_dir("flows")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("flow.schema.json"))
        .collect();
    flows.sort();
    flows
}

#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let committed = std::fs::read_to_string("flows/flow.schema.json").unwrap();
    assert!(
        committed == flow::schema_json(),
        "flows/flow.schema.json is stale: run `cargo run -- schema > flows/flow.schema.json`"
    );
}

#[test]
fn every_example_flow_follows_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&flow::schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in example_flows() {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_rejects_an_unknown_node_key() {
    let schema: serde_json::Value = serde_json::from_str(&flow::schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc = serde_json::json!({"version": 1, "name": "x", "start": "a",
        "nodes": [{"id": "a", "type": "end", "txt": "typo"}]});
    assert!(!validator.is_valid(&doc));
}

#[test]
fn every_example_flow_checks_clean() {
    let flows = example_flows();
    assert!(flows.len() >= 3, "three example flows");
    for path in flows {
        match flow::load(&path) {
            Ok((_, diags)) => assert!(
                diags.items.is_empty(),
                "{}:\n{}",
                path.display(),
                diags.render().join("\n")
            ),
            Err(diags) => panic!("{}:\n{}", path.display(), diags.render().join("\n")),
        }
    }
}

#[test]
fn every_flow_test_passes_and_every_node_is_reached() {
    let (outcomes, coverage) = run_tests(&[PathBuf::from("flows")]).unwrap();
    assert!(outcomes.len() >= 9);
    for o in &outcomes {
        assert!(
            o.failure.is_none(),
            "{}:\n{}",
            o.file.display(),
            o.failure.as_deref().unwrap_or("")
        );
    }
    for path in example_flows() {
        let canonical = std::fs::canonicalize(&path).unwrap();
        let c = coverage
            .get(&canonical)
            .unwrap_or_else(|| panic!("no test uses {}", path.display()));
        assert!(
            c.missed.is_empty(),
            "{}: never reached: {:?}",
            path.display(),
            c.missed
        );
    }
}

#[test]
fn the_default_flow_exists() {
    assert!(Path::new(desksim::DEFAULT_FLOW).is_file());
}
