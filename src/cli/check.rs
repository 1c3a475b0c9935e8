//! `desksim check FLOW...`: every problem of each flow, as
//! `path:line:col: error|warning: message`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::outln;

use crate::flow::file::read_text;
use crate::flow::{self, Severity};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The flow files to check.
    #[arg(required = true)]
    pub flows: Vec<PathBuf>,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let mut out = super::Output::new();
    let (mut errors, mut warnings) = (0, 0);
    let mut files = 0;
    for file in &args.flows {
        if is_json_schema(file) {
            // `desksim check flows/*.json` takes in flow.schema.json too.
            eprintln!("{}: skipped: a JSON Schema, not a flow", file.display());
            continue;
        }
        files += 1;
        let diags = match flow::load(file) {
            Ok((_, diags)) => diags,
            Err(diags) => diags,
        };
        for d in &diags.items {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            outln!(out, "{}", d.render(&diags.file));
        }
    }
    eprintln!(
        "{files} flow{} checked: {errors} error{}, {warnings} warning{}",
        plural(files),
        plural(errors),
        plural(warnings)
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A `*.schema.json` file that says it is a JSON Schema.
fn is_json_schema(file: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "$schema")]
        schema: Option<String>,
    }
    let named = file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".schema.json"));
    named
        && read_text(file, flow::MAX_FLOW_BYTES as u64)
            .ok()
            .and_then(|text| serde_json::from_str::<Head>(&text).ok())
            .and_then(|h| h.schema)
            .is_some_and(|s| s.contains("json-schema.org"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
