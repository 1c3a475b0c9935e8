//! `${name}` interpolation: flow variables and Desk's system parameters.

use std::collections::BTreeMap;

/// Desk's system parameters, filled in by the transfer to a human.
pub const SYSTEM_PARAMETERS: &[&str] = &["WaitNo", "StaffNo", "StaffNickName"];

/// The names between `${` and `}` in a text, in order.
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find("${")?;
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        rest = &after[end + 1..];
        Some(&after[..end])
    })
}

/// Replaces each `${name}` with its value; unknown names stay as they are,
/// so a mistake shows in the chat rather than vanishing.
pub fn interpolate(text: &str, values: &BTreeMap<String, String>) -> String {
    if !text.contains("${") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push_str("${");
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order() {
        let names: Vec<_> = placeholders("Hi ${name}, you are ${WaitNo}. ${unclosed").collect();
        assert_eq!(names, ["name", "WaitNo"]);
    }

    #[test]
    fn known_names_are_replaced_and_unknown_ones_kept() {
        let mut v = BTreeMap::new();
        v.insert("name".to_owned(), "小明".to_owned());
        assert_eq!(
            interpolate("您好 ${name}，${x} ${", &v),
            "您好 小明，${x} ${"
        );
    }
}
