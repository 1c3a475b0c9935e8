//! One entry of the conversation list: what plays the service (a flow, a
//! Tencent account, a transcript read back), the conversation core, its
//! clock, and the view state of its widgets.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::backend::tencent::TencentSettings;
use crate::clock::{Clock, ShiftedClock, SystemClock, Timestamp, VirtualClock};
use crate::flow::LoadedFlow;
use crate::session::{Conversation, SessionConfig, Transcript};
use crate::ui::ChatView;
use crate::ui::conversations::ListItem;
use crate::ui::flow_tab::FlowFacts;

use super::watch::Loaded;
use super::worker::ConvId;

/// What a reload of the flow file brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowNews {
    /// The edited flow loaded: it runs from the next session on (or a
    /// Restart), with this many warnings.
    Reloaded { warnings: usize },
    /// The edited flow has errors; the last good version keeps running.
    Broken { errors: usize },
    /// The file is gone; the last good version keeps running.
    Deleted,
}

/// What plays the service in a conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The embedded backend running the flow file.
    Flow,
    /// A Tencent Cloud Desk deployment.
    Remote(TencentSettings),
    /// A transcript read back; nothing answers.
    Replay,
}

pub struct ConversationTab {
    pub id: ConvId,
    pub source: Source,
    pub title: String,
    pub file: PathBuf,
    /// The last flow that loaded cleanly; what the backend runs.
    pub flow: Option<Arc<LoadedFlow>>,
    /// Why it cannot run: `check` diagnostics of the flow file as it is on
    /// disk, settings that do not resolve, a file that is not a transcript.
    pub diagnostics: Vec<String>,
    /// `check` warnings of the flow that runs.
    pub warnings: Vec<String>,
    /// What the last reload of the flow file brought, until the user acts
    /// on it (a restart, a fix).
    pub news: Option<FlowNews>,
    /// The Flow tab has not been looked at since the news came.
    pub news_unseen: bool,
    pub core: Conversation,
    /// The conversation's time: real, moved ahead by fast-forward.
    pub clock: ShiftedClock,
    pub opened: bool,
    pub unread: usize,
    pub view: ChatView,
}

impl ConversationTab {
    /// A conversation with the embedded backend running the flow in `file`
    /// (or the flow's errors).
    pub fn new(id: ConvId, file: PathBuf, loaded: Loaded) -> Self {
        let mut tab = Self::with(
            id,
            Source::Flow,
            file_title(&file),
            file,
            SessionConfig::default(),
        );
        match loaded {
            Loaded::Flow(flow, warnings) => {
                tab.title = flow.flow.name.clone();
                tab.core = Conversation::new(
                    SessionConfig::for_flow(&flow.flow),
                    Arc::new(tab.clock.clone()),
                );
                tab.flow = Some(Arc::new(*flow));
                tab.warnings = warnings;
            }
            Loaded::Broken(diagnostics) => tab.diagnostics = diagnostics,
            Loaded::Deleted => {
                tab.diagnostics = vec![format!("{}: not found", tab.file.display())];
            }
        }
        tab
    }

    /// Takes what the watcher found in the flow file.
    pub fn reload(&mut self, loaded: Loaded) {
        let news = match loaded {
            Loaded::Flow(flow, warnings) => {
                self.title = flow.flow.name.clone();
                self.flow = Some(Arc::new(*flow));
                self.diagnostics.clear();
                let news = FlowNews::Reloaded {
                    warnings: warnings.len(),
                };
                self.warnings = warnings;
                news
            }
            Loaded::Broken(diagnostics) => {
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.contains(": error:"))
                    .count();
                self.diagnostics = diagnostics;
                FlowNews::Broken { errors }
            }
            Loaded::Deleted => {
                let file = self.file.display();
                self.diagnostics = vec![format!(
                    "{file}: the flow file was deleted; the last good version keeps running"
                )];
                FlowNews::Deleted
            }
        };
        self.news = Some(news);
        self.news_unseen = true;
    }

    /// A conversation with a Tencent Cloud Desk deployment, as a user whose
    /// client speaks `language`.
    pub fn remote(id: ConvId, settings: TencentSettings, language: &str) -> Self {
        let title = format!("Tencent Cloud Desk · {}", settings.sdk_app_id);
        let config = SessionConfig::for_language(language);
        Self::with(id, Source::Remote(settings), title, PathBuf::new(), config)
    }

    /// A transcript (`desksim play`'s JSON lines, or one desksim saved),
    /// read back: every message as it came, updates in place; read-only.
    pub fn replay(id: ConvId, file: PathBuf) -> Self {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let title = format!("Replay: {}", name.unwrap_or_default());
        let mut tab = Self::with(
            id,
            Source::Replay,
            title,
            file.clone(),
            SessionConfig::default(),
        );
        tab.opened = true;
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tab.diagnostics = vec![format!("{}: not found", file.display())];
                return tab;
            }
            Err(e) => {
                tab.diagnostics = vec![format!("{}: cannot read it: {e}", file.display())];
                return tab;
            }
        };
        let transcript = Transcript::parse(&text);
        if transcript.is_empty() {
            let why = transcript
                .errors
                .first()
                .map_or_else(|| "it is empty".to_owned(), ToString::to_string);
            tab.diagnostics = vec![format!(
                "{}: not a desksim transcript: {why}",
                file.display()
            )];
            return tab;
        }
        let start = transcript
            .header
            .as_ref()
            .and_then(|h| h.started_at.parse::<jiff::Timestamp>().ok())
            .map_or_else(|| SystemClock.now(), |t| Timestamp(t.as_millisecond()));
        let clock = VirtualClock::new(start);
        tab.core = Conversation::replay(&transcript.lines, SessionConfig::default(), &clock);
        for e in &transcript.errors {
            tab.core.problem(format!("{}: {e}", file.display()));
        }
        tab
    }

    fn with(
        id: ConvId,
        source: Source,
        title: String,
        file: PathBuf,
        config: SessionConfig,
    ) -> Self {
        let clock = ShiftedClock::new();
        ConversationTab {
            id,
            source,
            title,
            file,
            flow: None,
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            news: None,
            news_unseen: false,
            core: Conversation::new(config, Arc::new(clock.clone())),
            clock,
            opened: false,
            unread: 0,
            view: ChatView::default(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.core.now()
    }

    /// Whether `settings` talk as the same user to the same service as this
    /// remote conversation (so a change of them is a reconnect).
    pub fn same_account(&self, settings: &TencentSettings) -> bool {
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

    /// A fresh session on the same flow (Restart): the transcript goes, the
    /// log stays.
    pub fn reset(&mut self) {
        self.core.restart();
        self.unread = 0;
        // A restart runs the reloaded flow: that news is taken in.
        if matches!(self.news, Some(FlowNews::Reloaded { .. })) {
            self.news = None;
        }
        self.view = ChatView::default();
    }

    /// How the conversation list shows it.
    pub fn list_item(&self) -> ListItem<'_> {
        let description = match &self.source {
            Source::Remote(s) => format!("{} → {}", s.user_id, s.service_account),
            _ => self
                .flow
                .as_ref()
                .map_or(String::new(), |f| f.flow.description.clone()),
        };
        ListItem {
            title: &self.title,
            source: self.file.display().to_string(),
            preview: self.core.session().preview(),
            description,
            broken: !self.diagnostics.is_empty(),
            unread: self.unread,
        }
    }

    /// What the Flow tab shows.
    pub fn flow_facts(&self) -> FlowFacts<'_> {
        FlowFacts {
            file: self.file.display().to_string(),
            state: self.core.flow_state(),
            diagnostics: &self.diagnostics,
            warnings: &self.warnings,
            ahead: self.clock.offset(),
            now: self.core.now(),
        }
    }
}

/// A file's name without its extension, for a flow that has no name yet.
fn file_title(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}
