//! Cards: the product card (src 22, both directions) and the order card (28).

use serde::{Deserialize, Serialize};

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
