//! The consent cookies of the two most widespread consent-management platforms: OneTrust's
//! `OptanonConsent` (its consent groups) and Cookiebot's `CookieConsent` (its categories).
//! Each is read into the groups or categories the shopper accepted; the config maps them to
//! Shelfwise's purposes. Anything malformed accepts nothing.

/// The groups or categories a platform's cookie says the shopper accepted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Accepted {
    /// Accepted group ids (`C0003`) or category names (`preferences`).
    pub names: Vec<String>,
    /// The platform says no consent is needed here (Cookiebot's `-1`): everything counts as
    /// accepted.
    pub everything: bool,
}

impl Accepted {
    /// True when every name of `wanted` was accepted (and `wanted` names one at least).
    pub fn all_of(&self, wanted: &[String]) -> bool {
        !wanted.is_empty() && (self.everything || wanted.iter().all(|w| self.names.contains(w)))
    }
}

/// Most groups or categories read from one cookie.
const MAX_NAMES: usize = 64;

/// OneTrust's `OptanonConsent`: a URL-encoded form whose `groups` member lists
/// `ID:1` (accepted) or `ID:0` pairs, comma-separated.
pub fn onetrust(value: &str) -> Accepted {
    let groups = form_urlencoded::parse(value.as_bytes())
        .find(|(key, _)| key == "groups")
        .map(|(_, groups)| groups.into_owned())
        .unwrap_or_default();
    Accepted {
        names: groups
            .split(',')
            .filter_map(|pair| pair.trim().split_once(':'))
            .filter(|(_, state)| *state == "1")
            .map(|(id, _)| id.to_owned())
            .take(MAX_NAMES)
            .collect(),
        everything: false,
    }
}

/// Cookiebot's `CookieConsent`: `-1` where no consent is needed, else a percent-encoded
/// object literal such as `{stamp:'…',necessary:true,preferences:false,statistics:true,
/// marketing:false,method:'explicit',ver:1}`.
pub fn cookiebot(value: &str) -> Accepted {
    let text = percent_decoded(value);
    let text = text.trim();
    if text == "-1" {
        return Accepted {
            names: Vec::new(),
            everything: true,
        };
    }
    let Some(body) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return Accepted::default();
    };
    Accepted {
        names: body
            .split(',')
            .filter_map(|member| member.split_once(':'))
            .filter(|(_, state)| state.trim() == "true")
            .map(|(name, _)| name.trim().trim_matches(['\'', '"']).to_owned())
            .take(MAX_NAMES)
            .collect(),
        everything: false,
    }
}

/// `value` with `%XX` escapes decoded (as the platforms write their cookies); invalid
/// escapes stay as they are.
fn percent_decoded(value: &str) -> String {
    percent_encoding::percent_decode_str(value)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn onetrust_groups_accepted_are_the_ones_marked_one() {
        let value = "isGpcEnabled=0&datestamp=Mon+Nov+30+2026&version=202409.1.0&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A0&geolocation=DE%3BBE";
        let accepted = onetrust(value);
        assert_eq!(accepted.names, names(&["C0001", "C0003"]));
        assert!(accepted.all_of(&names(&["C0003"])));
        assert!(!accepted.all_of(&names(&["C0003", "C0004"])));
        assert!(!accepted.all_of(&[]), "nothing mapped grants nothing");
        assert_eq!(onetrust("garbage"), Accepted::default());
    }

    #[test]
    fn cookiebot_categories_accepted_are_the_ones_set_to_true() {
        let value = "{stamp:%27k9wC2Wl0u1Q%3D%3D%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1764460800000%2Cregion:%27de%27}";
        let accepted = cookiebot(value);
        assert_eq!(accepted.names, names(&["necessary", "preferences"]));
        assert!(accepted.all_of(&names(&["preferences"])));
        assert!(!accepted.all_of(&names(&["statistics"])));
        assert!(
            cookiebot("-1").all_of(&names(&["statistics"])),
            "no consent needed here"
        );
        assert_eq!(cookiebot("{broken"), Accepted::default());
    }
}
