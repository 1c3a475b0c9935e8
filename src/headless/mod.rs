//! Conversations without a window: scripts, the runner behind `desksim play`
//! and `desksim test`, and flow tests. Time is virtual, so runs finish at
//! once whatever the flow's delays.

pub mod compare;
pub mod flowtest;
pub mod format;
mod run;
pub mod script;

use std::sync::Arc;

pub use run::{Run, StepError};

use crate::backend::{self, Backend, BackendSpec};
use crate::clock::{Timestamp, VirtualClock};
use crate::flow::LoadedFlow;
use crate::session::SessionConfig;

/// Plays `steps` against any backend; the run comes back in both cases.
pub fn play<B: Backend>(
    mut run: Run<B>,
    steps: &[script::Step],
) -> (Run<B>, Result<(), StepError>) {
    let result = run
        .open()
        .map_err(|message| StepError { step: 0, message })
        .and_then(|()| {
            steps
                .iter()
                .enumerate()
                .try_for_each(|(i, step)| run.step(i + 1, step))
        });
    (run, result)
}

/// Plays `steps` against the embedded backend running `flow`. The run
/// comes back in both cases, with the step that failed.
pub fn play_local(
    flow: Arc<LoadedFlow>,
    start_at: Option<&str>,
    steps: &[script::Step],
) -> (Run, Result<(), StepError>) {
    let (start, bad_start) = match script::start_time(start_at) {
        Ok(t) => (t, None),
        Err(message) => (Timestamp(script::DEFAULT_START_MS), Some(message)),
    };
    let clock = VirtualClock::new(start);
    let config = SessionConfig::for_flow(&flow.flow);
    let backend = backend::open(BackendSpec::Embedded(flow), Arc::new(clock.clone()));
    let run = Run::new(backend, clock, config);
    if let Some(message) = bad_start {
        return (run, Err(StepError { step: 0, message }));
    }
    play(run, steps)
}
