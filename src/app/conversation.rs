//! One entry of the conversation list: a flow (or account), its session,
//! what the backend says about it, and the view state of its widgets.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::backend::{BackendEvent, ConnectionState, FlowState};
use crate::clock::{Clock, ShiftedClock, Timestamp};
use crate::flow::LoadedFlow;
use crate::headless::session_config;
use crate::protocol::CsMessage;
use crate::session::{
    Content, Direction, Entry, Intent, IntentError, MessageId, Presentation, Sent, Session,
    SessionConfig,
};

use super::worker::ConvId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Problem,
}

#[derive(Debug, Clone)]
pub struct LogLine {
    pub at: Timestamp,
    pub level: Level,
    pub text: String,
}

/// A row of the chat: a message, or a problem the backend reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Entry(usize),
    Problem(usize),
}

/// What the widgets remember between frames.
#[derive(Debug, Default)]
pub struct ViewState {
    pub composer: String,
    /// The message selected in the chat and the Inspector.
    pub selected: Option<MessageId>,
    /// Text typed into form widgets, by message id.
    pub form_text: HashMap<MessageId, String>,
    /// Values of task-form fields, by message id.
    pub task_values: HashMap<MessageId, Vec<String>>,
    /// A refusal or validation note shown under the composer.
    pub notice: Option<String>,
    pub agent_text: String,
    pub agent_notice: Option<String>,
    pub inspector_filter: String,
    pub raw_text: String,
    pub raw_open: bool,
    pub cards_open: bool,
    pub link_to_open: Option<String>,
    pub scroll_to_selected: bool,
    /// The Inspector brings the selected row into view once.
    pub inspector_scroll: bool,
    /// The Inspector's filtered rows, kept until the filter or the
    /// transcript changes.
    pub inspector_rows: Option<FilteredRows>,
}

/// Entry positions that match a filter, for one state of the transcript.
#[derive(Debug, Default)]
pub struct FilteredRows {
    pub filter: String,
    pub changes: u64,
    pub rows: Vec<usize>,
}

/// What plays the service in a conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The embedded backend running the flow file.
    Flow,
    /// A Tencent Cloud Desk deployment.
    Remote(crate::backend::tencent::TencentSettings),
    /// A transcript read back; nothing answers.
    Replay,
}

pub struct Conversation {
    pub id: ConvId,
    pub source: Source,
    pub title: String,
    pub file: PathBuf,
    /// The last flow that loaded cleanly; what the backend runs.
    pub flow: Option<Arc<LoadedFlow>>,
    /// `check` diagnostics of the file as it is on disk, when it has errors.
    pub diagnostics: Vec<String>,
    pub session: Session,
    pub clock: ShiftedClock,
    pub flow_state: FlowState,
    pub opened: bool,
    pub unread: usize,
    pub log: Vec<LogLine>,
    pub problems: Vec<(Timestamp, String)>,
    /// The chat's rows, in order: visible messages and problems.
    pub rows: Vec<Row>,
    /// A remote backend's link, for the toolbar.
    pub connection: Option<ConnectionState>,
    /// The user's messages a remote backend has not sent yet.
    pub unsent: usize,
    /// Row heights measured when drawn (0 = not yet), for the virtual list.
    pub heights: crate::ui::chat::RowHeights,
    pub view: ViewState,
}

impl Conversation {
    pub fn new(id: ConvId, file: PathBuf, loaded: Result<LoadedFlow, Vec<String>>) -> Self {
        let clock = ShiftedClock::new();
        let (flow, diagnostics, config, title) = match loaded {
            Ok(flow) => {
                let config = session_config(&flow);
                let title = flow.flow.name.clone();
                (Some(Arc::new(flow)), Vec::new(), config, title)
            }
            Err(diags) => {
                let title = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.display().to_string());
                (None, diags, SessionConfig::default(), title)
            }
        };
        Conversation {
            id,
            source: Source::Flow,
            title,
            file,
            flow,
            diagnostics,
            session: Session::new(config, Arc::new(clock.clone())),
            clock,
            flow_state: FlowState::default(),
            opened: false,
            unread: 0,
            log: Vec::new(),
            problems: Vec::new(),
            rows: Vec::new(),
            connection: None,
            unsent: 0,
            heights: Default::default(),
            view: ViewState::default(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn note(&mut self, level: Level, text: impl Into<String>) {
        let at = self.now();
        self.log.push(LogLine {
            at,
            level,
            text: text.into(),
        });
    }

    /// Carries out a user intent; what must be sent goes back to the caller.
    pub fn act(&mut self, intent: Intent) -> Result<Vec<Sent>, IntentError> {
        let sent = self.session.act(intent)?;
        for s in &sent {
            let position = self.session.position(&s.id).unwrap_or(0);
            self.add_row_for(position);
            self.note(
                Level::Info,
                format!(
                    "sent {} {}",
                    s.id,
                    self.session.entries()[position].kind_name()
                ),
            );
        }
        self.view.notice = None;
        Ok(sent)
    }

    /// Applies what the backend reported. Returns whether something new
    /// shows in the chat (for the unread badge).
    pub fn apply(&mut self, event: BackendEvent) -> bool {
        match event {
            BackendEvent::Message(incoming) => {
                let is_new = self.session.position(&incoming.id).is_none();
                let position = self.session.receive(incoming);
                let entry = &self.session.entries()[position];
                let text = match &entry.content {
                    Content::Malformed(e) => {
                        format!("received {}: could not decode: {e}", entry.id)
                    }
                    _ => format!("received {} {}", entry.id, entry.kind_name()),
                };
                let level = if matches!(entry.content, Content::Malformed(_)) {
                    Level::Problem
                } else {
                    Level::Info
                };
                let shows = is_new && shows_in_chat(entry);
                self.note(level, text);
                if is_new {
                    self.add_row_for(position);
                } else if let Some(row) = self.rows.iter().position(|r| *r == Row::Entry(position))
                {
                    // Updated in place: measure it again.
                    self.heights.forget(row);
                } else {
                    self.add_row_for(position);
                }
                shows
            }
            BackendEvent::Problem(text) => {
                let at = self.now();
                self.problems.push((at, text.clone()));
                self.rows.push(Row::Problem(self.problems.len() - 1));
                self.heights.push();
                self.note(Level::Problem, text);
                true
            }
            BackendEvent::Flow(state) => {
                self.flow_state = state;
                false
            }
            BackendEvent::Connection(state) => {
                if self.connection.as_ref() != Some(&state) {
                    let text = match &state {
                        ConnectionState::Connected => "connected".to_owned(),
                        ConnectionState::Retrying { in_ms, why } => {
                            format!("{why}; retrying in {} s", in_ms.div_ceil(1000))
                        }
                        ConnectionState::Failed { why } => format!("failed: {why}"),
                    };
                    let level = if state == ConnectionState::Connected {
                        Level::Info
                    } else {
                        Level::Problem
                    };
                    self.note(level, text);
                }
                self.connection = Some(state);
                false
            }
            BackendEvent::Unsent(n) => {
                self.unsent = n;
                false
            }
        }
    }

    pub(crate) fn add_row_for(&mut self, position: usize) {
        if shows_in_chat(&self.session.entries()[position]) {
            self.rows.push(Row::Entry(position));
            self.heights.push();
        }
    }

    /// A transcript printed by `desksim play`, read back into a conversation
    /// with no backend (to look at it, and to measure the app with it).
    pub fn replay(id: ConvId, file: PathBuf) -> Self {
        let mut conv = Conversation::new(id, file.clone(), Err(Vec::new()));
        conv.title = format!(
            "Replay: {}",
            file.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        conv.opened = true;
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                conv.diagnostics
                    .push(format!("{}: cannot read: {e}", file.display()));
                return conv;
            }
        };
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            match replay_line(line) {
                Ok((dir, id, payload, online_only)) if dir == "out" => {
                    let outgoing = match payload {
                        crate::session::Payload::Text(t) => crate::protocol::Outgoing::text(t),
                        crate::session::Payload::Custom(data) => crate::protocol::Outgoing {
                            body: crate::protocol::OutgoingBody::Custom { data },
                            online_only,
                        },
                    };
                    conv.session.record_outgoing(id, outgoing);
                    let position = conv.session.entries().len() - 1;
                    conv.add_row_for(position);
                }
                Ok((_, id, payload, _)) => {
                    let arrival = crate::session::Arrival::New;
                    conv.apply(BackendEvent::Message(crate::session::Incoming {
                        id,
                        arrival,
                        payload,
                    }));
                }
                Err(e) => conv
                    .diagnostics
                    .push(format!("{}:{}: {e}", file.display(), n + 1)),
            }
        }
        conv
    }

    /// A conversation with a Tencent Cloud Desk deployment.
    pub fn remote(
        id: ConvId,
        settings: crate::backend::tencent::TencentSettings,
        language: &str,
    ) -> Self {
        let mut conv = Conversation::new(id, PathBuf::new(), Err(Vec::new()));
        conv.title = format!("Tencent Cloud Desk · {}", settings.sdk_app_id);
        let config = SessionConfig {
            language: language.to_owned(),
            human_service_words: if language == "zh" {
                "人工服务".to_owned()
            } else {
                "Human service".to_owned()
            },
        };
        conv.session = Session::new(config, Arc::new(conv.clock.clone()));
        conv.source = Source::Remote(settings);
        conv
    }

    /// Whether `settings` talk as the same user to the same service as this
    /// remote conversation (so a change of them is a reconnect).
    pub fn same_account(&self, settings: &crate::backend::tencent::TencentSettings) -> bool {
        match &self.source {
            Source::Remote(s) => {
                (s.sdk_app_id, &s.user_id, &s.service_account)
                    == (
                        settings.sdk_app_id,
                        &settings.user_id,
                        &settings.service_account,
                    )
            }
            _ => false,
        }
    }

    /// The flow's description, for a conversation not opened yet.
    pub fn description(&self) -> String {
        match &self.source {
            Source::Remote(s) => format!("{} → {}", s.user_id, s.service_account),
            _ => self
                .flow
                .as_ref()
                .map_or(String::new(), |f| f.flow.description.clone()),
        }
    }

    /// The conversation list's preview line.
    pub fn preview(&self) -> Preview<'_> {
        for entry in self.session.entries().iter().rev() {
            match entry.service() {
                Some(CsMessage::End(_)) => return Preview::Ended,
                Some(CsMessage::Timeout(_)) => return Preview::TimedOut,
                _ => {}
            }
            if let Some(text) = preview_text(entry) {
                return Preview::Text(text);
            }
        }
        Preview::Empty
    }

    /// A fresh session on the same flow (Restart): the transcript goes, the
    /// log stays.
    pub fn reset(&mut self) {
        self.session = Session::new(self.session.config().clone(), Arc::new(self.clock.clone()));
        self.rows.clear();
        self.heights.clear();
        self.problems.clear();
        self.flow_state = FlowState::default();
        self.unread = 0;
        self.view = ViewState::default();
        self.note(Level::Info, "restarted");
    }

    /// What the chat view draws, borrowed from this conversation.
    pub fn chat<'a>(
        &'a mut self,
        markdown: &'a mut egui_commonmark::CommonMarkCache,
    ) -> crate::ui::chat::ChatState<'a> {
        crate::ui::chat::ChatState {
            session: &self.session,
            rows: &self.rows,
            heights: &mut self.heights,
            problems: &self.problems,
            view: &mut self.view,
            markdown,
        }
    }

    /// Forgets every measured height (the column width changed).
    pub fn remeasure(&mut self) {
        self.heights.forget_all();
    }
}

pub enum Preview<'a> {
    Empty,
    Ended,
    TimedOut,
    Text(&'a str),
}

fn shows_in_chat(entry: &Entry) -> bool {
    !matches!(
        entry.presentation(),
        Presentation::Hidden | Presentation::Indicator
    )
}

fn preview_text(entry: &Entry) -> Option<&str> {
    match (&entry.content, entry.direction) {
        (Content::Text(t), _) => Some(t),
        (Content::Service(m), Direction::In) => match m {
            CsMessage::Branch(b) => Some(&b.content.header),
            CsMessage::Form(f) => Some(&f.content.header),
            CsMessage::ProductCard(c) => Some(&c.content.header),
            CsMessage::OrderCard(c) => Some(&c.content.name),
            CsMessage::RichText(r) => Some(&r.content),
            CsMessage::Rating(r) => Some(&r.menu_content.head),
            CsMessage::BotMessage(b) => Some(&b.content.title),
            CsMessage::ClientTips(t) => Some(&t.content),
            CsMessage::TaskBranch(b) => Some(&b.content.header),
            CsMessage::TaskForm(f) => Some(&f.content.tip),
            _ => None,
        },
        (Content::Service(CsMessage::ProductCard(c)), Direction::Out) => Some(&c.content.header),
        _ => None,
    }
}

/// One line of a `desksim play` transcript.
fn replay_line(line: &str) -> Result<(String, MessageId, crate::session::Payload, bool), String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let dir = v["dir"].as_str().ok_or("no \"dir\"")?.to_owned();
    let id = v["id"].as_str().ok_or("no \"id\"")?.to_owned();
    let payload = match (v["kind"].as_str(), &v["data"]) {
        (Some("text"), serde_json::Value::String(t)) => crate::session::Payload::Text(t.clone()),
        (_, data) => crate::session::Payload::Custom(data.to_string()),
    };
    Ok((
        dir,
        id,
        payload,
        v["online_only"].as_bool().unwrap_or(false),
    ))
}
