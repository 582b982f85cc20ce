//! Exposure events for the site's own analytics: which slots and listings a page showed with
//! exposure marks, as the events the page emits (`shelfwise:exposure` on `document`, and a
//! `dataLayer` push when the config names an event). Only config keys and reason codes
//! travel, never anything from the profile; whether any event is emitted at all is
//! [`Permissions::statistics`](crate::request::Permissions::statistics).

use crate::contract::Exposed;
use crate::escape::push_json_for_script;
use serde::Serialize;

/// The id of the `<script type="application/json">` element in which the edge hands a page's
/// exposures to the package's `exposures` module.
pub const EXPOSURES_ELEMENT_ID: &str = "shelfwise-exposures";

/// What a page reports of its exposures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportSettings {
    /// The `dataLayer` event name, when the config asks for pushes.
    pub data_layer_event: Option<String>,
}

/// One exposure, as the event's `detail` and the `dataLayer` entry carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExposureEvent {
    /// The slot, for a slot's exposure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// The listing, for a listing's exposure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing: Option<String>,
    /// What was shown: a variant id, `default` (a control arm or the holdout), `affinity`
    /// or `origin-order` for listings.
    pub variant: String,
    /// The decision's reason code, when the config puts reasons in the marks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The experiment (or `holdout`), when the shopper is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experiment: Option<String>,
    /// The arm, when the shopper is in an experiment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arm: Option<String>,
}

impl ExposureEvent {
    /// The event for one marked slot or listing.
    pub fn of(exposed: &Exposed) -> ExposureEvent {
        let (slot, listing) = if exposed.listing {
            (None, Some(exposed.name.clone()))
        } else {
            (Some(exposed.name.clone()), None)
        };
        let exposure = &exposed.exposure;
        ExposureEvent {
            slot,
            listing,
            variant: exposure.variant.clone(),
            reason: exposure.reason.clone(),
            experiment: exposure.experiment.as_ref().map(|(key, _)| key.clone()),
            arm: exposure.experiment.as_ref().map(|(_, arm)| arm.clone()),
        }
    }
}

/// A page's exposures as the page reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageExposures {
    /// The `dataLayer` event name, when the config asks for pushes.
    pub event: Option<String>,
    /// One per marked slot or listing, in page order.
    pub exposures: Vec<ExposureEvent>,
}

impl PageExposures {
    /// The exposures of a page's marked slots and listings.
    pub fn of(exposed: &[Exposed], data_layer_event: Option<&str>) -> PageExposures {
        PageExposures {
            event: data_layer_event.map(str::to_owned),
            exposures: exposed.iter().map(ExposureEvent::of).collect(),
        }
    }

    /// The `<script type="application/json">` element the edge adds before `</body>`:
    /// data, never executed, escaped so nothing in it can close the element.
    pub fn element(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned());
        let mut out = String::with_capacity(json.len() + 64);
        out.push_str("<script type=\"application/json\" id=\"");
        out.push_str(EXPOSURES_ELEMENT_ID);
        out.push_str("\">");
        push_json_for_script(&mut out, &json);
        out.push_str("</script>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Exposure;

    #[test]
    fn a_control_arm_and_a_listing_become_events_with_keys_and_codes_only() {
        let exposed = [
            Exposed {
                listing: false,
                name: "home-hero".into(),
                exposure: Exposure {
                    variant: "default".into(),
                    reason: Some("control".into()),
                    experiment: Some(("hero-test".into(), "control".into())),
                },
            },
            Exposed {
                listing: true,
                name: "category".into(),
                exposure: Exposure {
                    variant: "affinity".into(),
                    reason: Some("stated-craft:glass".into()),
                    experiment: None,
                },
            },
        ];
        let page = PageExposures::of(&exposed, Some("shelfwise_exposure"));
        let json = serde_json::to_value(&page).expect("JSON");
        assert_eq!(
            json,
            serde_json::json!({
                "event": "shelfwise_exposure",
                "exposures": [
                    { "slot": "home-hero", "variant": "default", "reason": "control", "experiment": "hero-test", "arm": "control" },
                    { "listing": "category", "variant": "affinity", "reason": "stated-craft:glass" }
                ]
            })
        );
        let element = page.element();
        assert!(
            element.starts_with("<script type=\"application/json\" id=\"shelfwise-exposures\">")
        );
        assert_eq!(element.matches("</script>").count(), 1);
    }
}
