//! What `desksim check` finds in a flow that parses: broken references,
//! unreachable nodes, flows that cannot end or would spin without the user,
//! choices that can never be made, undefined variables, bad patterns and
//! missing pictures.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::diagnostic::Diagnostic;
use super::model::*;
use super::path::JsonPath;
use super::text::{SYSTEM_PARAMETERS, placeholders};

pub fn check(flow: &Flow, dir: &Path, out: &mut Vec<Diagnostic>) {
    let root = JsonPath::root();
    if flow.version != FORMAT_VERSION {
        out.push(Diagnostic::error(
            root.key("version"),
            format!(
                "format version {} is not supported; this desksim reads version {FORMAT_VERSION}",
                flow.version
            ),
        ));
    }
    let ids = check_ids(flow, out);
    if !ids.contains_key(flow.start.as_str()) {
        out.push(Diagnostic::error(
            root.key("start"),
            format!("the start node {:?} does not exist", flow.start),
        ));
    }
    let variables = check_variables(flow, out);
    check_settings(&flow.settings, out);
    check_faq(flow, dir, out);
    if let Some(h) = &flow.settings.human_service {
        let path = root.key("settings").key("human_service").key("transfer");
        // Any node: a service-hours check before the transfer is usual.
        if !ids.contains_key(h.transfer.as_str()) {
            out.push(Diagnostic::error(
                path,
                format!("no node has the id {:?}", h.transfer),
            ));
        }
    }
    for (i, node) in flow.nodes.iter().enumerate() {
        let path = root.key("nodes").index(i);
        for (edge, target) in edges(node) {
            if !ids.contains_key(target) {
                out.push(Diagnostic::error(
                    edge.under(&path),
                    format!("no node has the id {target:?}"),
                ));
            }
        }
        let flag = flow.settings.satisfaction.flag;
        check_node(node, &path, &variables, dir, flag, out);
    }
    for_each_text(flow, &mut |path, text| {
        for name in placeholders(text) {
            if !variables.contains(name) && !SYSTEM_PARAMETERS.contains(&name) {
                out.push(Diagnostic::error(
                    path.clone(),
                    format!("undefined variable ${{{name}}}: declare it in `variables` (system parameters: WaitNo, StaffNo, StaffNickName)"),
                ));
            }
        }
    });
    if ids.contains_key(flow.start.as_str()) {
        check_graph(flow, &ids, out);
    }
}

/// A reference's place inside its node: `next`, `items[2].next` …; made
/// into a path only when a problem is reported there.
#[derive(Clone, Copy)]
enum Edge {
    Key(&'static str),
    Indexed(&'static str, usize, &'static str),
    Nested(&'static str, &'static str),
}

impl Edge {
    fn key(k: &'static str) -> Self {
        Edge::Key(k)
    }

    fn indexed(list: &'static str, i: usize, k: &'static str) -> Self {
        Edge::Indexed(list, i, k)
    }

    fn under(&self, node: &JsonPath) -> JsonPath {
        match *self {
            Edge::Key(k) => node.key(k),
            Edge::Indexed(list, i, k) => node.key(list).index(i).key(k),
            Edge::Nested(a, b) => node.key(a).key(b),
        }
    }
}

/// Every node reference of a node, with where it sits.
fn edges(node: &Node) -> Vec<(Edge, &str)> {
    let mut e = Vec::new();
    match node {
        Node::Message(n) => e.push((Edge::key("next"), n.next.as_str())),
        Node::Branch(n) => {
            for (i, item) in n.items.iter().enumerate() {
                e.push((Edge::indexed("items", i, "next"), item.next.as_str()));
            }
            if let Some(t) = &n.on_retries_exhausted {
                e.push((Edge::key("on_retries_exhausted"), t.as_str()));
            }
        }
        Node::Form(n) => {
            e.push((Edge::key("next"), n.next.as_str()));
            if let Some(t) = n
                .validation
                .as_ref()
                .and_then(|v| v.on_retries_exhausted.as_ref())
            {
                e.push((
                    Edge::Nested("validation", "on_retries_exhausted"),
                    t.as_str(),
                ));
            }
        }
        Node::Condition(n) => {
            for (i, r) in n.routes.iter().enumerate() {
                e.push((Edge::indexed("routes", i, "next"), r.next.as_str()));
            }
            e.push((Edge::key("default"), n.default.as_str()));
        }
        Node::ServiceHours(n) => {
            e.push((Edge::key("open"), n.open.as_str()));
            e.push((Edge::key("closed"), n.closed.as_str()));
        }
        Node::Transfer(n) => {
            e.push((Edge::key("next"), n.next.as_str()));
            if let Some(t) = &n.unavailable {
                e.push((Edge::key("unavailable"), t.as_str()));
            }
        }
        Node::Satisfaction(n) => e.push((Edge::key("next"), n.next.as_str())),
        Node::End(_) => {}
    }
    e
}

/// Node ids are unique and not empty; returns id → position.
fn check_ids<'f>(flow: &'f Flow, out: &mut Vec<Diagnostic>) -> HashMap<&'f str, usize> {
    let mut ids = HashMap::with_capacity(flow.nodes.len());
    for (i, node) in flow.nodes.iter().enumerate() {
        let path = JsonPath::root().key("nodes").index(i).key("id");
        if node.id().trim().is_empty() {
            out.push(Diagnostic::error(path, "a node id cannot be empty"));
        } else if let Some(first) = ids.insert(node.id(), i) {
            ids.insert(node.id(), first);
            out.push(Diagnostic::error(
                path,
                format!("the id {:?} is already used by nodes[{first}]", node.id()),
            ));
        }
    }
    ids
}

fn check_variables<'f>(flow: &'f Flow, out: &mut Vec<Diagnostic>) -> HashSet<&'f str> {
    let mut names = HashSet::new();
    for (i, v) in flow.variables.iter().enumerate() {
        let path = JsonPath::root().key("variables").index(i).key("name");
        if v.name.is_empty() || !v.name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.push(Diagnostic::error(
                path,
                format!("{:?} is not a variable name (letters, digits, _)", v.name),
            ));
        } else if SYSTEM_PARAMETERS.contains(&v.name.as_str()) {
            out.push(Diagnostic::error(
                path,
                format!("{} is a Desk system parameter; choose another name", v.name),
            ));
        } else if !names.insert(v.name.as_str()) {
            out.push(Diagnostic::error(
                path,
                format!("the variable {} is declared twice", v.name),
            ));
        }
    }
    names
}

fn check_settings(settings: &Settings, out: &mut Vec<Diagnostic>) {
    let path = JsonPath::root().key("settings").key("satisfaction");
    let s = &settings.satisfaction;
    match s.menu.len() {
        0 => out.push(Diagnostic::error(
            path.key("menu"),
            "the rating menu is empty: there is nothing to choose",
        )),
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
    if let Some(inactivity) = &settings.inactivity {
        let path = JsonPath::root().key("settings").key("inactivity");
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

fn check_faq(flow: &Flow, dir: &Path, out: &mut Vec<Diagnostic>) {
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
            check_say(say, &p.key("answer").index(j), dir, out);
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

fn check_node(
    node: &Node,
    path: &JsonPath,
    variables: &HashSet<&str>,
    dir: &Path,
    flag: i64,
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
                check_say(say, &path.key("messages").index(i), dir, out);
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
                check_regex(&v.regex, &path.key("validation").key("regex"), out);
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
                    check_regex(re, &rp.key("matches"), out);
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
                let from = super::hours::parse_hhmm(&hours.from);
                let to = super::hours::parse_hhmm(&hours.to);
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
            for_each_agent_say(agent, path, &mut |p, say| check_say(say, &p, dir, out));
            check_agent_rating(agent, path, flag, out);
        }
        Node::Satisfaction(_) | Node::End(_) => {}
    }
}

fn check_say(say: &Say, path: &JsonPath, dir: &Path, out: &mut Vec<Diagnostic>) {
    match say {
        Say::RichText(md) => {
            for target in crate::protocol::markdown_images(md) {
                check_pic(&target, &path.key("rich_text"), dir, out);
            }
        }
        Say::ProductCard(c) => check_pic(&c.pic, &path.key("product_card").key("pic"), dir, out),
        Say::OrderCard(c) => check_pic(&c.pic, &path.key("order_card").key("pic"), dir, out),
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

fn check_pic(pic: &str, path: &JsonPath, dir: &Path, out: &mut Vec<Diagnostic>) {
    if pic.is_empty() || crate::protocol::is_http(pic) {
        return;
    }
    if pic.contains("://") {
        out.push(Diagnostic::error(
            path.clone(),
            format!("{pic:?}: a picture is an http(s) address or a file path"),
        ));
        return;
    }
    let file = dir.join(pic);
    if !file.is_file() {
        out.push(Diagnostic::error(
            path.clone(),
            format!("image file not found: {}", file.display()),
        ));
    }
}

/// The pattern as the engine uses it: anchored, the whole answer must match.
fn check_regex(pattern: &str, path: &JsonPath, out: &mut Vec<Diagnostic>) {
    if let Err(e) = regex::Regex::new(&format!("^(?:{pattern})$")) {
        let last = e.to_string();
        let last = last.lines().last().unwrap_or_default().trim();
        let reason = last.strip_prefix("error:").unwrap_or(last).trim();
        out.push(Diagnostic::error(
            path.clone(),
            format!("invalid regex {pattern:?}: {reason}"),
        ));
    }
}

/// A scripted agent may send the card only when the rules let agents
/// (bit 2), as Desk's agent console does.
fn check_agent_rating(agent: &Agent, node: &JsonPath, flag: i64, out: &mut Vec<Diagnostic>) {
    if flag & crate::protocol::RatingRules::AGENT_MAY_SEND != 0 {
        return;
    }
    let a = node.key("agent");
    let lists = [
        (&agent.on_connect, a.key("on_connect")),
        (&agent.fallback, a.key("fallback")),
    ];
    let keywords = agent
        .keywords
        .iter()
        .enumerate()
        .map(|(i, k)| (&k.actions, a.key("keywords").index(i).key("actions")));
    for (actions, path) in lists.into_iter().chain(keywords) {
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

/// Reachability from the start, a reachable end, and loops that would run
/// without ever waiting for the user.
fn check_graph(flow: &Flow, ids: &HashMap<&str, usize>, out: &mut Vec<Diagnostic>) {
    let n = flow.nodes.len();
    let succ: Vec<Vec<usize>> = flow
        .nodes
        .iter()
        .map(|node| {
            edges(node)
                .into_iter()
                .filter_map(|(_, t)| ids.get(t).copied())
                .collect()
        })
        .collect();
    let start = ids[flow.start.as_str()];
    let mut roots = vec![start];
    if let Some(&t) = flow
        .settings
        .human_service
        .as_ref()
        .and_then(|h| ids.get(h.transfer.as_str()))
    {
        roots.push(t);
    }
    let reachable = reach(&roots, &succ, n);
    for (i, node) in flow.nodes.iter().enumerate() {
        if !reachable[i] {
            out.push(Diagnostic::warning(
                JsonPath::root().key("nodes").index(i).key("id"),
                format!("node {:?} is never reached from the start", node.id()),
            ));
        }
    }
    // Which nodes can reach an end: walk the reversed graph from the ends.
    let mut pred = vec![Vec::new(); n];
    for (from, targets) in succ.iter().enumerate() {
        for &to in targets {
            pred[to].push(from);
        }
    }
    let ends: Vec<usize> = (0..n)
        .filter(|&i| matches!(flow.nodes[i], Node::End(_)))
        .collect();
    let can_end = reach(&ends, &pred, n);
    if !can_end[start] {
        out.push(Diagnostic::error(
            JsonPath::root().key("start"),
            "no end node can be reached from the start: the flow never ends",
        ));
    } else {
        for i in (0..n).filter(|&i| reachable[i] && !can_end[i]) {
            out.push(Diagnostic::warning(
                JsonPath::root().key("nodes").index(i).key("id"),
                format!("from node {:?} no end can be reached", flow.nodes[i].id()),
            ));
        }
    }
    for cycle in spinning_loops(flow, &succ) {
        let names: Vec<&str> = cycle.iter().map(|&i| flow.nodes[i].id()).collect();
        out.push(Diagnostic::error(
            JsonPath::root().key("nodes").index(cycle[0]).key("id"),
            format!(
                "these nodes loop without waiting for the user, so the flow would spin forever: {} → {}",
                names.join(" → "),
                names[0]
            ),
        ));
    }
}

fn reach(from: &[usize], succ: &[Vec<usize>], n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = from.to_vec();
    for &s in from {
        seen[s] = true;
    }
    while let Some(i) = stack.pop() {
        for &j in &succ[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}

/// Cycles among nodes that never wait (message, condition, service hours,
/// satisfaction): with nothing new from the user, a condition decides the
/// same way each time round. Iterative DFS, one cycle reported per loop.
fn spinning_loops(flow: &Flow, succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = flow.nodes.len();
    let passes = |i: usize| !flow.nodes[i].waits();
    let mut state = vec![0u8; n]; // 0 new, 1 on the path, 2 done
    let mut cycles = Vec::new();
    for root in (0..n).filter(|&i| passes(i)) {
        if state[root] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let targets = &succ[node];
            if *next < targets.len() {
                let to = targets[*next];
                *next += 1;
                if !passes(to) {
                    continue;
                }
                match state[to] {
                    0 => {
                        state[to] = 1;
                        path.push((to, 0));
                    }
                    1 => {
                        let at = path.iter().position(|&(p, _)| p == to).unwrap_or(0);
                        cycles.push(path[at..].iter().map(|&(p, _)| p).collect());
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                path.pop();
            }
        }
    }
    cycles
}

/// Every text of the flow that is interpolated, with its path.
pub fn for_each_text(flow: &Flow, f: &mut impl FnMut(JsonPath, &str)) {
    let root = JsonPath::root();
    let sat = root.key("settings").key("satisfaction");
    f(sat.key("head"), &flow.settings.satisfaction.head);
    f(sat.key("tail"), &flow.settings.satisfaction.tail);
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
                f(p.key("no_match"), &n.no_match);
            }
            Node::Form(n) => {
                f(p.key("header"), &n.header);
                if let Some(v) = &n.validation {
                    f(p.key("validation").key("retry_message"), &v.retry_message);
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

fn for_each_agent_say(agent: &Agent, node: &JsonPath, f: &mut impl FnMut(JsonPath, &Say)) {
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
