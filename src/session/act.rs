//! The user's side: intents become outgoing messages (already in the
//! transcript), or refusals that change nothing; and what the user sent
//! earlier, put back from a transcript.

use super::entry::{Content, Direction, Entry, LocalAnswer, MessageId, Travelled};
use super::intent::{FormAnswer, Intent, IntentError};
use super::lock::CardState;
use super::{Phase, Sent, Session};
use crate::protocol::{
    self, BranchItem, CsMessage, DecodeOptions, Decoded, Outgoing, OutgoingBody, RatingChoice,
    RatingRules, SeatStatus, Warning, encode,
};

impl Session {
    /// Carries out a user intent: the outgoing messages, already in the
    /// transcript, or a refusal that changed nothing.
    pub fn act(&mut self, intent: Intent) -> Result<Vec<Sent>, IntentError> {
        if self.read_only {
            return Err(IntentError::ReadOnly);
        }
        // An intent may answer a card or turn a page without sending.
        self.changes += 1;
        match intent {
            Intent::Start => {
                if self.phase != Phase::Active {
                    self.begin_session();
                }
                let trigger = encode::trigger(&self.config.language);
                Ok(vec![self.send_custom(trigger)])
            }
            Intent::SendText(text) => {
                self.require_active()?;
                if text.trim().is_empty() {
                    return Err(IntentError::EmptyText);
                }
                self.mark_answered_by_text(&text);
                Ok(vec![self.send(Outgoing::text(text), None, Vec::new())])
            }
            Intent::Choose { id, index } => self.choose(&id, index),
            Intent::AnswerForm { id, answer } => self.answer_form(&id, answer),
            Intent::SubmitTaskForm { id, values } => self.submit_task_form(&id, values),
            Intent::Rate { id, option_id } => self.rate(&id, &option_id),
            Intent::RequestRating => {
                self.require_active()?;
                if self.seat != SeatStatus::InSeat {
                    return Err(IntentError::NotInSeat);
                }
                if !self.rules.is_some_and(RatingRules::user_may_send) {
                    return Err(IntentError::RatingNotAllowed(
                        self.rules.map(|r| r.menu_send_rule_flag),
                    ));
                }
                if self.rated_in_seat() {
                    return Err(IntentError::AlreadyRated);
                }
                Ok(vec![self.send_custom(encode::rating_request())])
            }
            Intent::RequestHuman => {
                self.require_active()?;
                if self.seat == SeatStatus::InSeat {
                    return Err(IntentError::AlreadyInSeat);
                }
                let words = self.config.human_service_words.clone();
                Ok(vec![self.send(Outgoing::text(words), None, Vec::new())])
            }
            Intent::EndHumanService => {
                self.require_active()?;
                if self.seat != SeatStatus::InSeat {
                    return Err(IntentError::NotInSeat);
                }
                let end = encode::end_human_service(&self.config.language);
                Ok(vec![self.send_custom(end)])
            }
            Intent::SendProductCard(card) => {
                self.require_active()?;
                Ok(vec![self.send_custom(encode::product_card(&card))])
            }
            Intent::SendRaw(text) => {
                let raw = super::raw::prepare(&text)?;
                // A trigger is a start however it is sent.
                if matches!(raw.message, CsMessage::Trigger(_)) && self.phase != Phase::Active {
                    self.begin_session();
                }
                let sent = self.send(raw.outgoing, Some(raw.message), raw.warnings);
                self.mark_raw(&sent.id);
                Ok(vec![sent])
            }
            Intent::NextPage { id } => {
                let position = self.find(&id)?;
                let page = self
                    .welcome_page(position)
                    .ok_or_else(|| self.wrong_kind(position, "welcome card"))?;
                self.entries[position].page = (page.page + 1) % page.pages;
                Ok(Vec::new())
            }
        }
    }

    fn require_active(&self) -> Result<(), IntentError> {
        match self.phase {
            Phase::Active => Ok(()),
            Phase::NotStarted => Err(IntentError::NotStarted),
            other => Err(IntentError::SessionOver(other)),
        }
    }

    fn find(&self, id: &str) -> Result<usize, IntentError> {
        self.position(id)
            .ok_or_else(|| IntentError::NoSuchMessage(id.to_owned()))
    }

    fn wrong_kind(&self, position: usize, expected: &'static str) -> IntentError {
        let entry = &self.entries[position];
        IntentError::WrongKind {
            id: entry.id.clone(),
            expected,
            found: entry.kind_name(),
        }
    }

    fn require_open(&self, position: usize) -> Result<(), IntentError> {
        match self.card_state(position) {
            CardState::Open => Ok(()),
            CardState::Locked(reason) => Err(IntentError::Locked {
                id: self.entries[position].id.clone(),
                reason,
            }),
        }
    }

    fn choose(&mut self, id: &str, index: usize) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let items: &[BranchItem] = match self.entries[position].service() {
            Some(CsMessage::Branch(b)) => &b.content.items,
            Some(CsMessage::TaskBranch(b)) => &b.content.items,
            Some(CsMessage::BotMessage(b)) => &b.content.items,
            _ => return Err(self.wrong_kind(position, "branch")),
        };
        let item = items.get(index).ok_or_else(|| IntentError::NoSuchItem {
            id: id.to_owned(),
            index,
            count: items.len(),
        })?;
        let text = item.content.clone();
        self.require_active()?;
        self.require_open(position)?;
        let outgoing = match self.entries[position].service() {
            Some(CsMessage::TaskBranch(b)) => encode::task_branch_answer(b, &text),
            _ => Outgoing::text(text.clone()),
        };
        // A welcome card is a list of questions: it stays open for the next.
        let welcome = matches!(self.entries[position].service(), Some(CsMessage::BotMessage(b)) if b.is_welcome());
        if !welcome {
            self.entries[position].answer = Some(LocalAnswer::Text(text));
        }
        Ok(vec![self.send(outgoing, None, Vec::new())])
    }

    fn answer_form(&mut self, id: &str, answer: FormAnswer) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let Some(CsMessage::Form(form)) = self.entries[position].service() else {
            return Err(self.wrong_kind(position, "form"));
        };
        let text = match answer {
            FormAnswer::Option(index) => {
                let items = &form.content.items;
                if !form.content.has_options() {
                    return Err(IntentError::Invalid(
                        "this form asks for text, not an option".to_owned(),
                    ));
                }
                items
                    .get(index)
                    .ok_or_else(|| IntentError::NoSuchItem {
                        id: id.to_owned(),
                        index,
                        count: items.len(),
                    })?
                    .content
                    .clone()
            }
            FormAnswer::Text(text) => {
                if text.trim().is_empty() {
                    return Err(IntentError::EmptyText);
                }
                if form.content.has_options()
                    && !form.content.items.iter().any(|i| i.content == text)
                {
                    return Err(IntentError::Invalid(format!(
                        "{text:?} is not one of the form's options"
                    )));
                }
                text
            }
        };
        self.require_active()?;
        self.require_open(position)?;
        self.entries[position].answer = Some(LocalAnswer::Text(text.clone()));
        Ok(vec![self.send(Outgoing::text(text), None, Vec::new())])
    }

    fn submit_task_form(
        &mut self,
        id: &str,
        values: Vec<String>,
    ) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let Some(CsMessage::TaskForm(form)) = self.entries[position].service() else {
            return Err(self.wrong_kind(position, "task form"));
        };
        let vars = &form.content.input_variables;
        if values.len() != vars.len() {
            return Err(IntentError::Invalid(format!(
                "the form has {} fields; {} values were given",
                vars.len(),
                values.len()
            )));
        }
        if let Some((var, _)) = vars
            .iter()
            .zip(&values)
            .find(|(v, value)| v.required() && value.trim().is_empty())
        {
            return Err(IntentError::Invalid(format!("{:?} is required", var.name)));
        }
        let message = encode::task_form_submit(form, &values);
        self.require_active()?;
        self.require_open(position)?;
        self.entries[position].answer = Some(LocalAnswer::Values(values));
        Ok(vec![self.send_custom(message)])
    }

    fn rate(&mut self, id: &str, option_id: &str) -> Result<Vec<Sent>, IntentError> {
        let position = self.find(id)?;
        let Some(CsMessage::Rating(rating)) = self.entries[position].service() else {
            return Err(self.wrong_kind(position, "rating card"));
        };
        let card = &rating.menu_content;
        let option = card
            .menu
            .iter()
            .find(|o| o.id == option_id)
            .ok_or_else(|| IntentError::NoSuchOption {
                id: id.to_owned(),
                option_id: option_id.to_owned(),
            })?;
        let message = encode::rating_choice(card, option);
        let choice = RatingChoice {
            id: option.id.clone(),
            content: option.content.clone(),
        };
        self.require_open(position)?;
        // Locked at once, before the service's update arrives (web, Flutter).
        self.entries[position].answer = Some(LocalAnswer::Rating(choice));
        Ok(vec![self.send_custom(message)])
    }

    /// A typed text answers the open card it matches, as the backend sees
    /// it; the human-service words ask for a person, they never fill a form.
    fn mark_answered_by_text(&mut self, text: &str) {
        let Some(position) = self.card_answered_by(text) else {
            return;
        };
        let form = matches!(self.entries[position].service(), Some(CsMessage::Form(_)));
        if !(form && text == self.config.human_service_words) {
            self.entries[position].answer = Some(LocalAnswer::Text(text.to_owned()));
        }
    }

    fn send_custom(&mut self, message: CsMessage) -> Sent {
        self.send(Outgoing::custom(&message), Some(message), Vec::new())
    }

    fn send(
        &mut self,
        outgoing: Outgoing,
        message: Option<CsMessage>,
        warnings: Vec<Warning>,
    ) -> Sent {
        self.next_out += 1;
        let id = format!("u{}", self.next_out);
        let content = match (&outgoing.body, message) {
            (_, Some(m)) => Content::Service(m),
            (OutgoingBody::Text { text, .. }, None) => Content::Text(text.clone()),
            (OutgoingBody::Custom { .. }, None) => Content::OtherCustom,
        };
        self.push_outgoing(id.clone(), content, &outgoing, warnings);
        Sent { id, outgoing }
    }

    fn push_outgoing(
        &mut self,
        id: MessageId,
        content: Content,
        outgoing: &Outgoing,
        warnings: Vec<Warning>,
    ) -> usize {
        let travelled = Travelled {
            content,
            raw: outgoing.payload().to_owned(),
            warnings,
            online_only: outgoing.online_only,
        };
        let entry = Entry::new(id, Direction::Out, self.now(), self.generation, travelled);
        self.push(entry)
    }

    /// Marks the user's message `id` as typed raw.
    pub fn mark_raw(&mut self, id: &str) {
        if let Some(position) = self.position(id) {
            self.entries[position].sent_raw = true;
        }
    }

    /// Puts a message the user sent earlier back into the transcript, as
    /// it was recorded (a transcript read back); nothing is sent. The card
    /// it answered shows that answer, as it did live, and the user's next
    /// own id comes after it, so ids are never reused.
    pub fn record_outgoing(&mut self, id: MessageId, outgoing: Outgoing) -> usize {
        let (content, warnings) = match &outgoing.body {
            OutgoingBody::Text { text, .. } => (Content::Text(text.clone()), Vec::new()),
            OutgoingBody::Custom { data } => {
                match protocol::decode(data, &DecodeOptions::strict()) {
                    Ok(Decoded { body, warnings }) => (Content::from(body), warnings),
                    Err(e) => (Content::Malformed(e), Vec::new()),
                }
            }
        };
        if let Some(n) = id.strip_prefix('u').and_then(|n| n.parse::<u64>().ok()) {
            self.next_out = self.next_out.max(n);
        }
        match &content {
            Content::Service(CsMessage::Trigger(_)) if self.phase != Phase::Active => {
                self.begin_session();
            }
            Content::Text(text) => self.mark_answered_by_text(text),
            Content::Service(CsMessage::RatingSelected(r)) => {
                let choice = RatingChoice {
                    id: r.menu_selected.id.clone(),
                    content: r.menu_selected.content.clone(),
                };
                if let Some(card) = self.rating_card_of(&r.menu_selected.session_id) {
                    self.entries[card].answer = Some(LocalAnswer::Rating(choice));
                }
            }
            Content::Service(CsMessage::TaskForm(f)) => {
                if let Some(card) = self.open_task_form() {
                    let values = f
                        .content
                        .input_variables
                        .iter()
                        .map(|v| v.variable_value.clone().unwrap_or_default())
                        .collect();
                    self.entries[card].answer = Some(LocalAnswer::Values(values));
                }
            }
            _ => {}
        }
        if self.phase == Phase::NotStarted {
            self.phase = Phase::Active;
            self.generation = 1;
        }
        self.changes += 1;
        self.push_outgoing(id, content, &outgoing, warnings)
    }
}
