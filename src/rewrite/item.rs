//! A listing item as the HTML contract describes it.

/// One `data-pz-item` element of a listing, read from its attributes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListingItem {
    /// `data-pz-item`: the SKU.
    pub sku: String,
    /// `data-pz-tags`: comma- or space-separated keys.
    pub tags: Vec<String>,
    /// `data-pz-price`, when it parses as a number.
    pub price: Option<f64>,
    /// `data-pz-stock`: false only when it parses as a number ≤ 0.
    pub in_stock: bool,
    /// `data-pz-margin`, when it parses as a number.
    pub margin: Option<f64>,
    /// `data-pz-pin` is present: the item keeps its position.
    pub pinned: bool,
}

impl ListingItem {
    /// Reads an item from its attribute lookup. Unparseable values count as absent.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> ListingItem {
        let number = |name: &str| {
            get(name)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|n| n.is_finite())
        };
        ListingItem {
            sku: get("data-pz-item").unwrap_or_default(),
            tags: get("data-pz-tags")
                .map(|t| {
                    t.split([',', ' '])
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            price: number("data-pz-price"),
            in_stock: number("data-pz-stock").is_none_or(|n| n > 0.0),
            margin: number("data-pz-margin"),
            pinned: get("data-pz-pin").is_some(),
        }
    }
}
