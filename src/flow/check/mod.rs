//! What `desksim check` finds in a flow that parses: broken references,
//! unreachable nodes, flows that cannot end or would spin without the user,
//! choices that can never be made, undefined variables, bad patterns and
//! missing pictures.
//!
//! This file owns the entry point, [`check`], and the flow's declared
//! variables that the other checks consult. The checks themselves live by
//! job: `settings` (settings and the FAQ), `nodes` (each node on its own),
//! `graph` (ids, references, reachability, loops), `patterns` (each distinct
//! regex compiled once) and `texts` (every text that is interpolated).

use std::collections::HashSet;
use std::path::Path;

mod graph;
mod nodes;
mod patterns;
mod settings;
mod texts;
mod unset;

pub use texts::for_each_text;

use super::diagnostic::Diagnostic;
use super::model::{FORMAT_VERSION, Flow};
use super::path::JsonPath;
use super::text::{SYSTEM_PARAMETERS, placeholders};
use graph::{check_graph, check_ids, edges};
use nodes::check_node;
use patterns::Patterns;
use settings::{check_faq, check_settings};
use unset::{Use, check_unset};

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
    let assets = flow.settings.assets.as_ref();
    let pics = assets.map(|a| dir.join(&a.dir));
    if let Some(a) = assets
        && !crate::protocol::is_http(&a.base_url)
    {
        out.push(Diagnostic::error(
            root.key("settings").key("assets").key("base_url"),
            format!(
                "{:?} is not an http(s) address: pictures travel as addresses the clients can load",
                a.base_url
            ),
        ));
    }
    check_faq(flow, pics.as_deref(), out);
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
    let mut patterns = Patterns::default();
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
        check_node(
            node,
            &path,
            &variables,
            pics.as_deref(),
            flag,
            &mut patterns,
            out,
        );
    }
    let mut uses = Vec::new();
    let without_initial: HashSet<&str> = flow
        .variables
        .iter()
        .filter(|v| v.initial.is_none())
        .map(|v| v.name.as_str())
        .collect();
    for_each_text(flow, &mut |path, text| {
        for name in placeholders(text) {
            if !variables.contains(name) && !SYSTEM_PARAMETERS.contains(&name) {
                out.push(Diagnostic::error(
                    path.clone(),
                    format!("undefined variable ${{{name}}}: declare it in `variables` (system parameters: WaitNo, StaffNo, StaffNickName, SkillGroup)"),
                ));
            } else if without_initial.contains(name) || SYSTEM_PARAMETERS.contains(&name) {
                let name = name.to_owned();
                uses.push(Use {
                    path: path.clone(),
                    name,
                });
            }
        }
    });
    if ids.contains_key(flow.start.as_str()) {
        check_graph(flow, &ids, out);
        check_unset(flow, &ids, &uses, out);
    }
}

/// Declared variable names are names, not Desk's system parameters, and
/// declared once; returns the names.
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
