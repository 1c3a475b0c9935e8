//! Per-node checks: what each kind of node needs on its own (variables
//! declared, valid time zones and hours, scripted agents), and the pieces
//! nodes share with the FAQ: what is said, pictures, patterns, the agent's
//! rating card and choices picked by text.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use super::patterns::Patterns;
use super::texts::for_each_agent_say;
use crate::clock::{LONGEST_WAIT, LONGEST_WAIT_TEXT};
use crate::flow::diagnostic::Diagnostic;
use crate::flow::model::{Agent, AgentAction, AgentMode, Node, Say};
use crate::flow::path::JsonPath;

pub(super) fn check_node<'f>(
    node: &'f Node,
    path: &JsonPath,
    variables: &HashSet<&str>,
    pics: Option<&Path>,
    flag: i64,
    patterns: &mut Patterns<'f>,
    out: &mut Vec<Diagnostic>,
) {
    match node {
        Node::Message(n) => {
            if n.messages.is_empty() {
                out.push(Diagnostic::warning(
                    path.key("messages"),
                    "the node says nothing",
                ));
            }
            for (i, say) in n.messages.iter().enumerate() {
                check_say(say, &path.key("messages").index(i), pics, out);
            }
        }
        Node::Branch(n) => {
            check_choices(
                n.items.iter().map(|i| i.content.as_str()),
                &path.key("items"),
                "content",
                out,
            );
            if n.items.iter().any(|i| i.content.contains("${")) {
                out.push(Diagnostic::warning(
                    path.key("items"),
                    "an item text with ${…} is sent as written; answers are matched against the written text",
                ));
            }
        }
        Node::Form(n) => {
            if !variables.contains(n.variable.as_str()) {
                out.push(Diagnostic::error(
                    path.key("variable"),
                    format!(
                        "the variable {:?} is not declared in `variables`",
                        n.variable
                    ),
                ));
            }
            if !n.options.is_empty() {
                check_choices(
                    n.options.iter().map(String::as_str),
                    &path.key("options"),
                    "",
                    out,
                );
            }
            if let Some(v) = &n.validation {
                patterns.check(&v.regex, &path.key("validation").key("regex"), out);
                if !n.options.is_empty() {
                    out.push(Diagnostic::warning(
                        path.key("validation"),
                        "an options form only accepts its options; the pattern is checked too",
                    ));
                }
            }
        }
        Node::Condition(n) => {
            for (i, route) in n.routes.iter().enumerate() {
                let rp = path.key("routes").index(i);
                if !variables.contains(route.variable.as_str()) {
                    out.push(Diagnostic::error(
                        rp.key("variable"),
                        format!(
                            "the variable {:?} is not declared in `variables`",
                            route.variable
                        ),
                    ));
                }
                let tests = [
                    route.equals.is_some(),
                    route.matches.is_some(),
                    route.exists.is_some(),
                ];
                if tests.iter().filter(|t| **t).count() != 1 {
                    out.push(Diagnostic::error(
                        rp.clone(),
                        "a route needs exactly one of `equals`, `matches`, `exists`",
                    ));
                }
                if let Some(re) = &route.matches {
                    patterns.check(re, &rp.key("matches"), out);
                }
            }
        }
        Node::ServiceHours(n) => {
            if jiff::tz::TimeZone::get(&n.time_zone).is_err() {
                out.push(Diagnostic::error(
                    path.key("time_zone"),
                    format!(
                        "{:?} is not a known time zone (use an IANA name such as Asia/Shanghai)",
                        n.time_zone
                    ),
                ));
            }
            if n.schedule.is_empty() {
                out.push(Diagnostic::warning(
                    path.key("schedule"),
                    "no opening hours: the service is always closed",
                ));
            }
            for (i, hours) in n.schedule.iter().enumerate() {
                let hp = path.key("schedule").index(i);
                let from = crate::flow::hours::parse_hhmm(&hours.from);
                let to = crate::flow::hours::parse_hhmm(&hours.to);
                if from.is_none() {
                    out.push(Diagnostic::error(
                        hp.key("from"),
                        format!("{:?} is not a time HH:MM", hours.from),
                    ));
                }
                if to.is_none() {
                    out.push(Diagnostic::error(
                        hp.key("to"),
                        format!("{:?} is not a time HH:MM", hours.to),
                    ));
                }
                if let (Some(f), Some(t)) = (from, to)
                    && f >= t
                {
                    out.push(Diagnostic::error(
                        hp.key("to"),
                        "closing time must be after opening time",
                    ));
                }
                if hours.days.is_empty() {
                    out.push(Diagnostic::warning(
                        hp.key("days"),
                        "no days: these hours never apply",
                    ));
                }
            }
        }
        Node::Transfer(n) => {
            let agent = &n.agent;
            if agent.mode == AgentMode::Operator
                && (!agent.keywords.is_empty() || !agent.fallback.is_empty())
            {
                out.push(Diagnostic::warning(
                    path.key("agent").key("mode"),
                    "an operator answers in person: keywords and fallback are not used",
                ));
            }
            for (i, k) in agent.keywords.iter().enumerate() {
                if k.contains.iter().all(|w| w.trim().is_empty()) {
                    out.push(Diagnostic::error(
                        path.key("agent").key("keywords").index(i).key("contains"),
                        "a keyword answer needs at least one word",
                    ));
                }
            }
            if !agent.available && n.unavailable.is_none() {
                out.push(Diagnostic::warning(
                    path.key("unavailable"),
                    "no agent is available and there is no `unavailable` node: the flow ends there",
                ));
            }
            if let Some(q) = &n.queue {
                check_delay(
                    Delay::Millis(q.wait_ms),
                    path.key("queue").key("wait_ms"),
                    out,
                );
            }
            for (actions, p) in agent_action_lists(agent, path) {
                for (i, action) in actions.iter().enumerate() {
                    if let AgentAction::TypingMs(ms) = action {
                        check_delay(Delay::Millis(*ms), p.index(i).key("typing_ms"), out);
                    }
                }
            }
            if let Some(avatar) = &agent.avatar {
                check_pic(avatar, &path.key("agent").key("avatar"), pics, out);
            }
            for_each_agent_say(agent, path, &mut |p, say| check_say(say, &p, pics, out));
            check_agent_rating(agent, path, flag, out);
        }
        Node::Satisfaction(_) | Node::End(_) => {}
    }
}

/// A delay the flow asks for is at most [`LONGEST_WAIT`]: the engine adds
/// each to its clock, and a longer one would carry the conversation past
/// any calendar (and past what message times can say).
pub(super) fn check_delay(delay: Delay, path: JsonPath, out: &mut Vec<Diagnostic>) {
    let (length, written) = match delay {
        Delay::Millis(ms) => (Duration::from_millis(ms), format!("{ms} ms")),
        Delay::Seconds(s) => (Duration::from_secs(s), format!("{s} s")),
        Delay::Hours(h) => (
            Duration::from_secs(u64::from(h) * 3600),
            format!("{h} hours"),
        ),
    };
    if length > LONGEST_WAIT {
        out.push(Diagnostic::error(
            path,
            format!("{written} is too long: a delay is at most {LONGEST_WAIT_TEXT}"),
        ));
    }
}

/// A delay as the flow file writes it.
pub(super) enum Delay {
    Millis(u64),
    Seconds(u64),
    Hours(u32),
}

/// `pics` is where the flow's pictures are (`settings.assets.dir`), when
/// it says.
pub(super) fn check_say(
    say: &Say,
    path: &JsonPath,
    pics: Option<&Path>,
    out: &mut Vec<Diagnostic>,
) {
    match say {
        Say::PauseMs(ms) => check_delay(Delay::Millis(*ms), path.key("pause_ms"), out),
        Say::ThinkingMs(ms) => check_delay(Delay::Millis(*ms), path.key("thinking_ms"), out),
        Say::Stream(s) => check_delay(
            Delay::Millis(s.chunk_delay_ms),
            path.key("stream").key("chunk_delay_ms"),
            out,
        ),
        _ => {}
    }
    match say {
        Say::RichText(md) => {
            for target in crate::protocol::markdown_images(md) {
                check_pic(&target, &path.key("rich_text"), pics, out);
            }
        }
        Say::ProductCard(c) => check_pic(&c.pic, &path.key("product_card").key("pic"), pics, out),
        Say::OrderCard(c) => check_pic(&c.pic, &path.key("order_card").key("pic"), pics, out),
        Say::Welcome(w) => check_choices(
            w.items.iter().map(String::as_str),
            &path.key("welcome").key("items"),
            "",
            out,
        ),
        Say::Stream(s) if s.chunks.is_empty() => out.push(Diagnostic::error(
            path.key("stream").key("chunks"),
            "a stream needs at least one chunk",
        )),
        _ => {}
    }
}

/// Pictures travel as http(s) addresses, never as paths of this computer:
/// a path is one under `settings.assets.dir`, sent under its `base_url`.
/// A missing file is a warning: the flow runs, the picture shows as a
/// placeholder.
fn check_pic(pic: &str, path: &JsonPath, pics: Option<&Path>, out: &mut Vec<Diagnostic>) {
    if pic.is_empty() || crate::protocol::is_http(pic) {
        return;
    }
    if pic.contains("://") {
        out.push(Diagnostic::error(
            path.clone(),
            format!(
                "{pic:?}: a picture is an http(s) address, or a path under settings.assets.dir"
            ),
        ));
        return;
    }
    let Some(dir) = pics else {
        out.push(Diagnostic::error(
            path.clone(),
            format!(
                "{pic:?} is not an http(s) address: say where the flow's pictures are served from in settings.assets (base_url, and dir on this computer)"
            ),
        ));
        return;
    };
    if std::path::Path::new(pic).components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    }) {
        out.push(Diagnostic::error(
            path.clone(),
            format!("{pic:?} leaves settings.assets.dir: give a path inside it"),
        ));
        return;
    }
    let file = dir.join(pic);
    if !file.is_file() {
        out.push(Diagnostic::warning(
            path.clone(),
            format!(
                "picture not found: {} (it shows as a placeholder)",
                file.display()
            ),
        ));
    }
}

/// A scripted agent may send the card only when the rules let agents
/// (bit 2), as Desk's agent console does.
fn check_agent_rating(agent: &Agent, node: &JsonPath, flag: i64, out: &mut Vec<Diagnostic>) {
    if flag & crate::protocol::RatingRules::AGENT_MAY_SEND != 0 {
        return;
    }
    for (actions, path) in agent_action_lists(agent, node) {
        for (i, action) in actions.iter().enumerate() {
            if matches!(action, AgentAction::SendRating(_)) {
                out.push(Diagnostic::warning(
                    path.index(i),
                    format!(
                        "the agent sends the rating card, but settings.satisfaction.flag {flag} has no agent bit 2: the card is refused"
                    ),
                ));
            }
        }
    }
}

/// A scripted agent's lists of actions, each with its path.
fn agent_action_lists<'a>(agent: &'a Agent, node: &JsonPath) -> Vec<(&'a [AgentAction], JsonPath)> {
    let a = node.key("agent");
    let mut lists = vec![
        (agent.on_connect.as_slice(), a.key("on_connect")),
        (agent.fallback.as_slice(), a.key("fallback")),
    ];
    lists.extend(agent.keywords.iter().enumerate().map(|(i, k)| {
        let path = a.key("keywords").index(i).key("actions");
        (k.actions.as_slice(), path)
    }));
    lists
}

/// Items the user picks by text: not empty, not repeated.
fn check_choices<'a>(
    items: impl Iterator<Item = &'a str>,
    path: &JsonPath,
    key: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen = HashMap::new();
    let mut count = 0;
    for (i, text) in items.enumerate() {
        count += 1;
        let p = if key.is_empty() {
            path.index(i)
        } else {
            path.index(i).key(key)
        };
        if text.trim().is_empty() {
            out.push(Diagnostic::error(
                p,
                "an item with empty text cannot be chosen",
            ));
        } else if let Some(first) = seen.insert(text, i) {
            seen.insert(text, first);
            out.push(Diagnostic::error(
                p,
                format!("{text:?} repeats item {first}: answers are matched by text, so this one can never be chosen"),
            ));
        }
    }
    if count == 0 {
        out.push(Diagnostic::error(
            path.clone(),
            "there is nothing to choose",
        ));
    }
}
