//! Texts that can be sent with a variable still unset: a form's variable
//! used where not every way there passes that form, a system parameter
//! used outside the part of the flow that sets it. The engine then shows
//! the declared default, the flow's stand-in or nothing (never `${…}`);
//! the warning says where a designer should look.

use std::collections::HashMap;

use super::graph::{Edge, edges};
use crate::flow::diagnostic::Diagnostic;
use crate::flow::model::{Flow, Node};
use crate::flow::path::{JsonPath, Seg};

/// A `${name}` in a text, with the text's place.
pub(super) struct Use {
    pub path: JsonPath,
    pub name: String,
}

/// Warns about every use of a variable that can be unset where its text
/// is sent. `uses` are the placeholders of the flow's texts that name a
/// declared variable without an initial value, or a system parameter.
pub(super) fn check_unset(
    flow: &Flow,
    ids: &HashMap<&str, usize>,
    uses: &[Use],
    out: &mut Vec<Diagnostic>,
) {
    if uses.is_empty() {
        return;
    }
    let variables: Vec<&str> = flow
        .variables
        .iter()
        .filter(|v| v.initial.is_none())
        .map(|v| v.name.as_str())
        .collect();
    let set = definitely_set(flow, ids, &variables);
    for u in uses {
        let node = node_of(&u.path);
        let why = match u.name.as_str() {
            "StaffNickName" | "StaffNo" if !in_agent_text(&u.path) => format!(
                "${{{}}} is set only while an agent serves the user; here it shows the stand-in from settings.texts",
                u.name
            ),
            "WaitNo" if !in_queue_text(&u.path) => {
                "${WaitNo} is set only by a queue; here it shows the stand-in from settings.texts"
                    .to_owned()
            }
            "StaffNickName" | "StaffNo" | "WaitNo" | "SkillGroup" => continue,
            name => {
                let Some(bit) = variables.iter().position(|v| *v == name) else {
                    continue;
                };
                let known = node.and_then(|n| set.get(n)).and_then(Option::as_ref);
                if known.is_some_and(|s| s.contains(bit)) {
                    continue;
                }
                format!(
                    "${{{name}}} may be unset here: not every way to this text passes a form that sets it (it then shows empty); give it an `initial` value or move the text"
                )
            }
        };
        out.push(Diagnostic::warning(u.path.clone(), why));
    }
}

/// The node a text belongs to (`nodes[i]…`), if any.
fn node_of(path: &JsonPath) -> Option<usize> {
    match path.0.as_slice() {
        [Seg::Key(k), Seg::Index(i), ..] if k == "nodes" => Some(*i),
        _ => None,
    }
}

fn in_agent_text(path: &JsonPath) -> bool {
    path.0
        .iter()
        .any(|s| matches!(s, Seg::Key(k) if k == "agent"))
}

fn in_queue_text(path: &JsonPath) -> bool {
    path.0
        .iter()
        .any(|s| matches!(s, Seg::Key(k) if k == "queue"))
}

/// For each node, the variables set on every way from the start to it
/// (`None`: the node is never reached). A form sets its variable on its
/// `next`, a condition's route on a variable implies it is set; the
/// human-service words lead to their target from any node that waits,
/// setting nothing.
fn definitely_set(
    flow: &Flow,
    ids: &HashMap<&str, usize>,
    variables: &[&str],
) -> Vec<Option<Bits>> {
    let n = flow.nodes.len();
    let mut succ: Vec<Vec<(usize, Option<usize>)>> = vec![Vec::new(); n];
    let human = flow
        .settings
        .human_service
        .as_ref()
        .and_then(|h| ids.get(h.transfer.as_str()).copied());
    let bit = |name: &str| variables.iter().position(|v| *v == name);
    for (i, node) in flow.nodes.iter().enumerate() {
        for (edge, target) in edges(node) {
            let Some(&t) = ids.get(target) else { continue };
            // A form sets its variable on its way on; a condition's route
            // that tests a value (equals, matches, exists) is taken only
            // when it is set.
            let assigns = match (node, edge) {
                (Node::Form(f), Edge::Key("next")) => bit(&f.variable),
                (Node::Condition(c), Edge::Indexed("routes", r, _)) => c
                    .routes
                    .get(r)
                    .filter(|r| r.exists != Some(false))
                    .and_then(|r| bit(&r.variable)),
                _ => None,
            };
            succ[i].push((t, assigns));
        }
        if let (Some(h), Node::Branch(_) | Node::Form(_)) = (human, node) {
            succ[i].push((h, None));
        }
    }
    let mut set: Vec<Option<Bits>> = vec![None; n];
    let Some(&start) = ids.get(flow.start.as_str()) else {
        return set;
    };
    set[start] = Some(Bits::empty(variables.len()));
    let mut work = vec![start];
    while let Some(i) = work.pop() {
        let Some(here) = set[i].clone() else { continue };
        for &(t, assigns) in &succ[i] {
            let mut along = here.clone();
            if let Some(bit) = assigns {
                along.insert(bit);
            }
            let changed = match &mut set[t] {
                slot @ None => {
                    *slot = Some(along);
                    true
                }
                Some(there) => there.intersect(&along),
            };
            if changed {
                work.push(t);
            }
        }
    }
    set
}

/// A set of variables, one bit each.
#[derive(Clone, Debug, PartialEq)]
struct Bits(Vec<u64>);

impl Bits {
    fn empty(n: usize) -> Self {
        Bits(vec![0; n.div_ceil(64).max(1)])
    }

    fn insert(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn contains(&self, bit: usize) -> bool {
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Keeps only what both have; whether anything went.
    fn intersect(&mut self, other: &Bits) -> bool {
        let mut changed = false;
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            let kept = *a & b;
            changed |= kept != *a;
            *a = kept;
        }
        changed
    }
}
