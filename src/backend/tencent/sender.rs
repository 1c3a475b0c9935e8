//! The sender task: the user's messages in order, each retried with capped
//! exponential backoff until it is carried out or discarded. A message
//! whose attempt got no clear answer is looked for in the history before it
//! is sent again, so nothing is sent twice.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::Notify;
use tokio::sync::mpsc::UnboundedReceiver;

use super::api::{self, MsgElem, SendMsg, SendMsgAnswer};
use super::client::RestClient;
use super::error::RemoteError;
use super::{
    BackendEvent, Cmd, ConnectionState, Events, Floor, MAX_BACKOFF, backoff, history, link_state,
    unix_now,
};
use crate::protocol::OutgoingBody;
use crate::session::Sent;

struct Pending {
    sent: Sent,
    /// Chosen once; the same on every retry.
    random: u32,
    /// An earlier attempt may have been carried out (no clear answer came):
    /// the history is read before it is sent again.
    maybe_sent: bool,
}

pub(super) async fn run(
    client: Arc<RestClient>,
    mut rx: UnboundedReceiver<Cmd>,
    events: Events,
    poke: Arc<Notify>,
    floor: Floor,
) {
    let mut queue: VecDeque<Pending> = VecDeque::new();
    let mut attempt: u32 = 0;
    loop {
        if queue.is_empty() {
            match rx.recv().await {
                None => return,
                Some(cmd) => take(cmd, &mut queue, &client, &events, &poke).await,
            };
        }
        while let Ok(cmd) = rx.try_recv() {
            take(cmd, &mut queue, &client, &events, &poke).await;
        }
        if !events.emit(BackendEvent::Unsent(queue.len())) {
            return;
        }
        let Some(front) = queue.front_mut() else {
            attempt = 0;
            continue;
        };
        match deliver(&client, front, &floor).await {
            Ok(()) => {
                queue.pop_front();
                attempt = 0;
                events.emit(BackendEvent::Connection(ConnectionState::Connected));
                events.emit(BackendEvent::Unsent(queue.len()));
                poke.notify_one();
            }
            Err(e) => {
                attempt += 1;
                let delay = if e.retryable() {
                    backoff(attempt)
                } else {
                    MAX_BACKOFF
                };
                events.emit(BackendEvent::Connection(link_state(&e, delay)));
                // Wait the whole delay, taking the user's messages meanwhile;
                // only a discard cuts it short.
                let deadline = tokio::time::Instant::now() + delay;
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => break,
                        cmd = rx.recv() => match cmd {
                            None => return,
                            Some(cmd) => {
                                if take(cmd, &mut queue, &client, &events, &poke).await {
                                    attempt = 0;
                                    break;
                                }
                                events.emit(BackendEvent::Unsent(queue.len()));
                            }
                        },
                    }
                }
            }
        }
    }
}

/// One try at the message at the front of the queue. A message that may
/// have gone through already is looked for in the history first; when the
/// history cannot be read, it is not sent again yet (never twice).
async fn deliver(
    client: &RestClient,
    pending: &mut Pending,
    floor: &Floor,
) -> Result<(), RemoteError> {
    if pending.maybe_sent && !pending.sent.outgoing.online_only {
        if stored_already(client, pending, floor).await? {
            return Ok(());
        }
        pending.maybe_sent = false;
    }
    match send_one(client, pending).await {
        Ok(answer) => {
            floor.saw_service_time(answer.msg_time);
            Ok(())
        }
        Err(e) => {
            pending.maybe_sent |= e.ambiguous();
            Err(e)
        }
    }
}

/// Applies a command; returns true when it was a discard.
async fn take(
    cmd: Cmd,
    queue: &mut VecDeque<Pending>,
    client: &RestClient,
    events: &Events,
    poke: &Notify,
) -> bool {
    match cmd {
        Cmd::Send(sent) => queue.push_back(Pending {
            sent,
            random: rand::random(),
            maybe_sent: false,
        }),
        Cmd::Discard => {
            queue.clear();
            events.emit(BackendEvent::Unsent(0));
            return true;
        }
        Cmd::Advance(by) => {
            let body = serde_json::json!({ "ms": by.as_millis() as u64 });
            if let Err(e) = client
                .call::<_, serde_json::Value>("desksim/advance", &body)
                .await
            {
                events.emit(BackendEvent::Problem(format!(
                    "the fake service could not move its clock: {e}"
                )));
            }
            poke.notify_one();
        }
    }
    false
}

async fn send_one(client: &RestClient, pending: &Pending) -> Result<SendMsgAnswer, RemoteError> {
    let s = &client.config().settings;
    let (body, cloud) = match &pending.sent.outgoing.body {
        OutgoingBody::Text {
            text,
            cloud_custom_data,
        } => (MsgElem::text(text), cloud_custom_data.clone()),
        OutgoingBody::Custom { data } => (MsgElem::custom(data), None),
    };
    let online_only = pending.sent.outgoing.online_only;
    let request = SendMsg {
        sync_other_machine: 1,
        from_account: s.user_id.clone(),
        to_account: s.service_account.clone(),
        msg_random: pending.random,
        // No offline storage, and (the flag) not in the history: what the
        // clients' `onlineUserOnly` does.
        msg_life_time: online_only.then_some(0),
        online_only_flag: online_only.then_some(1),
        msg_body: vec![body],
        cloud_custom_data: cloud,
    };
    client.call(api::SENDMSG, &request).await
}

/// Whether the user's message is in the history already (stored messages
/// only), searched from the conversation's start.
async fn stored_already(
    client: &RestClient,
    pending: &Pending,
    floor: &Floor,
) -> Result<bool, RemoteError> {
    let s = &client.config().settings;
    let now = unix_now();
    let history = history::read(client, floor.get(), now + 86_400).await?;
    Ok(history
        .messages
        .iter()
        .any(|m| m.from_account == s.user_id && m.msg_random == pending.random))
}
