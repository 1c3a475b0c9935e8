//! A one-line account of a message's key fields, for the CLI and the
//! Inspector's list.

use super::message::CsMessage;

const MAX_TEXT: usize = 60;

/// `header "请选择", 4 items: 人工服务 | 订单查询 | …`
pub fn summary(message: &CsMessage) -> String {
    use CsMessage::*;
    match message {
        Trigger(t) | EndHumanService(t) => match &t.triggered_content {
            Some(c) => format!("language {:?}", c.language),
            None => String::new(),
        },
        Rating(r) => {
            let c = &r.menu_content;
            let mut s = format!(
                "{} options ({}), head {}, sessionId {:?}",
                c.menu.len(),
                match c.style_code {
                    Some(1) => "stars".to_owned(),
                    Some(2) => "numbers".to_owned(),
                    Some(t) => format!("type {t}"),
                    None => "no type".to_owned(),
                },
                quote(&c.head),
                c.session_id
            );
            if let Some(t) = c.expire_time {
                s.push_str(&format!(", expireTime {t}"));
            }
            if let Some(sel) = c.choice() {
                s.push_str(&format!(", selected {:?}", sel.id));
            }
            s
        }
        RatingSelected(r) => format!(
            "id {:?} {}, sessionId {:?}",
            r.menu_selected.id,
            quote(&r.menu_selected.content),
            r.menu_selected.session_id
        ),
        RatingRules(r) => {
            let f = r.content;
            format!(
                "menuSendRuleFlag {} (auto on end: {}, agent: {}, user: {})",
                f.menu_send_rule_flag,
                yes(f.auto_send_on_end()),
                yes(f.agent_may_send()),
                yes(f.user_may_send())
            )
        }
        Branch(b) => choice_line(
            &b.content.header,
            items(&b.content.items),
            b.content.choice().map(|c| &c.content),
        ),
        TaskBranch(b) => format!(
            "{}, status {}, optionType {}",
            choice_line(
                &b.content.header,
                items(&b.content.items),
                b.content.choice().map(|c| &c.content)
            ),
            number(b.status),
            number(b.option_type)
        ),
        BotMessage(b) => format!(
            "subtype {:?}, {}",
            b.subtype,
            choice_line(&b.content.title, items(&b.content.items), None)
        ),
        Form(f) => {
            let kind = match f.content.form_type {
                Some(0) => "text".to_owned(),
                Some(1) => "options".to_owned(),
                Some(t) => format!("type {t}"),
                None => "no type".to_owned(),
            };
            format!(
                "{kind} form, {}",
                choice_line(
                    &f.content.header,
                    items(&f.content.items),
                    f.content.choice().map(|c| &c.content)
                )
            )
        }
        TaskForm(f) => format!(
            "{} fields: {}, nodeStatus {}",
            f.content.input_variables.len(),
            f.content
                .input_variables
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            number(f.node_status)
        ),
        ProductCard(c) => format!(
            "{} {} pic {} url {}",
            quote(&c.content.header),
            quote(&c.content.desc),
            quote(&c.content.pic),
            quote(&c.content.url)
        ),
        OrderCard(c) => format!(
            "{} {} pic {}",
            quote(&c.content.name),
            quote(&c.content.desc),
            quote(&c.content.pic)
        ),
        SeatStatus(s) => format!("{} {:?}", s.content.command, s.content.content),
        RichText(r) => quote(&r.content),
        StreamText(s) => format!(
            "{} chunks, {}, {}",
            s.chunks.len(),
            if s.finished() {
                "finished"
            } else {
                "streaming"
            },
            quote(&s.text())
        ),
        Thinking(t) => format!("thinkingStatus {}", number(t.thinking_status)),
        ClientTips(t) => quote(&t.content),
        RobotCommand(r) => r
            .content
            .as_ref()
            .map(|c| format!("command {:?}", c.command))
            .unwrap_or_default(),
        ClientState(o) | Member(o) | NoSeatOnline(o) | BotStatus(o) | ConcurrencyLimit(o)
        | AgentTips(o) => o
            .content
            .as_ref()
            .map(|c| shorten(&c.to_string()))
            .unwrap_or_default(),
        Typing(_) | End(_) | Timeout(_) | RatingRequest(_) => String::new(),
        Unknown { raw, .. } => shorten(raw),
    }
}

fn items(items: &[super::BranchItem]) -> Vec<&str> {
    items.iter().map(|i| i.content.as_str()).collect()
}

fn choice_line(header: &str, items: Vec<&str>, selected: Option<&String>) -> String {
    let mut s = quote(header);
    if !items.is_empty() {
        s.push_str(&format!(
            ", {} items: {}",
            items.len(),
            shorten(&items.join(" | "))
        ));
    }
    if let Some(sel) = selected {
        s.push_str(&format!(", selected {}", quote(sel)));
    }
    s
}

fn quote(s: &str) -> String {
    format!("\"{}\"", shorten(s).replace('\n', "⏎"))
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_TEXT {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(MAX_TEXT - 1).collect();
        format!("{cut}…")
    }
}

fn number(n: Option<i64>) -> String {
    n.map_or_else(|| "absent".to_owned(), |n| n.to_string())
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
