//! The flow file: what a Desk admin configures in the console, as JSON.
//! These types are the format; `flows/flow.schema.json` is generated from
//! them. Layout (positions in a canvas) never lives here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::defaults::Texts;

/// The format version this desksim reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A conversation service flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Editors use it to complete and check the file: `flow.schema.json`.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The format version; this desksim reads version 1.
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The language of the flow's texts, sent by the user in the trigger.
    #[serde(default = "default_language")]
    pub language: String,
    /// The id of the node the flow starts at.
    pub start: String,
    /// Every variable a form fills or a text uses, declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable>,
    #[serde(default)]
    pub settings: Settings,
    pub nodes: Vec<Node>,
}

fn default_language() -> String {
    "en".to_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The value before any form fills it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<String>,
}

/// Session-wide settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The words of the app's "human service" button; when the user sends
    /// them outside a human session, the flow goes to `transfer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_service: Option<HumanService>,
    /// Pause between consecutive bot messages, so each arrives on its own.
    #[serde(default = "default_gap")]
    pub message_gap_ms: u64,
    #[serde(default)]
    pub satisfaction: Satisfaction,
    /// The inactivity reminder (src 37) and timeout (src 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactivity: Option<Inactivity>,
    /// The bot's knowledge base: a user text equal to a question gets the
    /// answer wherever the flow waits (welcome card items are such questions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<Faq>,
    /// Where the flow's pictures are served from: pictures that are not
    /// http(s) addresses are paths under `dir`, sent as `base_url` + path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Assets>,
    /// The flow's own words for what the service says by itself; each one
    /// left out is said in the flow's language.
    #[serde(default, skip_serializing_if = "is_default")]
    pub texts: Texts,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Where pictures are served from, and where they are on this computer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// The http(s) address the pictures are served under, ending in `/`.
    pub base_url: String,
    /// The same pictures here, relative to the flow file: desksim shows
    /// them from disk, so examples work offline.
    pub dir: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub question: String,
    pub answer: Vec<Say>,
}

fn default_gap() -> u64 {
    600
}

// By hand, so a flow without `settings` gets the same defaults as one with
// `"settings": {}`.
impl Default for Settings {
    fn default() -> Self {
        Settings {
            human_service: None,
            message_gap_ms: default_gap(),
            satisfaction: Satisfaction::default(),
            inactivity: None,
            faq: Vec::new(),
            assets: None,
            texts: Texts::default(),
        }
    }
}

/// The satisfaction settings: who may send the card (src 23) and the card (src 9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    /// `menuSendRuleFlag`: 1 send on end, 2 agent may send, 4 user may send.
    #[serde(default = "default_flag")]
    pub flag: i64,
    #[serde(default)]
    pub style: RatingStyleSpec,
    /// The card's head; by default `settings.texts.rating_head`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// Shown after a choice; by default `settings.texts.rating_tail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tail: Option<String>,
    /// One to five options; ids are sent back in the choice. By default
    /// five, ids 101–105, in the flow's language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub menu: Vec<RatingOptionSpec>,
    /// Hours the card stays valid.
    #[serde(default = "default_hours")]
    pub effective_hours: u32,
}

impl Default for Satisfaction {
    fn default() -> Self {
        Satisfaction {
            flag: default_flag(),
            style: RatingStyleSpec::default(),
            head: None,
            tail: None,
            menu: Vec::new(),
            effective_hours: default_hours(),
        }
    }
}

fn default_flag() -> i64 {
    7
}
fn default_hours() -> u32 {
    12
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RatingStyleSpec {
    Stars,
    #[default]
    Numbers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingOptionSpec {
    pub id: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HumanService {
    /// Sent as plain text by the button, e.g. "Human service" or "人工服务".
    pub words: String,
    /// The node these words lead to: a transfer, or the service hours
    /// that guard one.
    pub transfer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inactivity {
    /// Seconds of user silence before the reminder.
    pub reminder_after_s: u64,
    pub reminder: String,
    /// Seconds of user silence before the session times out.
    pub timeout_after_s: u64,
    /// Said before the timeout flag (src 20), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_message: Option<String>,
}

/// One step of the flow. Every node has a stable `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Node {
    Message(MessageNode),
    Branch(BranchNode),
    Form(FormNode),
    Condition(ConditionNode),
    ServiceHours(ServiceHoursNode),
    Transfer(TransferNode),
    Satisfaction(SatisfactionNode),
    End(EndNode),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Message(n) => &n.id,
            Node::Branch(n) => &n.id,
            Node::Form(n) => &n.id,
            Node::Condition(n) => &n.id,
            Node::ServiceHours(n) => &n.id,
            Node::Transfer(n) => &n.id,
            Node::Satisfaction(n) => &n.id,
            Node::End(n) => &n.id,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Node::Message(_) => "message",
            Node::Branch(_) => "branch",
            Node::Form(_) => "form",
            Node::Condition(_) => "condition",
            Node::ServiceHours(_) => "service_hours",
            Node::Transfer(_) => "transfer",
            Node::Satisfaction(_) => "satisfaction",
            Node::End(_) => "end",
        }
    }

    /// Whether reaching this node waits for the user (or ends the flow).
    /// A transfer waits only when an agent picks up and stays: with no
    /// agent, or one who ends the session at once, the flow goes straight on.
    pub fn waits(&self) -> bool {
        match self {
            Node::Branch(_) | Node::Form(_) | Node::End(_) => true,
            Node::Transfer(t) => {
                t.agent.available
                    && !t
                        .agent
                        .on_connect
                        .iter()
                        .any(|a| matches!(a, AgentAction::EndSession(_)))
            }
            _ => false,
        }
    }
}

/// Messages the bot sends, then `next`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageNode {
    pub id: String,
    pub messages: Vec<Say>,
    pub next: String,
}

/// One thing the bot (or a scripted agent) sends. Texts interpolate
/// `${variable}` and `${WaitNo}`, `${StaffNo}`, `${StaffNickName}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Say {
    /// A plain text message.
    Text(String),
    /// Markdown (src 30). Image paths that are not http(s) are relative to
    /// the flow file.
    RichText(String),
    /// A product card (src 22).
    ProductCard(CardSpec),
    /// An order card (src 28).
    OrderCard(OrderCardSpec),
    /// The bot welcome card (src 29, `welcome_msg`).
    Welcome(WelcomeSpec),
    /// A streamed bot answer (src 31): chunks arrive one by one.
    Stream(StreamSpec),
    /// A centred tip (src 37).
    Tips(String),
    /// The thinking indicator (src 35) for this many milliseconds.
    ThinkingMs(u64),
    /// Wait this long before the next message.
    PauseMs(u64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CardSpec {
    pub header: String,
    #[serde(default)]
    pub desc: String,
    /// An http(s) address, or a file path relative to the flow file.
    #[serde(default)]
    pub pic: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderCardSpec {
    #[serde(default)]
    pub guide: String,
    pub name: String,
    #[serde(default)]
    pub desc: String,
    /// An http(s) address, or a file path relative to the flow file.
    #[serde(default)]
    pub pic: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WelcomeSpec {
    pub title: String,
    /// Questions; the user's click sends the text. Shown a page at a time.
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    pub chunks: Vec<String>,
    /// Pause between chunks.
    #[serde(default = "default_chunk_delay")]
    pub chunk_delay_ms: u64,
}

fn default_chunk_delay() -> u64 {
    250
}

/// A branch (src 15): the user's text must equal an item's `content`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchNode {
    pub id: String,
    pub header: String,
    pub items: Vec<BranchOption>,
    #[serde(default)]
    pub tail: String,
    /// Said when the text matches no item (by default
    /// `settings.texts.no_match`); the branch is then sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_match: Option<String>,
    /// How many unmatched answers are allowed before `on_retries_exhausted`.
    #[serde(default = "default_retries")]
    pub max_retries: u32,
    /// Where to go after too many unmatched answers; by default the flow ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_retries_exhausted: Option<String>,
}

fn default_retries() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchOption {
    pub content: String,
    #[serde(default)]
    pub desc: String,
    pub next: String,
}

/// A form (src 21) that stores the answer into `variable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormNode {
    pub id: String,
    pub header: String,
    /// Options form when non-empty; text form otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    pub variable: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    /// An options form's reply to an answer that is not an option (by
    /// default `settings.texts.options_retry`); the form is then sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_message: Option<String>,
    /// How many answers that are not options are allowed before
    /// `on_retries_exhausted`.
    #[serde(default = "default_retries")]
    pub max_retries: u32,
    /// Where to go after too many; by default the flow ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_retries_exhausted: Option<String>,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Validation {
    /// The whole answer must match (the pattern is anchored).
    pub regex: String,
    pub retry_message: String,
    #[serde(default = "default_retries")]
    pub max_retries: u32,
    /// Where to go after too many invalid answers; by default the flow ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_retries_exhausted: Option<String>,
}

/// Routes on variables; the first route that holds wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionNode {
    pub id: String,
    pub routes: Vec<Route>,
    pub default: String,
}

/// Exactly one of `equals`, `matches`, `exists`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub variable: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    /// A regex the whole value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    pub next: String,
}

/// Routes on the weekly opening hours, in a time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceHoursNode {
    pub id: String,
    /// An IANA name: `Asia/Shanghai`, `Europe/Berlin`.
    pub time_zone: String,
    pub schedule: Vec<OpeningHours>,
    pub open: String,
    pub closed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// `mon` … `sun`.
    pub days: Vec<Weekday>,
    /// `HH:MM`, local time.
    pub from: String,
    /// `HH:MM`, local time, after `from`.
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// Transfer to a human agent in a skill group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferNode {
    pub id: String,
    pub skill_group: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<Queue>,
    pub agent: Agent,
    /// Where the flow goes when the human session ends.
    pub next: String,
    /// When no agent is available: "no seat online" (src 18), then this node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// A simulated queue before an agent picks the user up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// The user's place in the queue, `${WaitNo}`.
    pub position: u32,
    /// Time until an agent picks up.
    pub wait_ms: u64,
    /// Said on joining the queue, e.g. "You are number ${WaitNo}".
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Whether an agent is online; if not, the user gets "no seat online".
    #[serde(default = "yes")]
    pub available: bool,
    /// `${StaffNickName}`.
    pub name: String,
    /// `${StaffNo}`.
    #[serde(default)]
    pub staff_no: String,
    /// The agent's picture beside their messages: an http(s) address, or
    /// a path under `settings.assets.dir`. Without one the chat shows the
    /// agent's name only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// `scripted` answers by itself; `operator` is played by a person in the
    /// app's Agent tab.
    #[serde(default)]
    pub mode: AgentMode,
    /// What the agent does on picking up.
    #[serde(default)]
    pub on_connect: Vec<AgentAction>,
    /// Answers to user texts containing any of the words, first match wins.
    #[serde(default)]
    pub keywords: Vec<KeywordAnswer>,
    /// The answer when no keyword matches.
    #[serde(default)]
    pub fallback: Vec<AgentAction>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgentMode {
    #[default]
    Scripted,
    Operator,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeywordAnswer {
    /// Any of these words in the user's text (case-insensitive).
    pub contains: Vec<String>,
    pub actions: Vec<AgentAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentAction {
    /// Show "typing…" (src 12) for this long, then go on.
    TypingMs(u64),
    /// Say something: any bot message.
    Say(Say),
    /// Send the rating card (src 9).
    SendRating(bool),
    /// End the human session; the flow goes on at the transfer's `next`.
    EndSession(bool),
}

/// Sends the rating card from the settings, then goes on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SatisfactionNode {
    pub id: String,
    pub next: String,
}

/// The end of the flow: an optional goodbye, then the end flag (src 19).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndNode {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}
