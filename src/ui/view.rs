//! What the widgets of one conversation remember between frames: drafts,
//! the selection, scroll requests, measured row heights. Nothing here is
//! saved; nothing here is a protocol rule.

use std::collections::HashMap;

use crate::session::MessageId;

use super::chat::RowHeights;

/// The view state of one conversation's chat and side panel.
#[derive(Debug, Default)]
pub struct ChatView {
    pub widgets: WidgetState,
    pub inspector: InspectorView,
    pub agent: AgentView,
    /// Row heights measured when drawn, for the virtual list.
    pub heights: RowHeights,
    /// The chat column's width when the rows were measured.
    pub measured_width: f32,
}

/// The message widgets' drafts and the selection.
#[derive(Debug, Default)]
pub struct WidgetState {
    pub composer: String,
    /// The message selected in the chat and the Inspector.
    pub selected: Option<MessageId>,
    /// Text typed into form widgets, by message id.
    pub form_text: HashMap<MessageId, String>,
    /// Values of task-form fields, by message id.
    pub task_values: HashMap<MessageId, Vec<String>>,
    /// A refusal or validation note shown under the composer.
    pub notice: Option<String>,
    /// The chat brings the selected message into view once.
    pub scroll_to_selected: bool,
    /// The chat goes to the bottom once.
    pub scroll_to_bottom: bool,
    /// How many rows the chat had in the last frame.
    pub rows_known: usize,
    /// How many rows there were when the user last saw the bottom.
    pub rows_seen: usize,
}

#[derive(Debug, Default)]
pub struct InspectorView {
    pub filter: String,
    /// The Inspector brings the selected row into view once.
    pub scroll_to_selected: bool,
    /// The filtered rows, kept until the filter or the transcript changes.
    pub rows: Option<FilteredRows>,
}

/// Entry positions that match a filter, for one state of the transcript.
#[derive(Debug, Default)]
pub struct FilteredRows {
    pub filter: String,
    pub changes: u64,
    pub rows: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct AgentView {
    pub text: String,
    /// Why the backend refused the last agent command.
    pub notice: Option<String>,
}

impl ChatView {
    /// Selects a message in the chat and the Inspector, and brings it into
    /// view in both.
    pub fn select(&mut self, id: MessageId) {
        self.widgets.selected = Some(id);
        self.widgets.scroll_to_selected = true;
        self.inspector.scroll_to_selected = true;
    }
}
