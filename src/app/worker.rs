//! The background side of the app: one tokio runtime that owns every
//! conversation's backend. The UI sends commands without blocking and
//! drains events each frame; the worker decodes the messages (so the UI
//! thread never does) and wakes the UI with a repaint when it has
//! something.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::backend::tencent::TencentConfig;
use crate::backend::{self, AgentCommand, Backend, BackendSpec};
use crate::clock::{Clock, ShiftedClock};
use crate::flow::LoadedFlow;
use crate::session::{Event as SessionEvent, Received, Sent};

/// Which conversation of the list.
pub type ConvId = usize;

pub enum Command {
    /// Starts the embedded backend of a conversation.
    OpenLocal {
        conv: ConvId,
        flow: Arc<LoadedFlow>,
        clock: ShiftedClock,
    },
    /// Starts the remote backend of a conversation.
    OpenRemote {
        conv: ConvId,
        config: TencentConfig,
        clock: ShiftedClock,
    },
    /// Connects a remote conversation again with new settings (the same
    /// account): its last `unsent` messages go out through the new link,
    /// in order, so fixing a wrong setting loses nothing.
    Reconnect {
        conv: ConvId,
        config: TencentConfig,
        unsent: usize,
    },
    /// Stops a conversation's backend.
    Close {
        conv: ConvId,
    },
    /// Drops the messages a remote backend has not sent yet.
    Discard {
        conv: ConvId,
    },
    Send {
        conv: ConvId,
        sent: Sent,
    },
    Agent {
        conv: ConvId,
        command: AgentCommand,
    },
    Restart {
        conv: ConvId,
    },
    ReplaceFlow {
        conv: ConvId,
        flow: Arc<LoadedFlow>,
    },
    /// The clock jumped (fast-forward): look at the timers again.
    Wake,
    /// Moves the conversation's clock to its backend's next timer, or to
    /// `also` (the session's own next change) when that comes first.
    FastForwardToNext {
        conv: ConvId,
        also: Option<crate::clock::Timestamp>,
    },
}

#[derive(Debug)]
pub enum Event {
    /// What a backend reported, its messages decoded.
    Backend {
        conv: ConvId,
        event: Box<SessionEvent<Received>>,
    },
    /// The agent command or restart was refused.
    Refused { conv: ConvId, message: String },
}

/// The UI's end of the worker.
pub struct Worker {
    commands: UnboundedSender<Command>,
    pub events: mpsc::Receiver<Event>,
}

impl Worker {
    /// Starts the backend loop on `runtime`; `wake` asks the UI to repaint.
    pub fn start(runtime: &tokio::runtime::Handle, wake: impl Fn() + Send + 'static) -> Self {
        let (commands, rx) = unbounded_channel();
        let (tx, events) = mpsc::channel();
        runtime.spawn(run(rx, tx, wake));
        Worker { commands, events }
    }

    /// Never blocks; a stopped worker (the app is closing) drops it.
    pub fn send(&self, command: Command) {
        // It fails only when the runtime is shutting down with the app.
        self.commands.send(command).ok();
    }
}

struct Conversation {
    backend: Box<dyn Backend>,
    clock: ShiftedClock,
    /// The latest messages handed to the backend, for a reconnect.
    recent: std::collections::VecDeque<Sent>,
}

/// How many sent messages a conversation remembers for a reconnect.
const RECENT: usize = 256;

impl Conversation {
    fn new(backend: Box<dyn Backend>, clock: ShiftedClock) -> Self {
        Conversation {
            backend,
            clock,
            recent: std::collections::VecDeque::new(),
        }
    }

    fn send(&mut self, sent: Sent) {
        self.backend.send(&sent);
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(sent);
    }
}

fn start_remote(config: TencentConfig, clock: &ShiftedClock) -> Box<dyn Backend> {
    let spec = BackendSpec::Tencent {
        config: Box::new(config),
        runtime: tokio::runtime::Handle::current(),
    };
    backend::open(spec, Arc::new(clock.clone()))
}

/// How long to sleep when no backend has anything due.
const IDLE: Duration = Duration::from_secs(3600);

async fn run(mut rx: UnboundedReceiver<Command>, tx: mpsc::Sender<Event>, wake: impl Fn()) {
    let mut convs: HashMap<ConvId, Conversation> = HashMap::new();
    loop {
        let delay = convs
            .values()
            .filter_map(|c| c.backend.next_due().map(|d| d.at.since(c.clock.now())))
            .min()
            .unwrap_or(IDLE);
        tokio::select! {
            command = rx.recv() => match command {
                None => return,
                Some(c) => handle(c, &mut convs, &tx),
            },
            _ = tokio::time::sleep(delay) => {}
        }
        let mut woke = false;
        for (&conv, c) in convs.iter_mut() {
            let now = c.clock.now().unix_seconds();
            for event in c.backend.poll() {
                woke = true;
                let event = Box::new(event.decode(now));
                if tx.send(Event::Backend { conv, event }).is_err() {
                    return;
                }
            }
        }
        if woke {
            wake();
        }
    }
}

fn handle(command: Command, convs: &mut HashMap<ConvId, Conversation>, tx: &mpsc::Sender<Event>) {
    match command {
        Command::OpenLocal { conv, flow, clock } => {
            let backend = backend::open(BackendSpec::Embedded(flow), Arc::new(clock.clone()));
            convs.insert(conv, Conversation::new(backend, clock));
        }
        Command::OpenRemote {
            conv,
            config,
            clock,
        } => {
            let backend = start_remote(config, &clock);
            convs.insert(conv, Conversation::new(backend, clock));
        }
        Command::Reconnect {
            conv,
            config,
            unsent,
        } => {
            if let Some(c) = convs.get_mut(&conv) {
                // The old link goes (its queue with it); the new one gets
                // the same messages, in the same order.
                c.backend = start_remote(config, &c.clock);
                let waiting: Vec<Sent> = c
                    .recent
                    .iter()
                    .skip(c.recent.len().saturating_sub(unsent))
                    .cloned()
                    .collect();
                for sent in &waiting {
                    c.backend.send(sent);
                }
            }
        }
        Command::Close { conv } => {
            convs.remove(&conv);
        }
        Command::Discard { conv } => {
            if let Some(c) = convs.get_mut(&conv) {
                c.backend.discard_unsent();
            }
        }
        Command::Send { conv, sent } => {
            if let Some(c) = convs.get_mut(&conv) {
                c.send(sent);
            }
        }
        Command::Agent { conv, command } => {
            if let Some(c) = convs.get_mut(&conv)
                && let Err(e) = c.backend.agent(command)
            {
                refuse(tx, conv, e);
            }
        }
        Command::Restart { conv } => {
            if let Some(c) = convs.get_mut(&conv)
                && let Err(e) = c.backend.restart()
            {
                refuse(tx, conv, e);
            }
        }
        Command::ReplaceFlow { conv, flow } => {
            if let Some(c) = convs.get_mut(&conv) {
                c.backend.replace_flow(flow);
            }
        }
        Command::Wake => {}
        Command::FastForwardToNext { conv, also } => {
            if let Some(c) = convs.get(&conv) {
                let due = c.backend.next_due().map(|d| d.at);
                if let Some(at) = due.into_iter().chain(also).min() {
                    c.clock.fast_forward_to(at);
                }
            }
        }
    }
}

/// Tells the UI a command was refused (unless the UI is gone).
fn refuse(tx: &mpsc::Sender<Event>, conv: ConvId, e: crate::backend::BackendError) {
    let message = e.to_string();
    // It fails only when the app is closing: nobody to tell.
    tx.send(Event::Refused { conv, message }).ok();
}
