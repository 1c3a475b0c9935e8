//! Inputs shared by benchmarks and tests: a corpus of realistic
//! customer-service messages, mixed as a Desk conversation mixes them, and
//! generated flows.

#![expect(dead_code, reason = "each test crate uses a part of it")]

pub fn messages(n: usize) -> Vec<String> {
    let templates = templates();
    (0..n)
        .map(|i| templates[i % templates.len()].replace("{i}", &i.to_string()))
        .collect()
}

fn templates() -> Vec<String> {
    [
        r#"{"customerServicePlugin":0,"src":"15","content":{"header":"请选择您要咨询的业务 {i}","items":[{"content":"人工服务","desc":""},{"content":"订单查询","desc":"查询物流与退换货"},{"content":"发票开具","desc":""},{"content":"Return","desc":""}],"tail":"回复对应文字即可"}}"#,
        r#"{"customerServicePlugin":0,"src":"9","menuContent":{"head":"Thank you for using our service, please rate it! {i}","tail":"Thanks for your rating, goodbye!","menu":[{"id":"101","content":"Very dissatisfied"},{"id":"102","content":"Dissatisfied"},{"id":"103","content":"Neutral"},{"id":"104","content":"Satisfied"},{"id":"105","content":"Very satisfied"}],"type":2,"sessionId":"7a67f6bb-8fac-41e5-8bab-78c0259ae5a9","effectiveHour":12,"expireTime":1691074320}}"#,
        r#"{"customerServicePlugin":0,"src":"23","content":{"menuSendRuleFlag":7}}"#,
        r#"{"customerServicePlugin":0,"src":"26","content":{"command":"updateSeatStatus","content":"inSeat"}}"#,
        r#"{"customerServicePlugin":0,"src":"21","content":{"header":"What is your order number? {i}","type":0}}"#,
        r#"{"customerServicePlugin":0,"src":"21","content":{"header":"Which fruit?","items":[{"content":"Apple","desc":""},{"content":"Watermelon","desc":""},{"content":"Strawberry 🍓","desc":""}],"type":1,"selected":{"content":"Apple"}}}"#,
        r#"{"src":"22","content":{"header":"Smart speaker S2 {i}","desc":"Voice assistant, 40 W, 蓝牙 5.3","pic":"https://example.com/img/speaker.jpg","url":"https://example.com/p/speaker"},"customerServicePlugin":0}"#,
        r#"{"customerServicePlugin":0,"src":"12"}"#,
        r#"{"customerServicePlugin":0,"src":"31","chunks":["您好，","您的账单已出，","本期应还 ¥1,024.00 {i}"],"isFinished":1}"#,
        r#"{"customerServicePlugin":0,"src":"30","content":"**Refunds** take 3–5 days. See [our policy](https://example.com/refund) {i}."}"#,
        r#"{"customerServicePlugin":0,"src":"29","subtype":"welcome_msg","content":{"title":"猜你想问","items":[{"content":"如何修改密码"},{"content":"信用卡额度"},{"content":"挂失补办"},{"content":"网点查询"},{"content":"外汇牌价"},{"content":"理财产品"}]}}"#,
        r#"{"customerServicePlugin":0,"src":"37","content":"您已经很久没有回复了，会话将在 2 分钟后结束 {i}"}"#,
        r#"{"customerServicePlugin":0,"src":"19"}"#,
        r#"{"customerServicePlugin":0,"src":"28","content":{"guide":"您的订单","pic":"https://example.com/o.png","name":"Order #2024{i}","desc":"Shipped 2 items"}}"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A flow of `n` branch nodes in a chain, each offering "Go on" to the next
/// and "Stop" to the end.
pub fn generated_flow(n: usize) -> String {
    let mut nodes = Vec::with_capacity(n + 1);
    for i in 0..n {
        let next = if i + 1 == n {
            "end".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        nodes.push(format!(
            r#"{{"id": "n{i}", "type": "branch", "header": "Step {i}", "items": [{{"content": "Go on", "next": "{next}"}}, {{"content": "Stop", "next": "end"}}]}}"#
        ));
    }
    nodes.push(r#"{"id": "end", "type": "end", "text": "Bye"}"#.to_owned());
    format!(
        r#"{{"version": 1, "name": "generated", "start": "n0", "nodes": [{}]}}"#,
        nodes.join(",\n")
    )
}

/// The few patterns a real flow repeats: order numbers, phone numbers,
/// emails, postcodes.
const COMMON_PATTERNS: [&str; 4] = [
    r"NW-\\d{6}",
    r"1[3-9]\\d{9}",
    r"[^@\\s]+@[^@\\s]+\\.[a-z]{2,}",
    r"\\d{5}(-\\d{4})?",
];

/// A flow of `n` nodes full of patterns, as a form-heavy Desk flow is:
/// a chain of forms whose answers are checked by pattern, every fifth node
/// a condition routing on a pattern. Most patterns repeat the same few;
/// one node in fifty has a pattern of its own. It checks clean.
pub fn patterned_flow(n: usize) -> String {
    let variables: Vec<String> = (0..10).map(|v| format!(r#"{{"name": "v{v}"}}"#)).collect();
    let mut nodes = Vec::with_capacity(n + 1);
    for i in 0..n {
        let next = if i + 1 == n {
            "end".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        let pattern = if i % 50 == 0 {
            format!(r"REF{i}-\\d+")
        } else {
            COMMON_PATTERNS[i % COMMON_PATTERNS.len()].to_owned()
        };
        let variable = format!("v{}", i % 10);
        nodes.push(if i % 5 == 4 {
            format!(
                r#"{{"id": "n{i}", "type": "condition", "routes": [{{"variable": "{variable}", "matches": "{pattern}", "next": "{next}"}}], "default": "{next}"}}"#
            )
        } else {
            format!(
                r#"{{"id": "n{i}", "type": "form", "header": "Question {i}", "variable": "{variable}", "validation": {{"regex": "{pattern}", "retry_message": "Please try again"}}, "next": "{next}"}}"#
            )
        });
    }
    nodes.push(r#"{"id": "end", "type": "end", "text": "Bye"}"#.to_owned());
    format!(
        r#"{{"version": 1, "name": "patterned", "start": "n0", "variables": [{}], "nodes": [{}]}}"#,
        variables.join(", "),
        nodes.join(",\n")
    )
}
