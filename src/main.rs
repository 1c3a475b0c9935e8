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
}

#[derive(Subcommand)]
enum Command {
    /// Decode customer-service messages (one JSON document or JSON lines).
    Decode(cli::decode::DecodeArgs),
    /// Check flow files: every problem as path:line:col.
    Check(cli::check::CheckArgs),
    /// Run a flow headlessly with a script; print the transcript.
    Play(cli::play::PlayArgs),
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
        None => cli::usage_error("no command given; try `desksim --help`"),
    }
}
