//! `desksim test [PATH...]`: runs flow tests, prints a diff for each failure,
//! the node coverage of each flow, and `N passed, N failed`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::outln;
use std::sync::Arc;

use crate::flow::file::read_text;
use crate::flow::{self, LoadedFlow};
use crate::headless::flowtest::{self, FlowTest, Outcome};
use crate::headless::play_local;

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Test files, or folders searched for `tests/*.json` (default: flows).
    pub paths: Vec<PathBuf>,
}

/// Coverage of one flow: its nodes, and those no test reached.
#[derive(Debug)]
pub struct Coverage {
    pub nodes: usize,
    pub missed: Vec<String>,
}

/// Runs the tests under `paths`; returns each outcome and the coverage of
/// each flow they use.
pub fn run_tests(paths: &[PathBuf]) -> Result<(Vec<Outcome>, BTreeMap<PathBuf, Coverage>), String> {
    let mut files = Vec::new();
    for p in paths {
        files.extend(flowtest::discover(p)?);
    }
    let mut flows: HashMap<PathBuf, Result<Arc<LoadedFlow>, String>> = HashMap::new();
    let mut outcomes = Vec::new();
    for file in files {
        outcomes.push(run_one(&file, &mut flows));
    }
    let mut visited: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for o in &outcomes {
        visited
            .entry(o.flow_file.clone())
            .or_default()
            .extend(o.visited.iter().cloned());
    }
    let mut coverage = BTreeMap::new();
    for (path, flow) in &flows {
        if let Ok(flow) = flow {
            let seen = visited.get(path).cloned().unwrap_or_default();
            let missed = flow
                .flow
                .nodes
                .iter()
                .map(|n| n.id().to_owned())
                .filter(|id| !seen.contains(id))
                .collect();
            coverage.insert(
                path.clone(),
                Coverage {
                    nodes: flow.flow.nodes.len(),
                    missed,
                },
            );
        }
    }
    Ok((outcomes, coverage))
}

fn run_one(file: &Path, flows: &mut HashMap<PathBuf, Result<Arc<LoadedFlow>, String>>) -> Outcome {
    let mut outcome = Outcome {
        file: file.to_owned(),
        flow_file: PathBuf::new(),
        failure: None,
        visited: HashSet::new(),
    };
    let test: FlowTest = match read_text(file, super::play::MAX_SCRIPT_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|t| super::play::parse_json(&t))
    {
        Ok(t) => t,
        Err(e) => {
            outcome.failure = Some(e);
            return outcome;
        }
    };
    let flow_file = file.parent().unwrap_or(Path::new(".")).join(&test.flow);
    let flow_file = std::fs::canonicalize(&flow_file)
        .or_else(|_| std::path::absolute(&flow_file))
        .unwrap_or(flow_file);
    outcome.flow_file = flow_file.clone();
    let loaded = flows
        .entry(flow_file.clone())
        .or_insert_with(|| {
            flow::load(&flow_file)
                .map(|(f, _)| Arc::new(f))
                .map_err(|d| format!("the flow has errors:\n{}", d.render().join("\n")))
        })
        .clone();
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            outcome.failure = Some(e);
            return outcome;
        }
    };
    let (run, result) = play_local(loaded, test.start_at.as_deref(), &test.steps);
    outcome.visited = run.backend.visited();
    let mut failure = String::new();
    if let Err(e) = result {
        failure.push_str(&format!("{e}\n"));
    }
    for (t, p) in &run.problems() {
        failure.push_str(&format!("the backend reported at {t} ms: {p}\n"));
    }
    if let Err(diff) = flowtest::compare(&test.expect, run.lines()) {
        failure.push_str(&diff);
    }
    if !failure.is_empty() {
        outcome.failure = Some(failure);
    }
    outcome
}

pub fn run(args: &TestArgs) -> ExitCode {
    let mut out = super::Output::new();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("flows")]
    } else {
        args.paths.clone()
    };
    let (outcomes, coverage) = match run_tests(&paths) {
        Ok(r) => r,
        Err(e) => return super::usage_error(&e),
    };
    let mut failed = 0;
    for o in &outcomes {
        match &o.failure {
            None => outln!(out, "ok    {}", o.file.display()),
            Some(f) => {
                failed += 1;
                outln!(out, "FAIL  {}", o.file.display());
                for line in f.lines() {
                    outln!(out, "      {line}");
                }
            }
        }
    }
    for (flow, c) in &coverage {
        let reached = c.nodes - c.missed.len();
        let shown = headless_relative(flow);
        if c.missed.is_empty() {
            outln!(out, "coverage: {shown}: all {} nodes reached", c.nodes);
        } else {
            outln!(
                out,
                "coverage: {shown}: {reached}/{} nodes reached; never: {}",
                c.nodes,
                c.missed.join(", ")
            );
        }
    }
    outln!(out, "{} passed, {failed} failed", outcomes.len() - failed);
    if outcomes.is_empty() {
        // A CI job pointed at the wrong folder must not pass by testing nothing.
        eprintln!(
            "desksim: no flow tests found under {} (tests are tests/*.json beside the flows)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn headless_relative(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}
