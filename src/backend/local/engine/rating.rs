//! Satisfaction: the rating card, the user asking for it, and the user's
//! choice with the rating service's errors (10150–10154) as tips.

use std::time::Duration;

use super::Engine;
use crate::protocol::{
    self, CsMessage, Rating, RatingCard, RatingChoice, RatingOption, RatingRules, SeatStatus,
};

use super::{DATA_ERROR, DUPLICATE, EXPIRED, NO_STAFF, RatingRecord};
use crate::flow::RatingStyleSpec;

impl Engine {
    pub(super) fn send_rating_card(&mut self) {
        let s = self.flow.flow.settings.satisfaction.clone();
        let now = self.cursor.max(self.clock.now());
        let session_id = format!("rating-{}-{}", now.millis(), self.next_id + 1);
        let card = RatingCard {
            head: self.text(&s.head),
            tail: self.text(&s.tail),
            menu: s
                .menu
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
            expire_time: Some(now.unix_seconds() + i64::from(s.effective_hours) * 3600),
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

    pub(super) fn on_rating_request(&mut self) {
        let flag = self.flow.flow.settings.satisfaction.flag;
        if flag & RatingRules::USER_MAY_SEND == 0 {
            self.tip(format!(
                "The service does not let users ask for a rating (menuSendRuleFlag {flag} has no user bit 4)."
            ));
        } else if self.seat != SeatStatus::InSeat {
            self.tip(format!(
                "Rating is possible only while an agent serves you (error {NO_STAFF}: no staff)."
            ));
        } else if self.human_session_rated() {
            self.tip(format!(
                "You have already rated this service (error {DUPLICATE}: duplicate submission)."
            ));
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

    pub(super) fn on_rating(&mut self, selection: protocol::RatingSelection) {
        let now = self.clock.now().unix_seconds();
        let Some(record) = self.ratings.get_mut(&selection.session_id) else {
            return self.tip(format!(
                "Your rating was not recorded (error {DATA_ERROR}: no rating card has sessionId {:?}).",
                selection.session_id
            ));
        };
        if record.card.choice().is_some() {
            return self.tip(format!(
                "You have already rated this service (error {DUPLICATE}: duplicate submission)."
            ));
        }
        if record.card.is_expired_at(now) {
            return self.tip(format!(
                "This rating card has expired (error {EXPIRED}: session expired)."
            ));
        }
        let Some(option) = record.card.menu.iter().find(|o| o.id == selection.id) else {
            return self.tip(format!(
                "Your rating was not recorded (error {DATA_ERROR}: {:?} is not an option of this card).",
                selection.id
            ));
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
