//! The flow as a graph: node ids, the references between nodes (edges),
//! reachability from the start, reaching an end, and loops that would spin
//! without the user.

use std::collections::HashMap;

use crate::flow::diagnostic::Diagnostic;
use crate::flow::model::{Flow, Node};
use crate::flow::path::JsonPath;

/// A reference's place inside its node: `next`, `items[2].next` …; made
/// into a path only when a problem is reported there.
#[derive(Clone, Copy)]
pub(super) enum Edge {
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

    pub(super) fn under(&self, node: &JsonPath) -> JsonPath {
        match *self {
            Edge::Key(k) => node.key(k),
            Edge::Indexed(list, i, k) => node.key(list).index(i).key(k),
            Edge::Nested(a, b) => node.key(a).key(b),
        }
    }
}

/// Every node reference of a node, with where it sits.
pub(super) fn edges(node: &Node) -> Vec<(Edge, &str)> {
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
            if let Some(t) = &n.on_retries_exhausted {
                e.push((Edge::key("on_retries_exhausted"), t.as_str()));
            }
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
pub(super) fn check_ids<'f>(flow: &'f Flow, out: &mut Vec<Diagnostic>) -> HashMap<&'f str, usize> {
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

/// Reachability from the start, a reachable end, and loops that would run
/// without ever waiting for the user.
pub(super) fn check_graph(flow: &Flow, ids: &HashMap<&str, usize>, out: &mut Vec<Diagnostic>) {
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

/// Where the depth-first search of [`spinning_loops`] has got to with a node.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    /// On the current path, at this index: a cycle closing here starts there.
    OnPath(usize),
    Done,
}

/// Cycles among nodes that never wait (message, condition, service hours,
/// satisfaction): with nothing new from the user, a condition decides the
/// same way each time round. Iterative DFS, one cycle reported per loop.
fn spinning_loops(flow: &Flow, succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = flow.nodes.len();
    let passes = |i: usize| !flow.nodes[i].waits();
    let mut state = vec![Visit::New; n];
    let mut cycles = Vec::new();
    for root in (0..n).filter(|&i| passes(i)) {
        if state[root] != Visit::New {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = Visit::OnPath(0);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let targets = &succ[node];
            if *next < targets.len() {
                let to = targets[*next];
                *next += 1;
                if !passes(to) {
                    continue;
                }
                match state[to] {
                    Visit::New => {
                        state[to] = Visit::OnPath(path.len());
                        path.push((to, 0));
                    }
                    Visit::OnPath(at) => {
                        debug_assert_eq!(
                            path[at].0, to,
                            "a node on the path is where it was pushed"
                        );
                        cycles.push(path[at..].iter().map(|&(p, _)| p).collect());
                    }
                    Visit::Done => {}
                }
            } else {
                state[node] = Visit::Done;
                path.pop();
            }
        }
    }
    cycles
}
