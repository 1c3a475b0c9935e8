//! Every label of desksim's own UI, in English and Chinese, from one table.
//! (Messages from the flow or the service are shown as they came.)

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The language code a client sends (`triggeredContent.language`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

macro_rules! table {
    ($($key:ident => $en:expr, $zh:expr;)*) => {
        /// A UI label.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

table! {
    Conversations => "Conversations", "会话";
    HumanService => "Human service", "转人工";
    Rate => "Rate", "评价";
    EndService => "End service", "结束服务";
    Send => "Send", "发送";
    NotATranscriptChip => "Not a transcript: nothing to replay", "不是会话记录：无法回放";
    FlowCannotRunChip => "The flow has errors: it cannot run", "流程有错误：无法运行";
    CannotConnectChip => "Cannot connect: see below", "无法连接：详见下方";
    EndServiceTitle => "End the human service?", "结束人工服务？";
    EndServiceBody => "The agent leaves the conversation and the bot answers again. The service may send its rating card.", "坐席将离开会话，改由机器人回复。客服可能会发送评价卡片。";
    RestartTitle => "Restart the flow?", "重新开始流程？";
    RestartBody => "The conversation is forgotten and the flow starts again from its first node.", "当前会话将被清空，流程从第一个节点重新开始。";
    FormAnswerHint => "Your answer…", "请输入回答…";
    AnswerRejected => "✖ Not accepted: the service asked again below", "✖ 未被接受：客服已在下方重新提问";
    ComposerHint => "Type a message…", "输入消息…";
    ComposerLabel => "Message", "消息";
    ComposerDisabled => "The session has ended", "会话已结束";
    ComposerNotStarted => "The conversation has not started", "会话尚未开始";
    FixFlowHint => "Fix the flow file: desksim loads it again when it is saved.", "请修正流程文件：保存后 desksim 会自动重新加载。";
    SettingsHint => "Check the settings (⚙) and the environment, then select the conversation again.", "请检查设置（⚙）和环境变量，然后重新选择该会话。";
    TranscriptHint => "desksim reads the JSON lines `desksim play` prints and the transcripts it saves.", "desksim 可读取 `desksim play` 输出的 JSON lines 以及它保存的会话记录。";
    EmbeddedBackend => "embedded", "内置";
    ReplayBackend => "replay (read-only)", "回放（只读）";
    StartNewSession => "Start new session", "开始新会话";
    SessionEnded => "Session ended", "会话已结束";
    SessionTimedOut => "Session timed out", "会话已超时";
    ConnectedToAgent => "Connected to an agent", "已接入人工客服";
    BackToBot => "Back to the bot", "已转回机器人";
    Bot => "Bot", "机器人";
    Typing => "typing", "对方正在输入";
    Thinking => "Thinking", "思考中";
    Inspector => "Inspector", "检查器";
    FlowTab => "Flow", "流程";
    AgentTab => "Agent", "坐席";
    LogTab => "Log", "日志";
    Filter => "Filter", "筛选";
    FilterHint => "src, text, id…", "src、文本、ID…";
    Incoming => "In", "收";
    Outgoing => "Out", "发";
    OnlineOnly => "online-only", "仅在线";
    NoSelection => "Select a message to see its JSON.", "选择一条消息查看 JSON。";
    Copy => "Copy", "复制";
    CurrentNode => "Current node", "当前节点";
    Variables => "Variables", "变量";
    NoVariables => "No variables yet", "暂无变量";
    Restart => "Restart", "重新开始";
    FastForward => "Fast-forward", "快进";
    OneMinute => "+1 min", "+1 分钟";
    FiveMinutes => "+5 min", "+5 分钟";
    NextTimer => "To next timer", "到下一个定时";
    NextTimerLabel => "Next timer", "下一个定时";
    ReminderTimer => "Reminder", "提醒";
    TimeoutTimer => "Timeout", "超时";
    Ahead => "ahead of real time", "领先真实时间";
    FlowFile => "Flow file", "流程文件";
    FlowErrors => "The edited flow has errors; the last good version keeps running:", "流程文件有错误，仍在运行上一个正确版本：";
    FlowWarnings => "The flow runs, with warnings:", "流程可以运行，但有警告：";
    FlowReloaded => "Flow reloaded · Restart to see it", "流程已重新加载 · 重新开始后生效";
    FlowReloadedWarnings => "Flow reloaded with warnings · Restart to see it", "流程已重新加载（有警告）· 重新开始后生效";
    FlowBroken => "Flow has errors", "流程有错误";
    FlowDeleted => "Flow file deleted", "流程文件已删除";
    AgentYou => "You are the agent", "你是坐席";
    AgentScripted => "Scripted agent", "脚本坐席";
    AgentNone => "No agent seated: the bot answers", "无坐席接入：由机器人回复";
    AgentNoSession => "No human session is running: the flow puts the user through at a transfer node", "没有进行中的人工会话：流程到达转人工节点时才会接入";
    AgentYouAbout => "What you send here reaches the user as the agent. The user's messages wait for your answer, and the flow's timers pause until you reply.", "在这里发送的消息会以坐席身份发给用户。用户的消息等待你回复，回复前流程的计时器暂停。";
    AgentScriptedAbout => "This agent answers from the flow's script; what you send here is added to its answers.", "该坐席按流程脚本回复；在这里发送的消息会追加在它的回复之间。";
    AgentNoneOperatorAbout => "When the flow reaches its transfer node you are seated as the agent and answer from here.", "流程到达转人工节点后，你将作为坐席接入，并在这里回复。";
    AgentNoneScriptedAbout => "This flow's agents are scripted. Once the flow puts the user through you can still speak, seat and end as the agent from here.", "该流程的坐席是脚本。流程转人工后，你仍可在这里以坐席身份发言、调整接入状态或结束会话。";
    AgentSay => "Say as the agent", "以坐席身份发送";
    AgentTyping => "Show typing", "显示正在输入";
    SeatIn => "Seat: in", "接入";
    SeatOut => "Seat: out", "退出";
    SendRatingCard => "Send rating card", "发送评价卡片";
    EndSession => "End session", "结束会话";
    ProductCards => "Send a product card", "发送商品卡片";
    RawMessage => "Raw message", "原始消息";
    RawHint => "Paste a custom message (JSON5 accepted)", "粘贴自定义消息（支持 JSON5）";
    Template => "Template", "模板";
    RawIgnored => "The user side never sends this src: the service will ignore it.", "用户端从不发送此 src：客服后台会忽略它。";
    Cancel => "Cancel", "取消";
    OpenLinkTitle => "Open this link in your browser?", "在浏览器中打开此链接？";
    Open => "Open", "打开";
    Submit => "Submit", "提交";
    Submitted => "Submitted", "已提交";
    Refresh => "Refresh", "换一批";
    ExpiresIn => "expires in", "剩余";
    Expired => "Expired", "已过期";
    ImageFailed => "Image failed", "图片加载失败";
    Loading => "Loading…", "加载中…";
    Undecodable => "This message could not be decoded; see the Inspector.", "该消息无法解析，请查看检查器。";
    Unsupported => "A message desksim does not show; see the Inspector.", "该消息不在聊天中显示，请查看检查器。";
    Settings => "Settings", "设置";
    Language => "Language", "语言";
    Theme => "Theme", "主题";
    Light => "Light", "浅色";
    Dark => "Dark", "深色";
    UserId => "User ID", "用户 ID";
    Backend => "Backend", "后端";
    Embedded => "Embedded (flow files)", "内置（流程文件）";
    TencentBackend => "Tencent Cloud Desk (IM REST API)", "腾讯云客服（IM REST API）";
    Admin => "Admin account", "管理员账号";
    ServiceAccount => "Service account", "客服账号";
    Region => "Region", "地域";
    BaseUrl => "Base URL", "自定义地址";
    SecretEnv => "Secret key variable", "密钥环境变量";
    SecretFile => "Secret key file", "密钥文件";
    SecretNote => "The secret key is read from the variable or the file; it is never saved.", "密钥从环境变量或文件读取，不会被保存。";
    Connected => "Connected", "已连接";
    Retrying => "Retrying in", "重试于";
    Failed => "Failed", "失败";
    Unsent => "unsent", "条未发送";
    Discard => "Discard", "丢弃";
    NoMessages => "No messages yet", "暂无消息";
    MarkdownShown => "Markdown, as the card shows it", "Markdown（按卡片显示）";
    NewMessages => "New messages", "新消息";
    Problem => "Problem", "问题";
    Error => "Error", "错误";
    Close => "Close", "关闭";
    NoSeatFallback => "No agent is online", "暂无客服在线";
    ConcurrencyFallback => "Too many conversations right now", "当前会话过多，请稍后再试";
    NotHttpLink => "not an http(s) link", "不是 http(s) 链接";
    OnlyHttpLinks => "Only http and https links are opened.", "只会打开 http 和 https 链接。";
    NotServiceMessage => "not a customer-service message (customerServicePlugin: 0)", "不是客服消息（需要 customerServicePlugin: 0）";
    OnlineShort => "online", "仅在线";
    LockAnswered => "it has already been answered", "已作答";
    LockExpired => "it has expired", "已过期";
    LockEarlierSession => "it belongs to an earlier session", "属于之前的会话";
    LockSessionOver => "the session has ended", "会话已结束";
    LockClosedByService => "the service has closed it", "已被客服关闭";
    LockMovedOn => "the conversation moved on", "会话已继续，此卡片不再作答";
    Recalled => "The service recalled a message", "对方撤回了一条消息";
    RefusedByService => "The service refused it", "客服拒绝了该操作";
    CannotAnswer => "cannot be answered", "无法作答";
    RefusedNotStarted => "the conversation has not started yet", "会话尚未开始";
    RefusedSessionOver => "the session is over; start a new session first", "会话已结束，请先开始新会话";
    RefusedEmpty => "the message is empty", "消息为空";
    RefusedNotInSeat => "only possible while an agent serves you (in seat)", "仅在人工客服接待时可用";
    RefusedInSeat => "an agent already serves you", "已有人工客服在接待";
    RefusedRating => "the service does not let the user ask for a rating", "客服设置不允许用户主动评价";
    RefusedRaw => "the pasted message does not decode", "粘贴的消息无法解析";
    AlreadyRated => "You have rated this service already", "您已评价过本次服务";
    ReadOnlyReplay => "A transcript read back: nothing is sent from it", "回放的会话记录：不能发送消息";
}

use crate::session::{IntentError, LockReason};

/// What kind of message an entry is, in the UI's language.
pub fn kind_label(entry: &crate::session::Entry, lang: Lang) -> &'static str {
    match lang {
        Lang::En => entry.kind_name(),
        Lang::Zh => entry.kind_name_zh(),
    }
}

/// Why a card no longer takes an answer, in the UI's language.
pub fn lock_reason(reason: &LockReason, lang: Lang) -> &'static str {
    match reason {
        LockReason::Answered => T::LockAnswered,
        LockReason::Expired => T::LockExpired,
        LockReason::EarlierSession => T::LockEarlierSession,
        LockReason::SessionOver => T::LockSessionOver,
        LockReason::ClosedByService => T::LockClosedByService,
        LockReason::MovedOn => T::LockMovedOn,
    }
    .get(lang)
}

/// A refused intent, in the UI's language; what it names (ids, codes, the
/// decoder's words) stays as it is.
pub fn refusal(e: &IntentError, lang: Lang) -> String {
    let t = |key: T| key.get(lang).to_owned();
    match e {
        IntentError::NotStarted => t(T::RefusedNotStarted),
        IntentError::SessionOver(_) => t(T::RefusedSessionOver),
        IntentError::Locked { reason, .. } => {
            format!("{}: {}", t(T::CannotAnswer), lock_reason(reason, lang))
        }
        IntentError::EmptyText => t(T::RefusedEmpty),
        IntentError::NotInSeat => t(T::RefusedNotInSeat),
        IntentError::AlreadyInSeat => t(T::RefusedInSeat),
        IntentError::RatingNotAllowed(flag) => match flag {
            Some(flag) => format!("{} (menuSendRuleFlag {flag})", t(T::RefusedRating)),
            None => t(T::RefusedRating),
        },
        IntentError::BadRaw(d) => format!("{}: {d}", t(T::RefusedRaw)),
        IntentError::AlreadyRated => t(T::AlreadyRated),
        IntentError::ReadOnly => t(T::ReadOnlyReplay),
        other => other.to_string(),
    }
}
