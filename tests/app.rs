//! The whole app on the embedded backend, clicked through as a person
//! would: branch, card, transfer, rating, end, new session.

use std::time::{Duration, Instant};

use desksim::app::{App, AppOptions, SideTab};
use desksim::protocol::CsMessage;
use desksim::ui::UiAction;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn app() -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(|cc| {
            App::new(
                cc,
                AppOptions {
                    flows_dir: Some("flows".into()),
                    ..AppOptions::default()
                },
            )
            .expect("the app starts")
        })
}

/// Steps frames until `done` holds, skipping the flow's delays with the
/// clock's fast-forward; fails after 20 s of real time.
fn wait_for(
    h: &mut Harness<'static, App>,
    what: &str,
    done: impl Fn(&Harness<'static, App>) -> bool,
) {
    let start = Instant::now();
    loop {
        h.step();
        if done(h) {
            // A new row is measured in the frame after it first shows: let
            // the layout settle before anything is clicked.
            for _ in 0..4 {
                h.step();
            }
            return;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let conv = &h.state().state.convs[h.state().state.selected];
            let seen: Vec<String> = conv
                .core
                .session()
                .entries()
                .iter()
                .map(|e| {
                    format!(
                        "{:?} {} {}",
                        e.direction,
                        e.kind_name(),
                        e.raw.chars().take(60).collect::<String>()
                    )
                })
                .collect();
            panic!(
                "timed out waiting for {what}; the transcript:\n{}\nlog: {:?}",
                seen.join("\n"),
                conv.core
                    .log()
                    .iter()
                    .map(|l| &l.text)
                    .filter(|l| !l.starts_with("fast-forwarded"))
                    .collect::<Vec<_>>()
            );
        }
        h.state_mut()
            .handle(UiAction::FastForward(Duration::from_millis(500)));
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn has(h: &Harness<'static, App>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

fn sent_srcs(h: &Harness<'static, App>) -> Vec<String> {
    h.state().state.convs[0]
        .core
        .session()
        .entries()
        .iter()
        .filter(|e| e.direction == desksim::session::Direction::Out)
        .map(|e| e.src().unwrap_or("text").to_owned())
        .collect()
}

#[test]
fn a_whole_conversation_through_the_embedded_backend() {
    let mut h = app();
    // Opening the conversation sent the trigger.
    assert_eq!(sent_srcs(&h), ["7"]);
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    assert!(
        has(&h, "🎧 Human service"),
        "out of seat: human service is offered"
    );
    assert!(!has(&h, "End service"));

    h.get_by_label("Headphones").click();
    wait_for(&mut h, "the product cards", |h| has(h, "Pulse Buds"));
    wait_for(&mut h, "the next branch", |h| has(h, "Talk to a person"));

    // A card's link asks before it opens.
    h.get_by_label("🔗 shop.example.com/p/pulse-buds").click();
    wait_for(&mut h, "the link dialog", |h| {
        has(h, "Open this link in your browser?")
    });
    h.get_by_label("Cancel").click();
    wait_for(&mut h, "the dialog gone", |h| {
        !has(h, "Open this link in your browser?")
    });

    h.get_by_label("Talk to a person").click();
    wait_for(&mut h, "the budget form", |h| has(h, "$100–$200"));
    h.get_by_label("$100–$200").click();
    wait_for(&mut h, "the agent", |h| {
        has(h, "Hi, I'm Emma (adviser no. 1024). How can I help?")
    });
    assert!(
        h.query_by_label_contains("🎧 Connected to an agent")
            .is_some()
    );
    // The agent's message carries her name right over it. (The list and
    // the Inspector preview the message too: the chat's is the one under
    // the name.)
    let hellos: Vec<_> = h
        .get_all_by_label("Hi, I'm Emma (adviser no. 1024). How can I help?")
        .map(|n| n.rect())
        .collect();
    let names: Vec<_> = h.get_all_by_label("Emma").map(|n| n.rect()).collect();
    assert!(
        names.iter().any(|name| hellos.iter().any(|hello| {
            hello.min.y >= name.max.y
                && hello.min.y - name.max.y < 24.0
                && (name.min.x - hello.min.x).abs() < 24.0
        })),
        "names at {names:?}, messages at {hellos:?}"
    );
    assert!(
        !has(&h, "🎧 Human service"),
        "in seat: no human service button"
    );
    assert!(has(&h, "⭐ Rate") && has(&h, "End service"));

    h.get_by_label("⭐ Rate").click();
    wait_for(&mut h, "the rating card", |h| {
        has(h, "⭐ How would you rate Emma's help today?")
    });
    h.get_by_label("5").click();
    h.step();
    let rated = h.state().state.convs[0]
        .core
        .session()
        .entries()
        .iter()
        .any(|e| e.src() == Some("10"));
    assert!(rated, "the choice went out as src 10");
    wait_for(&mut h, "the tail", |h| {
        has(h, "Thanks for your rating, it helps us improve!")
    });

    // Ending the human service asks first; a no changes nothing.
    h.get_by_label("End service").click();
    wait_for(&mut h, "the question", |h| has(h, "End the human service?"));
    h.get_by_label("Cancel").click();
    wait_for(&mut h, "no question", |h| !has(h, "End the human service?"));
    assert!(!sent_srcs(&h).contains(&"27".to_owned()), "nothing sent");
    h.get_by_label("End service").click();
    wait_for(&mut h, "the question", |h| has(h, "End the human service?"));
    // The dialog's own "End service", under the header's.
    h.get_all_by_label("End service")
        .max_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .unwrap()
        .click();
    wait_for(&mut h, "the end", |h| {
        h.query_by_label_contains("■ Session ended").is_some()
    });
    assert_eq!(
        sent_srcs(&h),
        ["7", "text", "text", "text", "24", "10", "27"]
    );

    h.get_by_label("↻ Start new session").click();
    wait_for(&mut h, "a new session", |h| {
        h.state().state.convs[0]
            .core
            .session()
            .entries()
            .iter()
            .filter(|e| matches!(e.service(), Some(CsMessage::Branch(_))))
            .count()
            >= 3
    });
    assert_eq!(sent_srcs(&h).last().map(String::as_str), Some("7"));

    // Every message, hidden ones included, is in the Inspector.
    h.state_mut().state.side_tab = SideTab::Inspector;
    h.step();
    assert!(
        h.query_all_by_label_contains("rating rules")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("end human service")
            .next()
            .is_some()
    );
}

#[test]
fn selecting_a_bubble_selects_its_inspector_row() {
    let mut h = app();
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    let id = h.state().state.convs[0].core.session().entries()[3]
        .id
        .clone();
    h.state_mut().handle(UiAction::Select(id.clone()));
    h.step();
    h.step();
    assert_eq!(
        h.state().state.convs[0].view.widgets.selected.as_deref(),
        Some(id.as_str())
    );
    assert!(
        h.query_all_by_label_contains(&format!("{id} · In"))
            .next()
            .is_some(),
        "the details show"
    );
}

#[test]
fn another_conversation_opens_on_click_and_sends_its_trigger() {
    let mut h = app();
    let bank = h
        .state()
        .state
        .convs
        .iter()
        .position(|c| c.title.contains("招财银行"))
        .unwrap();
    h.get_by_role_and_label(egui::Role::Button, "招财银行 · 智能客服")
        .click();
    h.step();
    assert_eq!(h.state().state.selected, bank);
    assert!(h.state().state.convs[bank].opened);
    wait_for(&mut h, "the Chinese menu", |h| has(h, "信用卡账单"));
}

#[test]
fn an_edited_flow_is_reloaded_and_a_broken_one_keeps_the_last_good_running() {
    let dir = std::env::temp_dir().join(format!("desksim-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.json");
    let flow = |name: &str| {
        format!(
            r#"{{"version": 1, "name": "{name}", "start": "m", "nodes": [
                {{"id": "m", "type": "branch", "header": "Pick one", "items": [{{"content": "Done", "next": "e"}}]}},
                {{"id": "e", "type": "end"}}]}}"#
        )
    };
    std::fs::write(&file, flow("First draft")).unwrap();
    let options = AppOptions {
        flow: Some(file.clone()),
        flows_dir: Some(dir.clone()),
        watch: true,
        ..AppOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| App::new(cc, options.clone()).expect("the app starts"));
    wait_for(&mut h, "the branch", |h| has(h, "Pick one"));
    assert_eq!(h.state().state.convs[0].title, "First draft");

    std::fs::write(&file, flow("Second draft")).unwrap();
    wait_for(&mut h, "the reload", |h| {
        h.state().state.convs[0].title == "Second draft"
    });
    // Wherever the user is, the header says so, and the Flow tab has a dot.
    assert!(has(&h, "Flow reloaded · Restart to see it"));
    assert!(h.query_by_label_contains("Flow ●").is_some());

    std::fs::write(&file, "{ \"version\": 1, broken").unwrap();
    wait_for(&mut h, "the diagnostics", |h| {
        !h.state().state.convs[0].diagnostics.is_empty()
    });
    assert!(
        h.state().state.convs[0].diagnostics[0].contains("mine.json:1:"),
        "{:?}",
        h.state().state.convs[0].diagnostics
    );
    assert_eq!(
        h.state().state.convs[0].title,
        "Second draft",
        "the last good flow keeps running"
    );
    wait_for(&mut h, "the error chip", |h| {
        h.query_by_label_contains("Flow has errors").is_some()
    });
    h.get_by_label_contains("Flow has errors").click();
    wait_for(&mut h, "the Flow tab", |h| has(h, "Current node"));
    assert!(h.query_by_label_contains("Flow ●").is_none(), "seen");
    std::fs::remove_file(&file).unwrap();
    wait_for(&mut h, "the deleted file", |h| has(h, "Flow file deleted"));
    h.get_by_label("Done").click();
    wait_for(&mut h, "the end", |h| {
        h.query_by_label_contains("■ Session ended").is_some()
    });
    std::fs::remove_dir_all(&dir).ok();
}

mod support;

/// The fake of the REST API with the retail flow behind it, and the
/// runtime it serves on.
fn retail_fake() -> (tokio::runtime::Runtime, support::fake_tencent::Fake) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = std::sync::Arc::new(
        desksim::flow::load(std::path::Path::new("flows/retail_presales.json"))
            .unwrap()
            .0,
    );
    let fake =
        support::fake_tencent::Fake::start(&rt, flow, desksim::clock::SystemClock.now_for_tests());
    (rt, fake)
}

fn remote_app(
    fake: &support::fake_tencent::Fake,
    secret: &str,
    dir: &std::path::Path,
) -> Harness<'static, App> {
    use support::fake_tencent as fake;
    let secret_file = dir.join("secret.txt");
    std::fs::write(&secret_file, secret).unwrap();
    let settings = desksim::backend::tencent::TencentSettings {
        sdk_app_id: fake::SDK_APP_ID,
        admin: fake::ADMIN.into(),
        user_id: fake::USER.into(),
        base_url: Some(fake.base_url()),
        secret_file: Some(secret_file),
        timeout_ms: Some(2000),
        ..Default::default()
    };
    let options = AppOptions {
        flows_dir: Some("flows".into()),
        tencent: Some(settings),
        ..AppOptions::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| App::new(cc, options.clone()).expect("the app starts"))
}

#[test]
fn the_app_talks_to_a_tencent_deployment_through_the_rest_api() {
    let (_rt, fake) = retail_fake();
    let dir = std::env::temp_dir().join(format!("desksim-app-remote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut h = remote_app(&fake, support::fake_tencent::SECRET, &dir);
    let remote = h.state().state.selected;
    assert!(
        h.state().state.convs[remote]
            .title
            .starts_with("Tencent Cloud Desk")
    );
    wait_for(&mut h, "the menu from the service", |h| {
        has(h, "Headphones")
    });
    assert!(has(&h, " · Connected"), "the toolbar shows the link");
    h.get_by_label("Headphones").click();
    wait_for(&mut h, "the cards", |h| has(h, "Pulse Buds"));
    assert!(fake.duplicates().is_empty());
}

#[test]
fn a_wrong_secret_shows_why_in_the_toolbar_and_the_unsent_message_can_be_discarded() {
    let (_rt, fake) = retail_fake();
    let dir = std::env::temp_dir().join(format!("desksim-app-wrong-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut h = remote_app(&fake, "wrong-secret", &dir);
    wait_for(&mut h, "the failure", |h| {
        h.query_all_by_label_contains("70009").next().is_some()
    });
    assert!(has(&h, "⏳ 1 unsent"), "the trigger waits, in order");
    h.get_by_label("Discard").click();
    wait_for(&mut h, "the discard", |h| !has(h, "⏳ 1 unsent"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn mending_the_secret_in_the_settings_sends_the_queued_message_and_the_secret_is_kept_nowhere() {
    let (_rt, fake) = retail_fake();
    let dir = std::env::temp_dir().join(format!("desksim-app-mend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut h = remote_app(&fake, "wrong-secret", &dir);
    wait_for(&mut h, "the failure", |h| {
        h.query_all_by_label_contains("70009").next().is_some()
    });
    assert!(has(&h, "⏳ 1 unsent"));
    // The user names the right secret file in the settings.
    let right = dir.join("right-secret.txt");
    std::fs::write(&right, support::fake_tencent::SECRET).unwrap();
    h.state_mut().state.settings.tencent.secret_file = Some(right);
    h.state_mut().sync_remote();
    wait_for(&mut h, "the menu over the mended link", |h| {
        has(h, "Headphones")
    });
    assert!(fake.duplicates().is_empty());
    let app = h.state();
    let conv = &app.state.convs[app.state.selected];
    let triggers = conv
        .core
        .session()
        .entries()
        .iter()
        .filter(|e| matches!(e.service(), Some(CsMessage::Trigger(_))))
        .count();
    assert_eq!(triggers, 1, "the queued trigger went, not a second one");
    assert!(
        conv.core
            .log()
            .iter()
            .any(|l| l.text.contains("1 unsent message(s) carried over")),
        "a reconnect, not a new conversation"
    );
    let saved = serde_json::to_string(&app.state.settings).unwrap();
    assert!(!saved.contains(support::fake_tencent::SECRET));
    assert!(
        !conv
            .core
            .log()
            .iter()
            .any(|l| l.text.contains(support::fake_tencent::SECRET))
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The shortest repaint delay the app asks for over `frames` frames.
fn shortest_repaint(h: &mut Harness<'static, App>, frames: usize) -> Option<Duration> {
    let shortest = std::sync::Arc::new(std::sync::Mutex::new(None::<Duration>));
    let seen = shortest.clone();
    h.ctx.set_request_repaint_callback(move |info| {
        let mut s = seen.lock().unwrap();
        *s = Some(s.map_or(info.delay, |d: Duration| d.min(info.delay)));
    });
    for _ in 0..frames {
        h.step();
    }
    let result = *shortest.lock().unwrap();
    h.ctx.set_request_repaint_callback(|_| {});
    result
}

#[test]
fn an_idle_window_asks_for_no_frames_and_typing_for_at_most_twenty_a_second() {
    let mut h = app();
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    for _ in 0..10 {
        h.step();
    }
    // Nothing moves: no frame until the next timer of the flow (minutes).
    let idle = shortest_repaint(&mut h, 20);
    assert!(
        idle.is_none_or(|d| d >= Duration::from_secs(1)),
        "an idle frame asked for another after {idle:?}"
    );
    // The agent types: the dots move at 20 frames a second, no faster.
    let conv = h.state().state.selected;
    h.state_mut().state.convs[conv]
        .core
        .apply_raw(desksim::backend::BackendEvent::Message(
            desksim::session::Incoming {
                id: "typing".into(),
                arrival: desksim::session::Arrival::New,
                payload: desksim::session::Payload::Custom(
                    r#"{"customerServicePlugin":0,"src":"12"}"#.into(),
                ),
                from: None,
            },
        ));
    h.step();
    let typing = shortest_repaint(&mut h, 20);
    assert_eq!(typing, Some(Duration::from_millis(50)), "{typing:?}");
}

fn app_sized(width: f32, height: f32) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_eframe(|cc| {
            App::new(
                cc,
                AppOptions {
                    flows_dir: Some("flows".into()),
                    ..AppOptions::default()
                },
            )
            .expect("the app starts")
        })
}

/// How wide the composer's field is: the chat column, give or take its
/// buttons.
fn composer_width(h: &Harness<'static, App>) -> f32 {
    h.get_by_label("Message").rect().width()
}

#[test]
fn a_narrow_window_keeps_the_chat_wide_and_the_panel_closable() {
    let mut h = app_sized(700.0, 720.0);
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    h.get_by_label("☰").click();
    for _ in 0..4 {
        h.step();
    }
    assert!(has(&h, "Inspector"), "the side panel shows");
    assert!(
        composer_width(&h) > 260.0,
        "the chat keeps its room: {}",
        composer_width(&h)
    );
    let menu = h.get_by_label("☰").rect();
    assert!(menu.max.x <= 700.0, "☰ stays in the window: {menu:?}");
    h.key_press(egui::Key::Escape);
    for _ in 0..4 {
        h.step();
    }
    assert_eq!(
        h.state().state.side_open,
        Some(false),
        "Escape closes the panel"
    );
}

#[test]
fn a_panel_made_wide_in_a_wide_window_never_squeezes_the_chat_later() {
    let mut h = app_sized(1600.0, 800.0);
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    let before = composer_width(&h);
    // Drag the side panel's edge far to the left.
    let tab = h.get_by_label("Inspector").rect();
    let edge = egui::pos2(tab.min.x - 8.0, tab.center().y + 200.0);
    h.event(egui::Event::PointerMoved(edge));
    h.step();
    h.event(egui::Event::PointerButton {
        pos: edge,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    for x in 1..=10 {
        h.event(egui::Event::PointerMoved(
            edge - egui::vec2(60.0 * x as f32, 0.0),
        ));
        h.step();
    }
    let end = edge - egui::vec2(600.0, 0.0);
    h.event(egui::Event::PointerButton {
        pos: end,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    for _ in 0..4 {
        h.step();
    }
    assert!(
        composer_width(&h) < before - 200.0,
        "the panel was made wide: {before} -> {}",
        composer_width(&h)
    );
    h.set_size(egui::vec2(1000.0, 800.0));
    for _ in 0..6 {
        h.step();
    }
    assert!(composer_width(&h) > 260.0, "chat {}", composer_width(&h));
    assert!(h.get_by_label("☰").rect().max.x <= 1000.0);
}

#[test]
fn a_very_wide_window_centres_the_chat_in_a_readable_column() {
    let mut h = app_sized(2560.0, 900.0);
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    let field = h.get_by_label("Message").rect();
    assert!(field.width() < 900.0, "a readable column: {field:?}");
    let list = h.get_by_label("Conversations").rect();
    assert!(
        field.min.x > list.max.x + 200.0,
        "centred, not against the list: {field:?}"
    );
}

/// A flow whose agent is played by the person at the Agent tab.
fn operator_app(dir: &std::path::Path) -> Harness<'static, App> {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("operator.json");
    std::fs::write(
        &file,
        r#"{"version": 1, "name": "Operator", "start": "m",
            "settings": {"inactivity": {"reminder_after_s": 60, "reminder": "Still there?",
                                        "timeout_after_s": 120}},
            "nodes": [
              {"id": "m", "type": "branch", "header": "Pick one",
               "items": [{"content": "Talk to a person", "next": "t"},
                         {"content": "Goodbye", "next": "e"}]},
              {"id": "e", "type": "end"},
              {"id": "t", "type": "transfer", "skill_group": "Desk",
               "agent": {"name": "Ada", "mode": "operator"}, "next": "m"}]}"#,
    )
    .unwrap();
    let options = AppOptions {
        flow: Some(file),
        flows_dir: Some(dir.to_owned()),
        ..AppOptions::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| App::new(cc, options.clone()).expect("the app starts"))
}

#[test]
fn the_agent_tab_says_who_is_seated_agrees_with_the_header_and_its_buttons_never_move() {
    let dir = std::env::temp_dir().join(format!("desksim-operator-{}", std::process::id()));
    let mut h = operator_app(&dir);
    wait_for(&mut h, "the branch", |h| has(h, "Pick one"));
    h.state_mut().state.side_tab = SideTab::Agent;
    h.run_steps(4);
    // Before the transfer an operator flow has no agent seated, and the
    // tab says so (it used to say the agent was scripted).
    assert!(has(&h, "No agent seated: the bot answers"));
    assert!(
        h.query_by_label_contains("When the flow reaches its transfer node")
            .is_some()
    );
    assert!(h.query_by_label_contains("scripted").is_none());
    assert!(has(&h, "Bot · embedded"), "the header agrees");
    let rate = |h: &Harness<'static, App>| h.get_by_label("⭐ Send rating card").rect();
    let before = rate(&h);
    assert!(
        h.get_by_label("⭐ Send rating card")
            .accesskit_node()
            .is_disabled(),
        "nothing to act on without a human session"
    );

    h.get_by_label("Talk to a person").click();
    wait_for(&mut h, "the seat", |h| has(h, "You are the agent · Ada"));
    assert!(
        has(&h, "Connected to an agent · embedded"),
        "the header agrees"
    );
    assert_eq!(
        rate(&h),
        before,
        "the situation changed, the buttons stayed"
    );
    assert!(
        !h.get_by_label("⭐ Send rating card")
            .accesskit_node()
            .is_disabled()
    );

    // A refusal is shown under the buttons, which stay where they are.
    h.state_mut().state.convs[0].view.agent.notice = Some("refused, and why".into());
    h.run_steps(4);
    assert!(has(&h, "⚠ refused, and why"));
    assert_eq!(rate(&h), before);

    // The agent speaks; the user sees it.
    h.get_by_label("Say as the agent").focus();
    h.get_by_label("Say as the agent")
        .type_text("Hello from Ada");
    h.run_steps(2);
    // The composer has a Send too: the agent's is the one in the side panel.
    let send = h
        .get_all_by_label("Send")
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap();
    send.click();
    wait_for(&mut h, "the agent's words", |h| has(h, "Hello from Ada"));

    // The agent leaves: header and tab both go back to the bot.
    h.get_by_label("Seat: out").click();
    wait_for(&mut h, "the seat out", |h| {
        has(h, "No agent seated: the bot answers")
    });
    assert!(has(&h, "Bot · embedded"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_flow_tab_shows_when_the_next_timer_fires() {
    let dir = std::env::temp_dir().join(format!("desksim-timer-{}", std::process::id()));
    let mut h = operator_app(&dir);
    wait_for(&mut h, "the branch", |h| has(h, "Pick one"));
    h.state_mut().state.side_tab = SideTab::Flow;
    wait_for(&mut h, "the reminder's time", |h| {
        h.query_by_label_contains("Reminder in 00:0").is_some()
    });
    h.state_mut()
        .handle(UiAction::FastForward(Duration::from_secs(61)));
    wait_for(&mut h, "the timeout's time", |h| {
        h.query_by_label_contains("Timeout in 00:0").is_some()
    });
    // Restart forgets the conversation: it asks first.
    let entries =
        |h: &Harness<'static, App>| h.state().state.convs[0].core.session().entries().len();
    let before = entries(&h);
    h.get_by_label("↺ Restart").click();
    wait_for(&mut h, "the question", |h| has(h, "Restart the flow?"));
    h.get_by_label("Cancel").click();
    wait_for(&mut h, "no question", |h| !has(h, "Restart the flow?"));
    assert_eq!(entries(&h), before, "a no keeps the conversation");

    // An hour later on the conversation's clock, the timeout's banner
    // carries that clock's time, not the wall clock's.
    h.state_mut()
        .handle(UiAction::FastForward(Duration::from_secs(3600)));
    let at =
        |h: &Harness<'static, App>| desksim::ui::clock_time(h.state().state.convs[0].core.now());
    wait_for(&mut h, "the timeout", |h| {
        has(h, &format!("⏱ Session timed out · {}", at(h)))
    });
    let wall = desksim::ui::clock_time(desksim::clock::Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    ));
    assert_ne!(at(&h), wall, "the conversation's clock runs an hour ahead");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_link_that_cannot_open_says_why_in_the_log_and_a_toast() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(|cc| {
            App::new(
                cc,
                AppOptions {
                    flows_dir: Some("flows".into()),
                    open_link: Some(|_| Err("no browser on this machine".into())),
                    ..AppOptions::default()
                },
            )
            .expect("the app starts")
        });
    wait_for(&mut h, "the menu", |h| has(h, "Headphones"));
    h.get_by_label("Headphones").click();
    wait_for(&mut h, "the product cards", |h| has(h, "Pulse Buds"));
    h.get_by_label("🔗 shop.example.com/p/pulse-buds").click();
    wait_for(&mut h, "the link dialog", |h| {
        has(h, "Open this link in your browser?")
    });
    h.get_by_label("Open").click();
    let why = "cannot open https://shop.example.com/p/pulse-buds: no browser on this machine";
    wait_for(&mut h, "the toast", |h| has(h, &format!("⚠ {why}")));
    let logged = h.state().state.convs[0]
        .core
        .log()
        .iter()
        .any(|l| l.text == why);
    assert!(logged, "the Log keeps it");
}

#[test]
fn the_settings_keep_their_size_when_the_backend_changes_and_escape_closes_a_dropdown_first() {
    let mut h = app();
    h.state_mut().handle(UiAction::OpenSettings);
    h.run_steps(4);
    let close = |h: &Harness<'static, App>| h.get_by_label("Close").rect();
    let before = close(&h);
    let region_disabled = h.get_by_label("Region").accesskit_node().is_disabled();
    assert!(
        region_disabled,
        "greyed while the embedded backend is chosen"
    );
    h.get_by_label("Tencent Cloud Desk (IM REST API)").click();
    h.run_steps(4);
    assert_eq!(close(&h), before, "the dialog neither grew nor moved");
    assert!(!h.get_by_label("Region").accesskit_node().is_disabled());

    // Escape closes the open dropdown, not the dialog under it.
    h.get_by_label("Region").click();
    h.run_steps(4);
    assert!(has(&h, "Singapore"), "the regions are listed");
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    assert!(h.query_by_label("Korea").is_none(), "the list closed");
    assert!(has(&h, "Close"), "the dialog stays");
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    assert!(
        h.query_by_label("Close").is_none(),
        "a second Escape closes it"
    );
}
