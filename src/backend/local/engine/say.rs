//! What the bot says: each kind of message a flow can send, with its pace.

use std::time::Duration;

use super::Engine;
use crate::flow::Say;
use crate::protocol::{
    BotCard, BotMessage, BranchItem, ClientTips, CsMessage, OrderCard, OrderCardMessage,
    ProductCard, ProductCardMessage, RichText, StreamText, Thinking,
};

impl Engine {
    pub(super) fn say(&mut self, say: &Say) {
        let gap = self.gap();
        match say {
            Say::Text(t) => {
                let t = self.text(t);
                self.emit_text(gap, t);
            }
            Say::RichText(t) => {
                let content = self.flow.resolve_markdown(&self.text(t));
                self.emit(gap, &CsMessage::RichText(RichText { content }));
            }
            Say::Tips(t) => {
                let content = self.text(t);
                self.emit(gap, &CsMessage::ClientTips(ClientTips { content }));
            }
            Say::ProductCard(c) => {
                let card = ProductCard {
                    header: self.text(&c.header),
                    desc: self.text(&c.desc),
                    pic: self.flow.resolve_pic(&c.pic),
                    url: c.url.clone(),
                    custom_field: None,
                };
                self.emit(
                    gap,
                    &CsMessage::ProductCard(ProductCardMessage { content: card }),
                );
            }
            Say::OrderCard(c) => {
                let card = OrderCard {
                    guide: self.text(&c.guide),
                    pic: self.flow.resolve_pic(&c.pic),
                    name: self.text(&c.name),
                    desc: self.text(&c.desc),
                    custom_field: None,
                };
                self.emit(
                    gap,
                    &CsMessage::OrderCard(OrderCardMessage { content: card }),
                );
            }
            Say::Welcome(w) => {
                let message = CsMessage::BotMessage(BotMessage {
                    subtype: BotMessage::WELCOME.to_owned(),
                    content: BotCard {
                        title: self.text(&w.title),
                        content: String::new(),
                        items: w
                            .items
                            .iter()
                            .map(|i| BranchItem {
                                content: i.clone(),
                                desc: String::new(),
                            })
                            .collect(),
                    },
                });
                self.emit(gap, &message);
            }
            Say::Stream(s) => {
                let chunks: Vec<String> = s.chunks.iter().map(|c| self.text(c)).collect();
                let step = Duration::from_millis(s.chunk_delay_ms);
                let mut so_far = Vec::with_capacity(chunks.len());
                let mut id = None;
                for (i, chunk) in chunks.iter().enumerate() {
                    so_far.push(chunk.clone());
                    let message = CsMessage::StreamText(StreamText {
                        chunks: so_far.clone(),
                        is_finished: Some(i64::from(i + 1 == chunks.len())),
                    });
                    match &id {
                        None => id = Some(self.emit(gap, &message)),
                        Some(id) => {
                            let id = id.clone();
                            self.emit_update(step, &id, &message);
                        }
                    }
                }
            }
            Say::ThinkingMs(ms) => {
                let shown = CsMessage::Thinking(Thinking {
                    thinking_status: Some(0),
                });
                let id = self.emit(gap, &shown);
                let hidden = CsMessage::Thinking(Thinking {
                    thinking_status: Some(1),
                });
                self.emit_update(Duration::from_millis(*ms), &id, &hidden);
            }
            Say::PauseMs(ms) => {
                self.cursor = self
                    .cursor
                    .max(self.clock.now())
                    .plus(Duration::from_millis(*ms))
            }
        }
    }
}
