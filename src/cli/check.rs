//! `desksim check FLOW...`: every problem of each flow, as
//! `path:line:col: error|warning: message`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::outln;

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
    for file in &args.flows {
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
    let files = args.flows.len();
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
