//! The sender task: the user's messages go in order, each tried until it is
//! carried out, refused for good, or discarded, and never carried out
//! twice. Each message keeps one `MsgSeq` and `MsgRandom` on every retry,
//! so IM itself drops a repeat within its 120 s de-duplication window; a
//! stored message whose answer was lost is also looked for in the history
//! before it is sent again.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio::sync::mpsc::UnboundedReceiver;

use super::api::{self, MsgElem, SendMsg, SendMsgAnswer};
use super::client::RestClient;
use super::error::RemoteError;
use super::{
    BackendEvent, Cmd, ConnectionState, Events, ServiceClock, backoff, history, link_state,
    unix_now,
};
use crate::protocol::OutgoingBody;
use crate::session::{MessageId, Sent};

/// How long IM recognises a repeated send (sender, `MsgSeq`, `MsgRandom`
/// and content) as the same message.
const DEDUP_WINDOW: Duration = Duration::from_secs(120);
/// Slack between a repeat arriving and IM's window closing: clocks, queues.
const DEDUP_SLACK: Duration = Duration::from_secs(10);
/// How far before its first attempt a message is looked for in the history
/// (the service's clock is known to a second or so, and stamps whole
/// seconds).
const LOOKUP_SLACK_S: i64 = 30;

struct Pending {
    sent: Sent,
    /// Both chosen once and the same on every retry: IM's de-duplication
    /// key is the sender, these two and the content.
    seq: u32,
    random: u32,
    /// When the first attempt went out; `None` before it.
    first_attempt: Option<FirstAttempt>,
    /// An earlier attempt may have been carried out (no clear answer came).
    maybe_sent: bool,
}

struct FirstAttempt {
    at: Instant,
    /// The service's time then, once its answers have told it.
    service_s: Option<i64>,
}

/// How a message left the queue (a message not settled stays in front).
enum Settled {
    /// Carried out, now or by an earlier attempt found in the history.
    Delivered,
    /// IM refused it for good: sending it again cannot help.
    Refused {
        code: u32,
        reason: String,
        /// The whole error, for the problem report.
        why: String,
    },
    /// An attempt may have been carried out, and it is too late to send it
    /// again safely: IM would no longer recognise the repeat.
    Unsure,
}

/// How the sender waits after a failed try.
enum Pause {
    /// The backend is gone.
    Gone,
    /// The queue was discarded: start afresh.
    Discarded,
    /// Time to try again.
    Over,
}

pub(super) async fn run(
    client: Arc<RestClient>,
    mut rx: UnboundedReceiver<Cmd>,
    events: Events,
    poke: Arc<Notify>,
    clock: ServiceClock,
) {
    let mut queue = Queue::new();
    let mut attempt: u32 = 0;
    loop {
        if queue.messages.is_empty() {
            match rx.recv().await {
                None => return,
                Some(cmd) => queue.take(cmd, &client, &events, &poke).await,
            };
        }
        while let Ok(cmd) = rx.try_recv() {
            queue.take(cmd, &client, &events, &poke).await;
        }
        if !events.emit(BackendEvent::Unsent(queue.messages.len())) {
            return;
        }
        let Some(front) = queue.messages.front_mut() else {
            attempt = 0;
            continue;
        };
        let id = front.sent.id.clone();
        match deliver(&client, front, &clock).await {
            Err(e) => {
                attempt += 1;
                // A failure retrying cannot mend (a wrong secret, a wrong
                // region) is not retried on a timer: it waits for the user
                // to send something, to discard, or to mend the settings
                // (a new backend).
                let delay = e.retryable().then(|| backoff(attempt));
                let state = link_state(&e, delay.unwrap_or_default());
                if !events.emit(BackendEvent::Connection(state)) {
                    return;
                }
                match pause(delay, &mut rx, &mut queue, &client, &events, &poke).await {
                    Pause::Gone => return,
                    Pause::Discarded => attempt = 0,
                    Pause::Over => {}
                }
            }
            Ok(settled) => {
                queue.messages.pop_front();
                attempt = 0;
                if matches!(settled, Settled::Delivered) {
                    poke.notify_one();
                }
                let unsent = BackendEvent::Unsent(queue.messages.len());
                for report in reports(settled, id).into_iter().chain([unsent]) {
                    if !events.emit(report) {
                        return;
                    }
                }
            }
        }
    }
}

/// What the conversation learns of a message settled one way or another.
fn reports(settled: Settled, id: MessageId) -> Vec<BackendEvent> {
    match settled {
        Settled::Delivered => vec![BackendEvent::Connection(ConnectionState::Connected)],
        Settled::Refused { code, reason, why } => vec![
            // The service answered: the link is fine.
            BackendEvent::Connection(ConnectionState::Connected),
            BackendEvent::Problem(format!("IM refused message {id} for good: {why}")),
            BackendEvent::Refused {
                id,
                code: Some(code),
                reason,
            },
        ],
        Settled::Unsure => vec![BackendEvent::Problem(format!(
            "message {id} may not have reached the service: no clear answer came, and after \
             {} s IM no longer recognises a repeat, so it is not sent again",
            DEDUP_WINDOW.as_secs()
        ))],
    }
}

/// Waits the whole `delay` (without one, until the user sends something),
/// taking the user's commands meanwhile; a discard cuts it short.
async fn pause(
    delay: Option<Duration>,
    rx: &mut UnboundedReceiver<Cmd>,
    queue: &mut Queue,
    client: &RestClient,
    events: &Events,
    poke: &Notify,
) -> Pause {
    let deadline = delay.map(|d| tokio::time::Instant::now() + d);
    loop {
        let cmd = match deadline {
            Some(deadline) => tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return Pause::Over,
                cmd = rx.recv() => cmd,
            },
            None => rx.recv().await,
        };
        let Some(cmd) = cmd else {
            return Pause::Gone;
        };
        let user_sent = matches!(cmd, Cmd::Send(_));
        if queue.take(cmd, client, events, poke).await {
            return Pause::Discarded;
        }
        if user_sent && deadline.is_none() {
            // The user acts again: worth another try.
            return Pause::Over;
        }
        if !events.emit(BackendEvent::Unsent(queue.messages.len())) {
            return Pause::Gone;
        }
    }
}

/// One try at `pending`. One whose earlier attempt may have been carried
/// out is sent again only when that cannot carry it out twice: a stored
/// message is looked for in the history first (and not sent again while
/// the history cannot be read), an online-only one (IM keeps no copy) only
/// within IM's de-duplication window.
async fn deliver(
    client: &RestClient,
    pending: &mut Pending,
    clock: &ServiceClock,
) -> Result<Settled, RemoteError> {
    if pending.maybe_sent
        && let Some(first) = &pending.first_attempt
    {
        if pending.sent.outgoing.online_only {
            if !repeat_recognised(first.at.elapsed(), client.timeout()) {
                return Ok(Settled::Unsure);
            }
        } else {
            // Read from a little before the first attempt, not from the
            // session's start: a long session's history is many pages.
            let since = first
                .service_s
                .map_or(clock.floor(), |t| (t - LOOKUP_SLACK_S).max(clock.floor()));
            let until = clock.service_now().unwrap_or_else(unix_now) + 86_400;
            let random = pending.random;
            if history::holds_users_message(client, since, until, random).await? {
                return Ok(Settled::Delivered);
            }
            pending.maybe_sent = false;
        }
    }
    pending.first_attempt.get_or_insert_with(|| FirstAttempt {
        at: Instant::now(),
        service_s: clock.service_now(),
    });
    match send_one(client, pending).await {
        Ok(answer) => {
            clock.saw_service_time(answer.msg_time);
            Ok(Settled::Delivered)
        }
        Err(e) => match e.refusal() {
            Some((code, reason)) => Ok(Settled::Refused {
                code,
                reason,
                why: e.to_string(),
            }),
            None => {
                pending.maybe_sent |= e.ambiguous();
                Err(e)
            }
        },
    }
}

/// Whether IM would still take a repeat sent now, `since_first_attempt`
/// after the first, as the same message: it must arrive (within a call's
/// `timeout`) before IM's window closes.
fn repeat_recognised(since_first_attempt: Duration, timeout: Duration) -> bool {
    since_first_attempt
        .saturating_add(timeout)
        .saturating_add(DEDUP_SLACK)
        <= DEDUP_WINDOW
}

/// The user's messages not carried out yet, in order.
struct Queue {
    messages: VecDeque<Pending>,
    /// The next message's `MsgSeq`: counting up (IM orders the messages of
    /// one second by it) from a random start far enough below `u32::MAX`
    /// not to wrap in any session.
    next_seq: u32,
}

impl Queue {
    fn new() -> Self {
        Queue {
            messages: VecDeque::new(),
            next_seq: rand::random_range(1..u32::MAX / 2),
        }
    }

    /// Applies a command; returns true when it was a discard.
    async fn take(
        &mut self,
        cmd: Cmd,
        client: &RestClient,
        events: &Events,
        poke: &Notify,
    ) -> bool {
        match cmd {
            Cmd::Send(sent) => {
                let seq = self.next_seq;
                self.next_seq = self.next_seq.wrapping_add(1);
                self.messages.push_back(Pending {
                    sent,
                    seq,
                    random: rand::random(),
                    first_attempt: None,
                    maybe_sent: false,
                });
            }
            Cmd::Discard => {
                self.messages.clear();
                events.emit(BackendEvent::Unsent(0));
                return true;
            }
            Cmd::Advance(by) => {
                let body =
                    serde_json::json!({ "ms": u64::try_from(by.as_millis()).unwrap_or(u64::MAX) });
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
        msg_seq: pending.seq,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeat_goes_only_while_it_reaches_im_inside_its_window() {
        let timeout = Duration::from_secs(10);
        assert!(repeat_recognised(Duration::from_secs(5), timeout));
        assert!(repeat_recognised(Duration::from_secs(100), timeout));
        assert!(!repeat_recognised(Duration::from_secs(101), timeout));
        // A long call timeout leaves less time to repeat.
        assert!(!repeat_recognised(
            Duration::from_secs(60),
            Duration::from_secs(60)
        ));
        assert!(!repeat_recognised(Duration::ZERO, Duration::MAX));
    }
}
