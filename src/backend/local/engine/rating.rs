//! Satisfaction: the rating card, the user asking for it, and the user's
//! choice, with the rating service's errors (10150–10154) as the answer to
//! the user's send: the service invents no message for them.

use std::time::Duration;

use super::Engine;
use crate::protocol::{
    self, CsMessage, Rating, RatingCard, RatingChoice, RatingOption, RatingRules, SeatStatus,
};

use super::{DATA_ERROR, DUPLICATE, EXPIRED, NO_STAFF, RatingRecord};
use crate::flow::defaults::default_rating_menu;
use crate::flow::{RatingStyleSpec, TextKey};

impl Engine {
    pub(super) fn send_rating_card(&mut self) {
        let s = self.flow.flow.settings.satisfaction.clone();
        let now = self.cursor.max(self.clock.now());
        let session_id = format!("rating-{}-{}", now.millis(), self.next_id + 1);
        let head = match &s.head {
            Some(head) => self.text(head),
            None => self.default_text(TextKey::RatingHead),
        };
        let tail = match &s.tail {
            Some(tail) => self.text(tail),
            None => self.default_text(TextKey::RatingTail),
        };
        let menu = if s.menu.is_empty() {
            default_rating_menu(&self.flow.flow.language)
        } else {
            s.menu.clone()
        };
        let card = RatingCard {
            head,
            tail,
            menu: menu
                .iter()
                .map(|o| RatingOption {
                    id: o.id.clone(),
                    content: o.content.clone(),
                })
                .collect(),
            style_code: Some(match s.style {
                RatingStyleSpec::Stars => 1,
                RatingStyleSpec::Numbers => 2,
            }),
            session_id: session_id.clone(),
            effective_hour: Some(i64::from(s.effective_hours)),
            expire_time: Some(
                now.unix_seconds()
                    .saturating_add(i64::from(s.effective_hours) * 3600),
            ),
            selected: None,
            allow_client_send_rating: None,
        };
        let message_id = self.emit(
            self.gap(),
            &CsMessage::Rating(Rating {
                menu_content: card.clone(),
            }),
        );
        self.human_rated = true;
        let human_session = self.human_session;
        self.ratings.insert(
            session_id,
            RatingRecord {
                message_id,
                card,
                human_session,
            },
        );
    }

    /// The user asks for the card (24).
    pub(super) fn on_rating_request(&mut self, id: &str) {
        let flag = self.flow.flow.settings.satisfaction.flag;
        if flag & RatingRules::USER_MAY_SEND == 0 {
            self.refuse(id, None, TextKey::RatingNotAllowed);
        } else if self.seat != SeatStatus::InSeat {
            self.refuse(id, Some(NO_STAFF), TextKey::RatingNoStaff);
        } else if self.human_session_rated() {
            self.refuse(id, Some(DUPLICATE), TextKey::RatingDuplicate);
        } else {
            self.send_rating_card();
        }
    }

    /// Whether a card of this human session already carries a choice.
    fn human_session_rated(&self) -> bool {
        self.human_rated
            && self
                .ratings
                .values()
                .any(|r| r.human_session == self.human_session && r.card.choice().is_some())
    }

    /// The user's choice (10), sent as message `id`.
    pub(super) fn on_rating(&mut self, id: &str, selection: protocol::RatingSelection) {
        let now = self.clock.now().unix_seconds();
        let Some(record) = self.ratings.get_mut(&selection.session_id) else {
            return self.refuse(id, Some(DATA_ERROR), TextKey::RatingDataError);
        };
        if record.card.choice().is_some() {
            return self.refuse(id, Some(DUPLICATE), TextKey::RatingDuplicate);
        }
        if record.card.is_expired_at(now) {
            return self.refuse(id, Some(EXPIRED), TextKey::RatingExpired);
        }
        let Some(option) = record.card.menu.iter().find(|o| o.id == selection.id) else {
            return self.refuse(id, Some(DATA_ERROR), TextKey::RatingDataError);
        };
        record.card.selected = Some(RatingChoice {
            id: option.id.clone(),
            content: option.content.clone(),
        });
        let (id, message) = (
            record.message_id.clone(),
            CsMessage::Rating(Rating {
                menu_content: record.card.clone(),
            }),
        );
        self.emit_update(Duration::ZERO, &id, &message);
    }
}
