//! The log line written for each personalized page when the operator turns it on: counts
//! only. It never holds anything from the profile, the cookie, the URL or the request, so
//! logs can be kept and shared without holding personal data; `docs/privacy.md` lists it.

use serde::Serialize;

/// One personalized page, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageLog {
    /// Slots given a variant to show.
    pub slots_filled: usize,
    /// Listings written in a decided order.
    pub listings_reordered: usize,
    /// The page view was written back to the profile cookie.
    pub profile_updated: bool,
    /// Personalization stopped part-way (a budget or parser limit); the rest passed through.
    pub stopped_early: bool,
}

impl PageLog {
    /// The JSON line: `{"event":"shelfwise.page","slots_filled":2,...}`.
    pub fn line(&self) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            event: &'static str,
            #[serde(flatten)]
            counts: &'a PageLog,
        }
        serde_json::to_string(&Line {
            event: "shelfwise.page",
            counts: self,
        })
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_json_with_counts_only() {
        let line = PageLog {
            slots_filled: 3,
            listings_reordered: 1,
            profile_updated: true,
            stopped_early: false,
        }
        .line();
        assert_eq!(
            line,
            r#"{"event":"shelfwise.page","slots_filled":3,"listings_reordered":1,"profile_updated":true,"stopped_early":false}"#
        );
    }
}
