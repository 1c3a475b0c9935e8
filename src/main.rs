//! `desksim`: the app, or one of the headless commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use desksim::cli;

#[derive(Parser)]
#[command(
    name = "desksim",
    version,
    about = "Plays the user side of Tencent Cloud Desk customer service"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Open the app on this flow file (the example flows follow it).
    #[arg(long, value_name = "FILE")]
    flow: Option<std::path::PathBuf>,
    /// Show a transcript printed by `desksim play` (read-only).
    #[arg(long, value_name = "FILE")]
    replay: Option<std::path::PathBuf>,
    /// Use this theme (and remember it): light or dark.
    #[arg(long, value_enum)]
    theme: Option<Theme>,
    /// Label the UI in this language (and remember it): en or zh.
    #[arg(long, value_enum)]
    lang: Option<Language>,
    /// `tencent` adds a conversation with a Tencent Cloud Desk deployment
    /// (configured below, or in the app's settings).
    #[arg(long, value_enum)]
    backend: Option<cli::play::BackendKind>,
    #[command(flatten)]
    tencent: cli::play::TencentArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Language {
    En,
    Zh,
}

#[derive(Subcommand)]
enum Command {
    /// Decode customer-service messages (one JSON document or JSON lines).
    Decode(cli::decode::DecodeArgs),
    /// Check flow files: every problem as path:line:col.
    Check(cli::check::CheckArgs),
    /// Run a flow headlessly with a script; print the transcript.
    Play(Box<cli::play::PlayArgs>),
    /// Run flow tests (flows/tests/*.json by default).
    Test(cli::test::TestArgs),
    /// Print the JSON Schema of flow files (flows/flow.schema.json).
    Schema,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Decode(a)) => cli::decode::run(&a),
        Some(Command::Check(a)) => cli::check::run(&a),
        Some(Command::Play(a)) => cli::play::run(&a),
        Some(Command::Test(a)) => cli::test::run(&a),
        Some(Command::Schema) => {
            print!("{}", desksim::flow::schema_json());
            ExitCode::SUCCESS
        }
        None => {
            let options = desksim::app::AppOptions {
                flow: args.flow,
                flows_dir: None,
                watch: true,
                replay: args.replay,
                theme: args.theme.map(|t| match t {
                    Theme::Light => desksim::ui::ThemeChoice::Light,
                    Theme::Dark => desksim::ui::ThemeChoice::Dark,
                }),
                lang: args.lang.map(|l| match l {
                    Language::En => desksim::ui::Lang::En,
                    Language::Zh => desksim::ui::Lang::Zh,
                }),
                tencent: None,
                open_link: None,
            };
            let options = match args.backend {
                Some(cli::play::BackendKind::Tencent) => match args.tencent.settings() {
                    Ok(t) => desksim::app::AppOptions {
                        tencent: Some(t),
                        ..options
                    },
                    Err(e) => return cli::usage_error(&e),
                },
                _ => options,
            };
            match desksim::app::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("desksim: {message}");
                    eprintln!(
                        "desksim: on Debian/Ubuntu a window needs: libxcursor1 libxi6 libxkbcommon-x11-0 libx11-xcb1 libegl1 libgl1-mesa-dri"
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}
