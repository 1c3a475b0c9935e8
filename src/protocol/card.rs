//! Cards: the product card (src 22, both directions) and the order card (28).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::message::{SrcPayload, fields};
use super::summary::quote;
use super::warning::Check;

/// src 22.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductCardMessage {
    pub content: ProductCard,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductCard {
    #[serde(default)]
    pub header: String,
    #[serde(default)]
    pub desc: String,
    #[serde(default)]
    pub pic: String,
    #[serde(default)]
    pub url: String,
    /// Only on cards the user sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_field: Option<Vec<CustomField>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomField {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

/// src 28.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderCardMessage {
    pub content: OrderCard,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCard {
    #[serde(default)]
    pub guide: String,
    #[serde(default)]
    pub pic: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub desc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_field: Option<Vec<OrderField>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderField {
    pub name: String,
    #[serde(default)]
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_value: Option<String>,
}

impl SrcPayload for ProductCardMessage {
    fn check(&self, check: &mut Check) {
        check.url("content.pic", &self.content.pic, true);
        check.url("content.url", &self.content.url, false);
    }

    fn summary(&self) -> String {
        let c = &self.content;
        format!(
            "{} {} pic {} url {}",
            quote(&c.header),
            quote(&c.desc),
            quote(&c.pic),
            quote(&c.url)
        )
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.header)
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([
            ("header", json!(self.content.header)),
            ("url", json!(self.content.url)),
        ])
    }
}

impl SrcPayload for OrderCardMessage {
    fn check(&self, check: &mut Check) {
        check.url("content.pic", &self.content.pic, true);
    }

    fn summary(&self) -> String {
        let c = &self.content;
        format!(
            "{} {} pic {}",
            quote(&c.name),
            quote(&c.desc),
            quote(&c.pic)
        )
    }

    fn preview(&self) -> Option<&str> {
        Some(&self.content.name)
    }

    fn key_fields(&self) -> Map<String, Value> {
        fields([
            ("name", json!(self.content.name)),
            ("guide", json!(self.content.guide)),
        ])
    }
}
