//! Settings checks: the rating menu and its rules, the inactivity timers,
//! and the FAQ with the welcome items that point into it.

use std::collections::HashSet;
use std::path::Path;

use super::nodes::{Delay, check_delay, check_say};
use crate::flow::diagnostic::Diagnostic;
use crate::flow::model::{Flow, Node, Say, Settings};
use crate::flow::path::JsonPath;

pub(super) fn check_settings(settings: &Settings, out: &mut Vec<Diagnostic>) {
    let path = JsonPath::root().key("settings").key("satisfaction");
    let s = &settings.satisfaction;
    // An empty menu is the default one, in the flow's language.
    match s.menu.len() {
        n if n > 5 => out.push(Diagnostic::error(
            path.key("menu"),
            format!("the rating menu has {n} options; at most 5 are allowed"),
        )),
        _ => {}
    }
    let mut seen = HashSet::new();
    for (i, option) in s.menu.iter().enumerate() {
        if option.id.is_empty() {
            out.push(Diagnostic::error(
                path.key("menu").index(i).key("id"),
                "a rating option needs an id",
            ));
        } else if !seen.insert(option.id.as_str()) {
            out.push(Diagnostic::error(
                path.key("menu").index(i).key("id"),
                format!("the rating id {:?} is used twice", option.id),
            ));
        } else if option.id.parse::<i32>().is_err() {
            out.push(Diagnostic::warning(
                path.key("menu").index(i).key("id"),
                format!(
                    "the rating id {:?} is not an integer: Desk Android reads ids with Integer.valueOf and throws, so the card is not drawn",
                    option.id
                ),
            ));
        }
    }
    if s.flag & !crate::protocol::KNOWN_RULE_BITS != 0 || s.flag < 0 {
        out.push(Diagnostic::warning(
            path.key("flag"),
            format!("flag {} has bits other than 1|2|4; iOS and Flutter read it differently from Android", s.flag),
        ));
    }
    if s.effective_hours == 0 {
        out.push(Diagnostic::error(
            path.key("effective_hours"),
            "a rating card valid for 0 hours expires at once",
        ));
    }
    check_delay(
        Delay::Millis(settings.message_gap_ms),
        JsonPath::root().key("settings").key("message_gap_ms"),
        out,
    );
    check_delay(
        Delay::Hours(s.effective_hours),
        path.key("effective_hours"),
        out,
    );
    if let Some(inactivity) = &settings.inactivity {
        let path = JsonPath::root().key("settings").key("inactivity");
        check_delay(
            Delay::Seconds(inactivity.reminder_after_s),
            path.key("reminder_after_s"),
            out,
        );
        check_delay(
            Delay::Seconds(inactivity.timeout_after_s),
            path.key("timeout_after_s"),
            out,
        );
        if inactivity.reminder_after_s == 0 || inactivity.timeout_after_s == 0 {
            out.push(Diagnostic::error(
                path.clone(),
                "inactivity times must be more than 0 seconds",
            ));
        }
        if inactivity.reminder_after_s >= inactivity.timeout_after_s {
            out.push(Diagnostic::warning(
                path.key("reminder_after_s"),
                "the reminder comes at or after the timeout, so it is never seen",
            ));
        }
    }
}

pub(super) fn check_faq(flow: &Flow, pics: Option<&Path>, out: &mut Vec<Diagnostic>) {
    let path = JsonPath::root().key("settings").key("faq");
    let mut questions = HashSet::new();
    for (i, faq) in flow.settings.faq.iter().enumerate() {
        let p = path.index(i);
        if faq.question.trim().is_empty() {
            out.push(Diagnostic::error(
                p.key("question"),
                "a question cannot be empty",
            ));
        } else if !questions.insert(faq.question.as_str()) {
            out.push(Diagnostic::error(
                p.key("question"),
                format!("the question {:?} is asked twice", faq.question),
            ));
        }
        if faq.answer.is_empty() {
            out.push(Diagnostic::error(
                p.key("answer"),
                "the answer says nothing",
            ));
        }
        for (j, say) in faq.answer.iter().enumerate() {
            check_say(say, &p.key("answer").index(j), pics, out);
        }
    }
    for (i, node) in flow.nodes.iter().enumerate() {
        let Node::Message(m) = node else { continue };
        for (j, say) in m.messages.iter().enumerate() {
            let Say::Welcome(w) = say else { continue };
            for (k, item) in w.items.iter().enumerate() {
                if !questions.contains(item.as_str()) {
                    out.push(Diagnostic::warning(
                        JsonPath::root()
                            .key("nodes")
                            .index(i)
                            .key("messages")
                            .index(j)
                            .key("welcome")
                            .key("items")
                            .index(k),
                        format!(
                            "{item:?} is not a question of settings.faq: clicking it gets no answer"
                        ),
                    ));
                }
            }
        }
    }
}
