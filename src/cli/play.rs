//! `desksim play FLOW --script SCRIPT`: a conversation without a window,
//! printed as JSON lines (or a readable chat).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::outln;
use std::sync::Arc;

use crate::flow;
use crate::headless::{self, format, script::Script};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per message: t_ms, dir, id, kind, online_only, data.
    Json,
    /// A readable chat.
    Text,
}

#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// The flow file to run on the embedded backend.
    pub flow: PathBuf,
    /// The user's actions: {"start_at": "...", "steps": [...]}.
    #[arg(long)]
    pub script: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

pub fn run(args: &PlayArgs) -> ExitCode {
    let mut out = super::Output::new();
    let script: Script = match read_script(&args.script) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("desksim: {message}");
            return ExitCode::FAILURE;
        }
    };
    let loaded = match flow::load(&args.flow) {
        Ok((loaded, _)) => loaded,
        Err(diags) => {
            for line in diags.render() {
                eprintln!("{line}");
            }
            eprintln!("desksim: the flow has errors; fix them first (desksim check)");
            return ExitCode::FAILURE;
        }
    };
    let (run, result) =
        headless::play_local(Arc::new(loaded), script.start_at.as_deref(), &script.steps);
    for line in &run.lines {
        match args.format {
            Format::Json => outln!(out, "{}", serde_json::to_string(line).unwrap_or_default()),
            Format::Text => outln!(out, "{}", format::timed(line)),
        }
    }
    for (t, problem) in &run.problems {
        eprintln!("desksim: at {t} ms: {problem}");
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("desksim: {}: {e}", args.script.display());
            ExitCode::FAILURE
        }
    }
}

/// Reads a script file, naming the step of any mistake.
pub fn read_script(path: &Path) -> Result<Script, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Typed JSON with the place of a mistake in words ("step 4: …").
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return format!(
                "line {}, column {}: {}",
                inner.line(),
                inner.column(),
                crate::protocol::plain_serde_message(inner, None)
            );
        }
        let mut place = String::new();
        let segments: Vec<_> = e.path().iter().collect();
        let mut i = 0;
        while i < segments.len() {
            match (&segments[i], segments.get(i + 1)) {
                (
                    serde_path_to_error::Segment::Map { key },
                    Some(serde_path_to_error::Segment::Seq { index }),
                ) if key == "steps" => {
                    place.push_str(&format!("step {}", index + 1));
                    i += 2;
                    continue;
                }
                (serde_path_to_error::Segment::Map { key }, _) => {
                    if !place.is_empty() {
                        place.push('.');
                    }
                    place.push_str(key);
                }
                (serde_path_to_error::Segment::Seq { index }, _) => {
                    place.push_str(&format!("[{index}]"))
                }
                _ => {}
            }
            i += 1;
        }
        let message = crate::protocol::plain_serde_message(inner, None)
            .replace("unknown variant", "unknown action")
            .replace("unknown field", "unknown key");
        if place.is_empty() {
            message
        } else {
            format!("{place}: {message}")
        }
    })
}
