//! `${name}` interpolation: flow variables and Desk's system parameters.

use std::collections::BTreeMap;

/// Desk's system parameters, filled in by the transfer to a human.
pub const SYSTEM_PARAMETERS: &[&str] = &["WaitNo", "StaffNo", "StaffNickName", "SkillGroup"];

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

/// Replaces each `${name}` with its value: from `values`, else what
/// `fallback` gives (a declared default, a system parameter's stand-in),
/// else nothing. No `${…}` ever reaches the user; `desksim check` says
/// where a text can be sent with a variable unset.
pub fn interpolate(
    text: &str,
    values: &BTreeMap<String, String>,
    fallback: impl Fn(&str) -> Option<String>,
) -> String {
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
                    None => out.push_str(&fallback(name).unwrap_or_default()),
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
    fn known_names_are_replaced_and_unset_ones_fall_back_never_left_raw() {
        let mut v = BTreeMap::new();
        v.insert("name".to_owned(), "小明".to_owned());
        let fallback = |n: &str| (n == "StaffNickName").then(|| "客服".to_owned());
        assert_eq!(
            interpolate("您好 ${name}，${x}，${StaffNickName} ${", &v, fallback),
            "您好 小明，，客服 ${"
        );
    }
}
