//! One-line accounts of a message's key fields, for the CLI and the
//! Inspector's list: the shared wording; each family file says what its
//! types show.

use super::branch::{BranchChoice, BranchItem};
use super::message::CsMessage;

const MAX_TEXT: usize = 60;

/// `header "请选择", 4 items: 人工服务 | 订单查询 | …`
pub fn summary(message: &CsMessage) -> String {
    message.summary()
}

/// A header, its items and the choice already made.
pub(crate) fn choice_line(
    header: &str,
    items: &[BranchItem],
    selected: Option<&BranchChoice>,
) -> String {
    let mut s = quote(header);
    if !items.is_empty() {
        let texts: Vec<&str> = items.iter().map(|i| i.content.as_str()).collect();
        s.push_str(&format!(
            ", {} items: {}",
            items.len(),
            shorten(&texts.join(" | "))
        ));
    }
    if let Some(sel) = selected {
        s.push_str(&format!(", selected {}", quote(&sel.content)));
    }
    s
}

/// A text in quotes, shortened, on one line.
pub(crate) fn quote(s: &str) -> String {
    format!("\"{}\"", shorten(s).replace('\n', "⏎"))
}

pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_TEXT {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(MAX_TEXT - 1).collect();
        format!("{cut}…")
    }
}

/// A number the message may leave out.
pub(crate) fn number(n: Option<i64>) -> String {
    n.map_or_else(|| "absent".to_owned(), |n| n.to_string())
}

pub(crate) fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The texts of items, for key fields.
pub(crate) fn contents(items: &[BranchItem]) -> Vec<&str> {
    items.iter().map(|i| i.content.as_str()).collect()
}
