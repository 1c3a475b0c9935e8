//! `desksim play FLOW --script SCRIPT`: a conversation without a window,
//! printed as JSON lines (or a readable chat), on the embedded backend or
//! against a real Tencent Cloud Desk (`--backend tencent`); `--compare`
//! runs both and prints where they differ, turn by turn.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::backend::tencent::{Region, TencentSettings};
use crate::backend::{self, BackendSpec};
use crate::clock::ShiftedClock;
use crate::flow;
use crate::flow::file::read_text;
use crate::headless::{self, Run, compare, format, script::Script};
use crate::outln;
use crate::session::{Line, SessionConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per message: t_ms, dir, id, kind, online_only, data.
    Json,
    /// A readable chat.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendKind {
    /// The embedded Desk, running the flow file.
    Local,
    /// A Tencent Cloud Desk deployment, through the IM REST API.
    Tencent,
}

#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// The flow file. The embedded backend runs it; with `--backend
    /// tencent` it gives the session's language and button words, and
    /// `--compare` runs it on the embedded backend too.
    pub flow: Option<PathBuf>,
    /// The user's actions: {"start_at": "...", "steps": [...]}.
    #[arg(long)]
    pub script: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "local")]
    pub backend: BackendKind,
    /// Run the script on the embedded backend and on the remote one, and
    /// print their differences turn by turn (exit 1 if any).
    #[arg(long)]
    pub compare: bool,
    /// With a remote service: a step is done when nothing has come for this
    /// long (milliseconds).
    #[arg(long, default_value_t = 3000)]
    pub quiet_ms: u64,
    #[command(flatten)]
    pub tencent: TencentArgs,
}

/// Where the remote backend connects. The secret key comes from an
/// environment variable or a file, never from the command line.
#[derive(Debug, Default, clap::Args)]
pub struct TencentArgs {
    /// A JSON file with the settings below (the command line overrides it).
    #[arg(long, value_name = "FILE")]
    pub tencent_config: Option<PathBuf>,
    #[arg(long)]
    pub sdk_app_id: Option<u64>,
    /// An app administrator account.
    #[arg(long)]
    pub admin: Option<String>,
    /// The simulated user (an imported account).
    #[arg(long)]
    pub user_id: Option<String>,
    /// Default `@customer_service_account`.
    #[arg(long)]
    pub service_account: Option<String>,
    #[arg(long, value_enum)]
    pub region: Option<Region>,
    /// Instead of the region's host (private deployments, tests).
    #[arg(long)]
    pub base_url: Option<String>,
    /// The environment variable with the secret key (default DESKSIM_TENCENT_SECRET).
    #[arg(long)]
    pub secret_env: Option<String>,
    /// A file with the secret key.
    #[arg(long)]
    pub secret_file: Option<PathBuf>,
    /// Only for desksim's fake of the REST API: `wait` moves its clock.
    #[arg(long)]
    pub time_warp: bool,
}

impl TencentArgs {
    pub fn settings(&self) -> Result<TencentSettings, String> {
        let mut s = match &self.tencent_config {
            Some(path) => TencentSettings::from_file(path).map_err(|e| e.to_string())?,
            None => TencentSettings::default(),
        };
        if let Some(v) = self.sdk_app_id {
            s.sdk_app_id = v;
        }
        for (value, slot) in [
            (&self.admin, &mut s.admin),
            (&self.user_id, &mut s.user_id),
            (&self.service_account, &mut s.service_account),
        ] {
            if let Some(v) = value {
                *slot = v.clone();
            }
        }
        if let Some(r) = self.region {
            s.region = r;
        }
        if self.base_url.is_some() {
            s.base_url = self.base_url.clone();
        }
        if self.secret_env.is_some() {
            s.secret_env = self.secret_env.clone();
        }
        if self.secret_file.is_some() {
            s.secret_file = self.secret_file.clone();
        }
        s.time_warp |= self.time_warp;
        Ok(s)
    }
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
    let needs_flow = args.backend == BackendKind::Local || args.compare;
    let loaded = match (&args.flow, needs_flow) {
        (None, true) => {
            return super::usage_error("a flow file is needed (the embedded backend runs it)");
        }
        (None, false) => None,
        (Some(path), _) => match flow::load(path) {
            Ok((loaded, _)) => Some(Arc::new(loaded)),
            Err(diags) => {
                for line in diags.render() {
                    eprintln!("{line}");
                }
                if !diags.unreadable() {
                    eprintln!("desksim: the flow has errors; fix them first (desksim check)");
                }
                return ExitCode::FAILURE;
            }
        },
    };
    // The embedded run, when one is asked for (the flow was checked above).
    let embedded = loaded
        .clone()
        .filter(|_| needs_flow)
        .map(|flow| headless::play_local(flow, script.start_at.as_deref(), &script.steps));
    if args.backend == BackendKind::Local
        && !args.compare
        && let Some((run, result)) = embedded
    {
        return report(
            &mut out,
            args.format,
            run.lines(),
            &run.problems(),
            result,
            &args.script,
        );
    }
    let config = match args
        .tencent
        .settings()
        .and_then(|s| s.resolve().map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(e) => return super::usage_error(&format!("the Tencent settings: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("desksim: cannot start threads: {e}");
            return ExitCode::FAILURE;
        }
    };
    let clock = if config.settings.time_warp {
        match headless::script::start_time(script.start_at.as_deref()) {
            Ok(t) => ShiftedClock::starting_at(t),
            Err(e) => return super::usage_error(&e),
        }
    } else {
        ShiftedClock::new()
    };
    let session = loaded
        .as_deref()
        .map_or_else(SessionConfig::default, |f| SessionConfig::for_flow(&f.flow));
    let spec = BackendSpec::Tencent {
        config: Box::new(config),
        runtime: runtime.handle().clone(),
    };
    let backend = backend::open(spec, Arc::new(clock.clone()));
    let remote = Run::realtime(
        backend,
        session,
        Duration::from_millis(args.quiet_ms),
        clock,
    );
    let (remote, result) = headless::play(remote, &script.steps);
    if !args.compare {
        return report(
            &mut out,
            args.format,
            remote.lines(),
            &remote.problems(),
            result,
            &args.script,
        );
    }
    let Some((embedded, local_result)) = embedded else {
        return super::usage_error("--compare needs a flow file");
    };
    for (t, p) in remote.problems().iter().chain(&embedded.problems()) {
        eprintln!("desksim: at {t} ms: {p}");
    }
    if let Err(e) = result.and(local_result) {
        eprintln!("desksim: {}: {e}", args.script.display());
        return ExitCode::FAILURE;
    }
    let differences = compare::diff("embedded", embedded.lines(), "tencent", remote.lines());
    if differences.is_empty() {
        outln!(
            out,
            "no differences: {} turns agree",
            compare::turns(embedded.lines()).len()
        );
        ExitCode::SUCCESS
    } else {
        for line in differences {
            outln!(out, "{line}");
        }
        ExitCode::FAILURE
    }
}

fn report(
    out: &mut super::Output,
    format: Format,
    lines: &[Line],
    problems: &[(i64, String)],
    result: Result<(), headless::StepError>,
    script: &Path,
) -> ExitCode {
    for line in lines {
        match format {
            Format::Json => outln!(out, "{}", serde_json::to_string(line).unwrap_or_default()),
            Format::Text => outln!(out, "{}", format::timed(line)),
        }
    }
    for (t, problem) in problems {
        eprintln!("desksim: at {t} ms: {problem}");
    }
    match result {
        // A flow that loops or names a missing node is a failed run, even
        // when every step of the script went through.
        Ok(()) if !problems.is_empty() => {
            eprintln!(
                "desksim: the backend reported {} problem{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            ExitCode::FAILURE
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("desksim: {}: {e}", script.display());
            ExitCode::FAILURE
        }
    }
}

/// Reads a script file, naming the step of any mistake.
pub fn read_script(path: &Path) -> Result<Script, String> {
    let text = read_text(path, MAX_SCRIPT_BYTES).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Scripts and flow tests are typed by hand; bigger files are refused
/// before they are read.
pub const MAX_SCRIPT_BYTES: u64 = flow::MAX_FLOW_BYTES as u64;

/// What a script looks like, for messages about one that is not.
const A_SCRIPT: &str = "a script is a JSON object such as {\"steps\": [{\"say\": \"hi\"}]}";

/// A script or flow test from its JSON text, with the place of a mistake
/// in words ("step 4: …"; "line 3, column 5: …" for broken JSON).
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let text = crate::flow::file::without_byte_order_mark(text);
    // Read as JSON first: a syntax error has a line and column, and a
    // document that is not an object is told as such (serde would read an
    // array as the fields in order).
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(_) if text.trim().is_empty() => return Err(format!("the file is empty; {A_SCRIPT}")),
        Err(e) if e.is_eof() => {
            return Err(format!(
                "line {}, column {}: the JSON ends before it is complete (a closing }}, ] or \" is missing)",
                e.line(),
                e.column().max(1)
            ));
        }
        Err(e) => {
            return Err(format!(
                "line {}, column {}: {}",
                e.line(),
                e.column().max(1),
                crate::protocol::plain_serde_message(&e, None)
            ));
        }
    };
    if !value.is_object() {
        return Err(A_SCRIPT.to_owned());
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let inner = e.inner();
        let mut segments: Vec<_> = e.path().iter().collect();
        // serde's path ends at an unknown key; the message names it.
        if inner.to_string().starts_with("unknown field") {
            segments.pop();
        }
        let mut place = String::new();
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
            .replace("unknown field", "unknown key");
        if place.is_empty() {
            message
        } else {
            format!("{place}: {message}")
        }
    })
}
