//! Walks over every text of the flow that is interpolated, with its path:
//! the check for undefined variables reads them, and the node checks reuse
//! the walk over a scripted agent's messages.

use crate::flow::model::{Agent, AgentAction, Flow, Node, Say};
use crate::flow::path::JsonPath;

/// Every text of the flow that is interpolated, with its path.
pub fn for_each_text(flow: &Flow, f: &mut impl FnMut(JsonPath, &str)) {
    let root = JsonPath::root();
    let sat = root.key("settings").key("satisfaction");
    let satisfaction = &flow.settings.satisfaction;
    for (key, text) in [("head", &satisfaction.head), ("tail", &satisfaction.tail)] {
        if let Some(text) = text {
            f(sat.key(key), text);
        }
    }
    let texts = root.key("settings").key("texts");
    let own = serde_json::to_value(&flow.settings.texts).unwrap_or_default();
    if let serde_json::Value::Object(own) = own {
        for (key, text) in &own {
            if let Some(text) = text.as_str() {
                f(texts.key(key), text);
            }
        }
    }
    if let Some(i) = &flow.settings.inactivity {
        let p = root.key("settings").key("inactivity");
        f(p.key("reminder"), &i.reminder);
        if let Some(t) = &i.timeout_message {
            f(p.key("timeout_message"), t);
        }
    }
    for (i, faq) in flow.settings.faq.iter().enumerate() {
        for (j, say) in faq.answer.iter().enumerate() {
            say_texts(
                say,
                &root
                    .key("settings")
                    .key("faq")
                    .index(i)
                    .key("answer")
                    .index(j),
                f,
            );
        }
    }
    for (i, node) in flow.nodes.iter().enumerate() {
        let p = root.key("nodes").index(i);
        match node {
            Node::Message(n) => {
                for (j, say) in n.messages.iter().enumerate() {
                    say_texts(say, &p.key("messages").index(j), f);
                }
            }
            Node::Branch(n) => {
                f(p.key("header"), &n.header);
                for (j, item) in n.items.iter().enumerate() {
                    f(p.key("items").index(j).key("desc"), &item.desc);
                }
                f(p.key("tail"), &n.tail);
                if let Some(text) = &n.no_match {
                    f(p.key("no_match"), text);
                }
            }
            Node::Form(n) => {
                f(p.key("header"), &n.header);
                if let Some(v) = &n.validation {
                    f(p.key("validation").key("retry_message"), &v.retry_message);
                }
                if let Some(text) = &n.retry_message {
                    f(p.key("retry_message"), text);
                }
            }
            Node::Transfer(n) => {
                if let Some(q) = &n.queue {
                    f(p.key("queue").key("message"), &q.message);
                }
                for_each_agent_say(&n.agent, &p, &mut |path, say| say_texts(say, &path, f));
            }
            Node::End(n) => {
                if let Some(t) = &n.text {
                    f(p.key("text"), t);
                }
            }
            Node::Condition(_) | Node::ServiceHours(_) | Node::Satisfaction(_) => {}
        }
    }
}

pub(super) fn for_each_agent_say(
    agent: &Agent,
    node: &JsonPath,
    f: &mut impl FnMut(JsonPath, &Say),
) {
    let a = node.key("agent");
    let mut actions = |list: &[AgentAction], path: JsonPath| {
        for (i, action) in list.iter().enumerate() {
            if let AgentAction::Say(say) = action {
                f(path.index(i).key("say"), say);
            }
        }
    };
    actions(&agent.on_connect, a.key("on_connect"));
    actions(&agent.fallback, a.key("fallback"));
    for (i, k) in agent.keywords.iter().enumerate() {
        actions(&k.actions, a.key("keywords").index(i).key("actions"));
    }
}

fn say_texts(say: &Say, p: &JsonPath, f: &mut impl FnMut(JsonPath, &str)) {
    match say {
        Say::Text(t) => f(p.key("text"), t),
        Say::RichText(t) => f(p.key("rich_text"), t),
        Say::Tips(t) => f(p.key("tips"), t),
        Say::ProductCard(c) => {
            f(p.key("product_card").key("header"), &c.header);
            f(p.key("product_card").key("desc"), &c.desc);
        }
        Say::OrderCard(c) => {
            f(p.key("order_card").key("guide"), &c.guide);
            f(p.key("order_card").key("name"), &c.name);
            f(p.key("order_card").key("desc"), &c.desc);
        }
        Say::Welcome(w) => f(p.key("welcome").key("title"), &w.title),
        Say::Stream(s) => {
            for (i, c) in s.chunks.iter().enumerate() {
                f(p.key("stream").key("chunks").index(i), c);
            }
        }
        Say::ThinkingMs(_) | Say::PauseMs(_) => {}
    }
}
