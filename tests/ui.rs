//! The widgets, clicked as a person would, with no display: each feeds a
//! message, clicks or types, and checks what goes out and what locks.

use std::sync::Arc;

use desksim::clock::ShiftedClock;
use desksim::protocol::OutgoingBody;
use desksim::session::{
    Arrival, BackendEvent, CardState, Conversation, Incoming, Intent, LockReason, Payload, Sent,
    SessionConfig,
};
use desksim::ui::chat::ChatState;
use desksim::ui::markdown::MarkdownCache;
use desksim::ui::{self, ChatView, Cx, Lang, Palette, ThemeChoice, UiAction};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// A conversation with no backend: the test plays the service.
struct Chat {
    conv: Conversation,
    view: ChatView,
    /// The conversation's time, for fast-forward.
    clock: ShiftedClock,
    markdown: MarkdownCache,
    actions: Vec<UiAction>,
    /// Actions other than intents (select, links), kept for the test.
    other: Vec<UiAction>,
    sent: Vec<Sent>,
    /// Intents the session refused: a widget should not have asked.
    refused: Vec<String>,
}

impl Chat {
    fn new() -> Self {
        let clock = ShiftedClock::new();
        let mut conv = Conversation::new(SessionConfig::default(), Arc::new(clock.clone()));
        conv.act(Intent::Start).unwrap();
        Chat {
            conv,
            view: ChatView::default(),
            clock,
            markdown: MarkdownCache::default(),
            actions: Vec::new(),
            other: Vec::new(),
            sent: Vec::new(),
            refused: Vec::new(),
        }
    }

    fn receive(&mut self, id: &str, data: &str) {
        self.conv.apply_raw(BackendEvent::Message(Incoming {
            id: id.into(),
            arrival: Arrival::New,
            payload: Payload::Custom(data.into()),
            from: None,
        }));
    }

    fn fixture(&mut self, id: &str, name: &str) {
        let data = std::fs::read_to_string(format!("tests/fixtures/messages/{name}.json")).unwrap();
        self.receive(id, &data);
    }

    /// Carries out what the clicks asked for, as the app does.
    fn settle(&mut self) {
        for action in std::mem::take(&mut self.actions) {
            match action {
                UiAction::Intent(intent) => match self.conv.act(intent) {
                    Ok(sent) => self.sent.extend(sent),
                    Err(e) => self.refused.push(e.to_string()),
                },
                UiAction::Select(id) => {
                    self.view.select(id.clone());
                    self.other.push(UiAction::Select(id));
                }
                other => self.other.push(other),
            }
        }
    }

    fn last_sent(&self) -> &str {
        match &self.sent.last().expect("something was sent").outgoing.body {
            OutgoingBody::Text { text, .. } => text,
            OutgoingBody::Custom { data } => data,
        }
    }
}

fn harness(chat: Chat) -> Harness<'static, Chat> {
    builder().build_ui_state(draw, chat)
}

/// For content with emoji that no bundled font has (they draw as boxes in
/// the app too); desksim's own labels are checked by the other tests.
fn harness_allowing_missing_glyphs(chat: Chat) -> Harness<'static, Chat> {
    builder().allow_missing_glyphs().build_ui_state(draw, chat)
}

fn builder() -> egui_kittest::HarnessBuilder<Chat> {
    Harness::builder()
        .with_size(egui::vec2(520.0, 760.0))
        .with_context_setup(|ctx| {
            ui::theme::install_fonts(ctx);
            ui::theme::apply(ctx, ThemeChoice::Light);
        })
}

fn draw(ui: &mut egui::Ui, chat: &mut Chat) {
    let mut cx = Cx {
        lang: Lang::Zh,
        palette: Palette::of(ThemeChoice::Light),
        now: chat.conv.now(),
        actions: &mut chat.actions,
    };
    let state = ChatState {
        session: chat.conv.session(),
        rows: chat.conv.rows(),
        problems: chat.conv.problems(),
        view: &mut chat.view,
        markdown: &mut chat.markdown,
    };
    ui::chat::chat_ui(ui, &mut cx, state);
    chat.settle();
}

fn state(h: &Harness<'static, Chat>, id: &str) -> CardState {
    let conv = &h.state().conv;
    conv.session()
        .card_state(conv.session().position(id).unwrap())
}

#[test]
fn a_branch_item_click_sends_its_text_and_locks_the_branch() {
    let mut chat = Chat::new();
    chat.fixture("b", "src15_branch");
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    h.get_by_label("订单查询").click();
    h.run();
    assert_eq!(h.state().last_sent(), "订单查询");
    assert_eq!(state(&h, "b"), CardState::Locked(LockReason::Answered));
    // The other items are disabled now; a click does nothing.
    let before = h.state().sent.len();
    h.get_by_label("发票开具").click();
    h.run();
    assert_eq!(h.state().sent.len(), before);
    // The chosen one stays bright to read, and a click on it asks nothing.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "订单查询")
        .click();
    h.run();
    assert_eq!(h.state().sent.len(), before);
    assert!(h.state().refused.is_empty(), "{:?}", h.state().refused);
}

#[test]
fn a_text_form_is_answered_by_typing_and_submitting() {
    let mut chat = Chat::new();
    chat.fixture("f", "src21_form_text");
    let mut h = harness(chat);
    h.run();
    let input = h.get_by_label("📝 请输入您的订单号");
    input.focus();
    h.run();
    h.get_by_label("📝 请输入您的订单号").type_text("NW-123456");
    h.run();
    h.get_by_label("提交").click();
    h.run();
    assert_eq!(h.state().last_sent(), "NW-123456");
    assert_eq!(state(&h, "f"), CardState::Locked(LockReason::Answered));
    h.run();
    assert!(
        h.query_by_label("↪ NW-123456").is_some(),
        "the answer shows on the locked form, not yet taken"
    );
    // The service fills `selected`: the answer was taken.
    let data = std::fs::read_to_string("tests/fixtures/messages/src21_form_text.json").unwrap();
    let mut taken: serde_json::Value = serde_json::from_str(&data).unwrap();
    taken["content"]["selected"] = serde_json::json!({"content": "NW-123456"});
    h.state_mut()
        .conv
        .apply_raw(BackendEvent::Message(Incoming {
            id: "f".into(),
            arrival: Arrival::Update,
            payload: Payload::Custom(taken.to_string()),
            from: None,
        }));
    h.run();
    assert!(
        h.query_by_label("✔ NW-123456").is_some(),
        "taken by the service"
    );
}

#[test]
fn a_text_form_has_its_own_placeholder_and_a_turned_down_answer_reads_so() {
    let mut chat = Chat::new();
    chat.fixture("f", "src21_form_text");
    let mut h = harness(chat);
    h.run();
    let input = h.get_by_label("📝 请输入您的订单号");
    assert_eq!(
        input.accesskit_node().placeholder(),
        Some("请输入回答…"),
        "not the composer's hint"
    );
    input.focus();
    h.run();
    h.get_by_label("📝 请输入您的订单号").type_text("oops");
    h.run();
    h.get_by_label("提交").click();
    h.run();
    // The service asks the same question again: the answer was turned down.
    h.state_mut().fixture("f2", "src21_form_text");
    h.run();
    assert!(h.query_by_label("✖ oops").is_some());
    assert!(
        h.query_by_label("✖ 未被接受：客服已在下方重新提问")
            .is_some()
    );
}

#[test]
fn an_options_form_sends_the_option_and_locks() {
    let mut chat = Chat::new();
    chat.fixture("f", "src21_form_options");
    let mut h = harness(chat);
    h.run();
    h.get_by_label("M").click();
    h.run();
    assert_eq!(h.state().last_sent(), "M");
    assert_eq!(state(&h, "f"), CardState::Locked(LockReason::Answered));
}

#[test]
fn a_star_rating_sends_the_choice_and_locks_at_once_showing_the_tail() {
    let mut chat = Chat::new();
    let card = std::fs::read_to_string("tests/fixtures/messages/src09_rating_stars_selected.json")
        .unwrap()
        .replace(
            r#", "selected": {"id": "105", "content": "Very satisfied"}"#,
            "",
        );
    chat.receive("r", &card);
    let mut h = harness(chat);
    h.run();
    let stars = h.get_all_by_label("★").collect::<Vec<_>>();
    assert_eq!(stars.len(), 5);
    stars[3].click();
    h.run();
    let sent = h.state().last_sent().to_owned();
    assert!(
        sent.contains(r#""src":"10""#) && sent.contains(r#""id":"104""#),
        "{sent}"
    );
    assert!(h.state().sent.last().unwrap().outgoing.online_only);
    assert_eq!(state(&h, "r"), CardState::Locked(LockReason::Answered));
    h.run();
    assert!(h.query_by_label("Thanks for your rating!").is_some());
}

#[test]
fn a_number_rating_shows_numbers() {
    let mut chat = Chat::new();
    chat.fixture("r", "src09_rating_numbers");
    let mut h = harness(chat);
    h.run();
    h.get_by_label("5").click();
    h.run();
    assert!(h.state().last_sent().contains(r#""id":"105""#));
}

#[test]
fn a_product_card_link_asks_before_opening() {
    let mut chat = Chat::new();
    chat.fixture("c", "src22_product_card");
    let mut h = harness(chat);
    h.run_steps(3);
    h.get_by_label_contains("example.com/p/earbuds-pro").click();
    h.run_steps(2);
    assert!(
        h.state().other.contains(&UiAction::AskOpenLink(
            "https://example.com/p/earbuds-pro".into()
        )),
        "{:?}",
        h.state().other
    );
}

#[test]
fn a_picture_that_fails_shows_an_error_tile() {
    let mut chat = Chat::new();
    chat.receive(
        "c",
        r#"{"customerServicePlugin":0,"src":"22","content":{"header":"h","desc":"d","pic":"ftp://nowhere/x.png","url":"https://e.com"}}"#,
    );
    let mut h = harness(chat);
    h.run_steps(3);
    assert!(h.query_by_label("🖼 图片加载失败").is_some());
}

#[test]
fn the_welcome_card_pages_five_at_a_time() {
    let mut chat = Chat::new();
    chat.fixture("w", "src29_welcome");
    let mut h = harness(chat);
    h.run();
    assert!(h.query_by_label("1. 如何修改登录密码").is_some());
    assert!(h.query_by_label("1. 理财产品收益").is_none());
    h.get_by_label("⟳ 换一批").click();
    h.run();
    h.run();
    assert!(
        h.query_by_label("1. 理财产品收益").is_some(),
        "page 2 shows items 6 and 7"
    );
    h.get_by_label("2. 转账限额").click();
    h.run();
    assert_eq!(h.state().last_sent(), "转账限额");
}

#[test]
fn a_malformed_message_shows_a_placeholder_not_a_panic() {
    let mut chat = Chat::new();
    chat.receive(
        "bad",
        r#"{"customerServicePlugin":0,"src":"15","content":{"items":[{"content":3}]}}"#,
    );
    chat.receive("worse", "{not json at all");
    let mut h = harness(chat);
    h.run();
    assert_eq!(
        h.get_all_by_label("⚠ 该消息无法解析，请查看检查器。")
            .count(),
        2
    );
}

#[test]
fn banners_and_system_lines_show_as_the_clients_do() {
    let mut chat = Chat::new();
    chat.fixture("in", "src26_seat_in");
    chat.fixture("tip", "src37_client_tips");
    chat.fixture("none", "src18_no_seat_online");
    chat.fixture("end", "src19_end");
    let mut h = harness(chat);
    h.run();
    // Each says when it came, as a bubble does.
    let at = ui::clock_time(h.state().conv.session().entries()[0].at);
    let shown = |text: &str| h.query_by_label(&format!("{text} · {at}")).is_some();
    assert!(shown("🎧 已接入人工客服"));
    // Set as Chinese is set: no space around the numbers.
    assert!(shown("您已超过3分钟未回复，会话将在2分钟后自动结束"));
    assert!(shown("当前没有客服在线，请稍后再试"));
    assert!(shown("■ 会话已结束"));
}

#[test]
fn a_branch_items_description_is_in_its_own_button_which_keeps_its_size_under_the_pointer() {
    let mut chat = Chat::new();
    chat.fixture("b", "src15_branch");
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    // Found by its words; the description belongs to it.
    let item = h.get_by_label("订单查询");
    assert_eq!(
        item.accesskit_node().description().as_deref(),
        Some("物流、退换货")
    );
    let next = |h: &Harness<'static, Chat>| h.get_by_label("发票开具").rect();
    let (own, before) = (item.rect(), next(&h));
    assert!(
        own.height() > 36.0,
        "two lines: the item and its description"
    );
    h.get_by_label("订单查询").hover();
    for _ in 0..5 {
        h.run();
        assert_eq!(next(&h), before, "no shaking while the pointer rests");
    }
}

#[test]
fn hidden_messages_do_not_show_in_the_chat() {
    let mut chat = Chat::new();
    chat.fixture("rules", "src23_rating_rules");
    chat.fixture("cmd", "src13_robot_command");
    chat.receive("u", r#"{"customerServicePlugin":0,"src":"99"}"#);
    assert!(chat.conv.rows().is_empty());
    let mut h = harness(chat);
    h.run();
    assert!(h.query_by_label("暂无消息").is_some());
}

#[test]
fn a_stream_grows_in_place() {
    let mut chat = Chat::new();
    chat.receive(
        "s",
        r#"{"customerServicePlugin":0,"src":"31","chunks":["您好，"],"isFinished":0}"#,
    );
    let mut h = harness(chat);
    h.run_steps(2);
    assert!(h.query_by_label_contains("您好，").is_some());
    h.state_mut().conv.apply_raw(BackendEvent::Message(Incoming {
        id: "s".into(),
        arrival: Arrival::Update,
        payload: Payload::Custom(r#"{"customerServicePlugin":0,"src":"31","chunks":["您好，","请问有什么可以帮您？"],"isFinished":1}"#.into()),
        from: None,
    }));
    h.run_steps(2);
    assert!(h.query_by_label("您好，请问有什么可以帮您？").is_some());
    assert_eq!(
        h.state().conv.rows().len(),
        1,
        "updated in place, not added"
    );
}

#[test]
fn a_task_form_is_filled_and_submitted() {
    let mut chat = Chat::new();
    chat.fixture("t", "src33_task_form");
    let mut h = harness(chat);
    h.run();
    h.get_by_label("姓名 *").focus();
    h.run();
    h.get_by_label("姓名 *").type_text("张三");
    h.run();
    h.get_by_label("挂失").click();
    h.run();
    h.get_by_label("提交").click();
    h.run();
    let sent = h.state().last_sent().to_owned();
    assert!(
        sent.contains(r#""variableValue":"张三""#) && sent.contains(r#""variableValue":"挂失""#),
        "{sent}"
    );
}

#[test]
fn a_click_on_a_bubble_selects_the_message() {
    let mut chat = Chat::new();
    chat.conv.apply_raw(BackendEvent::Message(Incoming {
        id: "t1".into(),
        arrival: Arrival::New,
        payload: Payload::Text("您好，请问有什么可以帮您？".into()),
        from: None,
    }));
    let mut h = harness(chat);
    h.run();
    h.get_by_label("您好，请问有什么可以帮您？").click();
    h.run();
    assert!(
        h.state().other.contains(&UiAction::Select("t1".into())),
        "{:?}",
        h.state().other
    );
}

#[test]
fn a_rating_card_counts_down_and_locks_when_it_expires() {
    let mut chat = Chat::new();
    let expire = chat.conv.now().unix_seconds() + 90;
    let card = std::fs::read_to_string("tests/fixtures/messages/src09_rating_numbers.json")
        .unwrap()
        .replace("4102444800", &expire.to_string());
    chat.receive("r", &card);
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    assert!(
        h.query_by_label_contains("剩余 00:01:").is_some(),
        "a countdown to expireTime"
    );
    h.state()
        .clock
        .fast_forward(std::time::Duration::from_secs(120));
    h.run();
    assert_eq!(state(&h, "r"), CardState::Locked(LockReason::Expired));
    assert!(h.query_by_label("已过期").is_some());
    let before = h.state().sent.len();
    h.get_by_label("5").click();
    h.run();
    assert_eq!(
        h.state().sent.len(),
        before,
        "an expired card sends nothing"
    );
}

#[test]
fn typing_shows_until_the_next_message_or_ten_seconds() {
    let mut chat = Chat::new();
    chat.receive("t", r#"{"customerServicePlugin":0,"src":"12"}"#);
    let mut h = harness(chat);
    h.run();
    assert!(h.query_by_label_contains("对方正在输入").is_some());
    h.state_mut().receive(
        "x",
        r#"{"customerServicePlugin":0,"src":"37","content":"提示"}"#,
    );
    h.run();
    assert!(
        h.query_by_label_contains("对方正在输入").is_none(),
        "the next message clears it"
    );
    h.state_mut()
        .receive("t2", r#"{"customerServicePlugin":0,"src":"12"}"#);
    h.run();
    assert!(h.query_by_label_contains("对方正在输入").is_some());
    h.state()
        .clock
        .fast_forward(std::time::Duration::from_secs(11));
    h.run();
    assert!(
        h.query_by_label_contains("对方正在输入").is_none(),
        "gone after 10 s"
    );
}

#[test]
fn fixed_task_buttons_stay_and_quick_options_go_after_a_choice() {
    let mut chat = Chat::new();
    chat.fixture("fixed", "src32_task_branch");
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    h.get_by_label("Morning").click();
    h.run();
    let sent = &h.state().sent.last().unwrap().outgoing;
    let OutgoingBody::Text {
        text,
        cloud_custom_data,
    } = &sent.body
    else {
        panic!()
    };
    assert_eq!(text, "Morning");
    assert!(
        cloud_custom_data
            .as_deref()
            .is_some_and(|c| c.contains(r#""BranchOptionInfo":{"taskID":1024"#)),
        "{cloud_custom_data:?}"
    );
    assert!(
        h.query_by_label("Afternoon").is_some(),
        "fixed buttons stay"
    );
    // The next node asks with quick options.
    let quick = std::fs::read_to_string("tests/fixtures/messages/src32_task_branch.json")
        .unwrap()
        .replace(r#""optionType": 1"#, r#""optionType": 0"#)
        .replace("Morning", "Early")
        .replace("Afternoon", "Late");
    h.state_mut().receive("quick", &quick);
    h.run();
    h.get_by_label("Early").click();
    h.run();
    assert_eq!(h.state().last_sent(), "Early");
    assert!(h.query_by_label("Late").is_none(), "quick options go away");
}

#[test]
fn a_lock_reason_is_said_in_the_ui_language() {
    let mut chat = Chat::new();
    chat.fixture("b", "src15_branch");
    chat.receive("end", r#"{"customerServicePlugin":0,"src":"19"}"#);
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    assert!(h.query_by_label("🔒 会话已结束").is_some());
}

// ---- the window as its users find it ---------------------------------------

#[test]
fn a_rating_card_keeps_its_size_while_an_option_is_hovered() {
    let mut chat = Chat::new();
    chat.fixture("r", "src09_rating_numbers");
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    let below = |h: &Harness<'static, Chat>| h.get_by_label_contains("剩余").rect();
    let before = below(&h);
    h.get_by_label("3").hover();
    h.run();
    assert_eq!(
        below(&h),
        before,
        "the countdown below the options did not move"
    );
    for _ in 0..5 {
        h.run();
        assert_eq!(below(&h), before, "no shaking while the pointer rests");
    }
}

#[test]
fn a_numbers_card_shows_its_two_ends_without_hover() {
    let mut chat = Chat::new();
    chat.fixture("r", "src09_rating_numbers");
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    let card: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/messages/src09_rating_numbers.json").unwrap(),
    )
    .unwrap();
    let menu = card["menuContent"]["menu"].as_array().unwrap();
    let first = menu[0]["content"].as_str().unwrap();
    let last = menu[menu.len() - 1]["content"].as_str().unwrap();
    assert!(
        h.query_by_label(&format!("{first} … {last}")).is_some(),
        "the ends of the scale are shown"
    );
}

/// The composer alone, with what it asked for.
struct Composer {
    text: String,
    actions: Vec<UiAction>,
}

fn composer_harness() -> Harness<'static, Composer> {
    Harness::builder()
        .with_size(egui::vec2(520.0, 120.0))
        .with_context_setup(ui::theme::install_fonts)
        .build_ui_state(
            |ui, c: &mut Composer| {
                let affordances = desksim::session::Affordances {
                    human_service: true,
                    rate: false,
                    rated: false,
                    end_service: false,
                    composer: true,
                    start_new_session: false,
                    seat: desksim::protocol::SeatStatus::OutSeat,
                    phase: desksim::session::Phase::Active,
                    typing: false,
                    thinking: None,
                };
                let mut cx = Cx {
                    lang: Lang::En,
                    palette: Palette::of(ThemeChoice::Light),
                    now: desksim::clock::Timestamp(0),
                    actions: &mut c.actions,
                };
                ui::composer::composer_ui(ui, &mut cx, &mut c.text, None, 0, &affordances);
            },
            Composer {
                text: String::new(),
                actions: Vec::new(),
            },
        )
}

#[test]
fn keys_typed_right_after_enter_start_the_next_message() {
    let mut h = composer_harness();
    h.run();
    h.get_by_label("Message").focus();
    h.run();
    // One frame: "alpha", Enter, "bravo message", as a fast typist.
    h.event(egui::Event::Text("alpha".into()));
    h.key_press(egui::Key::Enter);
    h.event(egui::Event::Text("bravo message".into()));
    h.run();
    let sent: Vec<String> = h
        .state()
        .actions
        .iter()
        .filter_map(|a| match a {
            UiAction::Intent(Intent::SendText(t)) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sent, ["alpha"]);
    assert_eq!(h.state().text, "bravo message", "nothing typed is dropped");
    // And it keeps the focus: the next Enter sends the next message.
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        h.state()
            .actions
            .iter()
            .any(|a| matches!(a, UiAction::Intent(Intent::SendText(t)) if t == "bravo message"))
    );
}

#[test]
fn a_pasted_text_with_line_breaks_is_one_message() {
    let mut h = composer_harness();
    h.run();
    h.get_by_label("Message").focus();
    h.run();
    h.event(egui::Event::Paste("line one\nline two".into()));
    h.run();
    assert_eq!(h.state().text, "line one line two");
    assert!(h.state().actions.is_empty());
}

#[test]
fn scrolled_up_new_messages_show_a_pill_and_sending_goes_to_the_bottom() {
    let mut chat = Chat::new();
    for i in 0..40 {
        chat.receive(
            &format!("m{i}"),
            &format!(r#"{{"customerServicePlugin":0,"src":"37","content":"tip number {i}"}}"#),
        );
    }
    let mut h = harness(chat);
    h.run_steps(10);
    assert!(
        h.query_by_label_contains("新消息").is_none(),
        "at the bottom: no pill"
    );
    // Read back up the conversation.
    for _ in 0..30 {
        let visible = h.get_all_by_label_contains("tip number").next().unwrap();
        visible.scroll_up();
        h.run_steps(10);
    }
    h.state_mut().receive(
        "late",
        r#"{"customerServicePlugin":0,"src":"37","content":"a late tip"}"#,
    );
    h.run_steps(10);
    assert!(
        h.query_by_label_contains("新消息").is_some(),
        "a pill says something came"
    );
    h.get_by_label_contains("新消息").click();
    h.run_steps(10);
    assert!(
        h.query_by_label_contains("新消息").is_none(),
        "the pill took the chat down"
    );
    // Up again, then the user sends: the chat follows what was sent.
    for _ in 0..30 {
        let visible = h.get_all_by_label_contains("tip").next().unwrap();
        visible.scroll_up();
        h.run_steps(10);
    }
    h.state_mut()
        .actions
        .push(UiAction::Intent(Intent::SendText("mine".into())));
    h.state_mut().settle();
    h.run_steps(10);
    let mine = h.get_by_label("mine").rect();
    assert!(
        mine.max.y <= 760.0 && mine.min.y > 300.0,
        "in view at the bottom: {mine:?}"
    );
}

fn inspector_harness(chat: Chat) -> Harness<'static, Chat> {
    Harness::builder()
        .with_size(egui::vec2(380.0, 760.0))
        .with_context_setup(|ctx| {
            ui::theme::install_fonts(ctx);
            ui::theme::apply(ctx, ThemeChoice::Light);
        })
        .build_ui_state(
            |ui, chat: &mut Chat| {
                let mut cx = Cx {
                    lang: Lang::Zh,
                    palette: Palette::of(ThemeChoice::Light),
                    now: chat.conv.now(),
                    actions: &mut chat.actions,
                };
                ui::inspector::inspector_ui(ui, &mut cx, chat.conv.session(), &mut chat.view);
                chat.settle();
            },
            chat,
        )
}

#[test]
fn inspector_rows_preview_their_text_in_the_ui_language_and_json_wraps() {
    let mut chat = Chat::new();
    chat.fixture("b", "src15_branch");
    chat.fixture("r", "src30_rich_text");
    let mut h = inspector_harness(chat);
    h.run();
    assert!(
        h.query_by_label_contains("分支  请选择您要咨询的业务")
            .is_some(),
        "the row names the kind in Chinese and shows the header"
    );
    h.get_by_label_contains("富文本").click();
    h.run();
    assert!(
        h.query_by_label_contains("Markdown").is_some(),
        "rich text shows its Markdown read"
    );
    let json = h.get_by_label_contains("\"customerServicePlugin\"").rect();
    assert!(
        json.max.x <= 380.0,
        "the JSON wraps inside the panel: {json:?}"
    );
}

#[test]
fn the_raw_message_opens_on_a_template_and_says_when_the_service_ignores_it() {
    struct Raw {
        dialog: ui::dialogs::RawDialog,
        actions: Vec<UiAction>,
    }
    let mut h = Harness::builder()
        .with_size(egui::vec2(700.0, 600.0))
        .with_context_setup(ui::theme::install_fonts)
        .build_ui_state(
            |ui, raw: &mut Raw| {
                let mut cx = Cx {
                    lang: Lang::En,
                    palette: Palette::of(ThemeChoice::Light),
                    now: desksim::clock::Timestamp(0),
                    actions: &mut raw.actions,
                };
                let ctx = ui.ctx().clone();
                raw.dialog.show(&ctx, &mut cx);
            },
            Raw {
                dialog: ui::dialogs::RawDialog::new(String::new()),
                actions: Vec::new(),
            },
        );
    h.run();
    assert!(
        h.query_by_label("✔ src 24 rating request").is_some(),
        "a template to start from"
    );
    h.get_by_label("Template").click();
    h.run();
    h.get_by_label("src 22 · product card").click();
    h.run();
    assert!(h.query_by_label("✔ src 22 product card").is_some());
    assert!(h.query_by_label_contains("will ignore it").is_none());
    h.state_mut().dialog = ui::dialogs::RawDialog::new(
        r#"{"customerServicePlugin":0,"src":"37","content":"hi"}"#.into(),
    );
    h.run();
    assert!(
        h.query_by_label_contains("will ignore it").is_some(),
        "the user never sends 37"
    );
}

/// A click at `pos`, pressed and released.
fn click_at(h: &mut Harness<'static, Chat>, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    }
}

#[test]
fn rich_text_is_set_as_text_with_its_bold_heading_and_links() {
    let mut chat = Chat::new();
    chat.fixture("r", "src30_rich_text");
    let mut h = harness_allowing_missing_glyphs(chat);
    h.run();
    // The heading and each item are text a reader finds, set as Chinese
    // is set (no space around the bold "3–5个工作日").
    assert!(h.query_by_label("退款说明").is_some());
    assert!(h.query_by_label("退款将在3–5个工作日内原路返回").is_some());
    // Words outside the link do nothing; the link asks before it opens.
    let line = h.get_by_label("详情见退款政策").rect();
    click_at(&mut h, line.left_center() + egui::vec2(4.0, 0.0));
    assert!(h.state().other.is_empty(), "{:?}", h.state().other);
    click_at(&mut h, line.right_center() - egui::vec2(6.0, 0.0));
    assert!(
        h.state()
            .other
            .iter()
            .any(|a| matches!(a, UiAction::AskOpenLink(u) if u == "https://example.com/refund")),
        "{:?}",
        h.state().other
    );
}
