//! The headless commands. Each returns the process exit code: 0 all good,
//! 1 something failed (a message did not decode, a test failed), 2 the
//! command was used wrongly (clap's own convention for usage errors).

pub mod check;
pub mod decode;
pub mod play;
pub mod test;

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

pub const USAGE_ERROR: u8 = 2;

/// Reads a file, or standard input for `-` or no path. An unreadable file is
/// a usage error; the caller decides what bytes that are not UTF-8 mean.
pub fn read_input(path: Option<&Path>) -> Result<Vec<u8>, String> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display())),
    }
}

/// The name of an input for messages.
pub fn input_name(path: Option<&Path>) -> String {
    match path {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "standard input".to_owned(),
    }
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(buf)
}

/// `println!` into an [`Output`].
#[macro_export]
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {
        $out.line(format_args!($($arg)*))
    };
}

/// Standard output that stops quietly when the reader goes away (`| head`).
pub struct Output {
    out: io::StdoutLock<'static>,
    closed: bool,
}

impl Output {
    pub fn new() -> Self {
        Output {
            out: io::stdout().lock(),
            closed: false,
        }
    }

    pub fn line(&mut self, text: impl std::fmt::Display) {
        if !self.closed && writeln!(self.out, "{text}").is_err() {
            self.closed = true;
        }
    }
}

impl Default for Output {
    fn default() -> Self {
        Self::new()
    }
}

pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("desksim: {message}");
    ExitCode::from(USAGE_ERROR)
}
