//! Property tests: the cookie codec is total and round-trips; ranking is a permutation.

use proptest::prelude::*;
use shelfwise::decide::{rank, Affinities, RankingContext};
use shelfwise::profile::{self, Affinity, Answer, Slug};
use shelfwise::profile::{
    Consent, Intent, Lifecycle, Purposes, SpendStep, ValueBand, BUCKET_POSITIONS,
};
use shelfwise::rewrite::ListingItem;
use shelfwise::{config::AffinitySettings, config::ListingPolicy, Day, Profile};

fn slug() -> impl Strategy<Value = Slug> {
    "[a-z0-9-]{1,24}".prop_map(|s| Slug::new(&s).expect("matches the slug alphabet"))
}

fn short_slug() -> impl Strategy<Value = Slug> {
    "[a-z0-9-]{1,8}".prop_map(|s| Slug::new(&s).expect("matches the slug alphabet"))
}

/// A profile with every field drawn, consistent the way real signals leave it.
fn profile_strategy() -> impl Strategy<Value = Profile> {
    (
        stated_profile(),
        prop_oneof![
            Just(Consent::None),
            Just(Consent::Essential),
            Just(Consent::Personalization)
        ],
        (
            prop::option::of(0..BUCKET_POSITIONS),
            prop::option::of((0u8..4, 0u16..500, 0u16..500)),
        ),
        (0u16..500, 0u16..500, 0u8..=20, 0u8..=255, 0u16..500, 0u8..4),
        (any::<u8>(), any::<u8>(), prop::option::of(0u16..500)),
    )
        .prop_map(
            |(mut profile, consent, (bucket, purposes), lifecycle, intent)| {
                let written = profile.written.0;
                let (first_ago, last_ago, visits, purchases, purchase_ago, band) = lifecycle;
                let last_seen = written - last_ago.min(first_ago);
                let has_purchase = purchases > 0;
                profile.consent = consent;
                profile.bucket = bucket;
                // Either a profile that records its purposes and days, or one written
                // before they were kept (all purposes, no days).
                if let Some((bits, consent_ago, created_ago)) = purposes {
                    // The answers are the basis of every profile; the other two vary.
                    profile.purposes = Purposes::from_bits(bits << 1 | 1).expect("three bits");
                    profile.consented_on = Day(written - consent_ago);
                    profile.created = Day(written - consent_ago.max(created_ago));
                }
                profile.lifecycle = Lifecycle {
                    first_seen: Day(written - first_ago.max(last_ago)),
                    last_seen: Day(last_seen),
                    visits,
                    purchases,
                    last_purchase: has_purchase.then(|| Day(written - purchase_ago)),
                    value_band: [
                        None,
                        Some(ValueBand::Low),
                        Some(ValueBand::Mid),
                        Some(ValueBand::High),
                    ][usize::from(band)]
                    .filter(|_| has_purchase),
                    // A spending total goes with purchases (any byte will do as its step).
                    spend: has_purchase.then_some(SpendStep(intent.0 ^ intent.1)),
                };
                profile.intent = Intent {
                    wishlist_adds: intent.0,
                    cart_adds: intent.1,
                    cart_open_since: intent.2.map(|ago| Day(written - ago)),
                };
                profile
            },
        )
}

fn stated_profile() -> impl Strategy<Value = Profile> {
    (
        1000u16..3000,
        // Up to three answers of up to three short choices: within the 128 bytes a config
        // may ask for.
        prop::collection::btree_map(
            short_slug(),
            (
                prop::collection::btree_set(short_slug(), 1..=3),
                any::<bool>(),
            ),
            0..=3,
        ),
        prop::collection::btree_map(slug(), (1u8..=255, 0u16..1000), 0..=8),
    )
        .prop_map(|(written, answers, affinities)| {
            let mut affinities: Vec<Affinity> = affinities
                .into_iter()
                .map(|(key, (weight, age))| Affinity {
                    key,
                    weight,
                    day: Day(written - age),
                })
                .collect();
            affinities.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| b.day.cmp(&a.day)));
            Profile {
                written: Day(written),
                answers: answers
                    .into_iter()
                    .map(|(question, (choices, interests))| Answer {
                        question,
                        choices: choices.into_iter().collect(),
                        interests,
                    })
                    .collect(),
                affinities,
                ..Profile::default()
            }
        })
}

proptest! {
    #[test]
    fn any_valid_profile_round_trips_within_the_cap(profile in profile_strategy()) {
        let value = profile::encode(&profile);
        prop_assert!(value.len() <= profile::MAX_COOKIE_VALUE_LEN);
        prop_assert_eq!(profile::decode(&value), Ok(profile));
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        use base64::Engine as _;
        let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        if let Ok(profile) = profile::decode(&value) {
            // Whatever decodes is a valid profile: it encodes and decodes to itself.
            prop_assert_eq!(profile::decode(&profile::encode(&profile)), Ok(profile));
        }
    }

    #[test]
    fn decoding_arbitrary_text_never_panics(text in ".{0,700}") {
        let _ = profile::decode(&text);
    }

    #[test]
    fn ranking_is_a_permutation_that_keeps_pins(
        items in prop::collection::vec((prop::sample::select(vec!["ceramics", "glass", "prints", "wood"]), any::<bool>(), any::<bool>()), 0..60),
        profile in profile_strategy(),
    ) {
        let items: Vec<ListingItem> = items
            .into_iter()
            .enumerate()
            .map(|(i, (tag, pinned, in_stock))| ListingItem {
                sku: format!("sku-{i}"),
                tags: vec![tag.to_owned()],
                in_stock,
                pinned,
                ..ListingItem::default()
            })
            .collect();
        let context = RankingContext {
            affinities: Affinities::new(&profile, &AffinitySettings::default(), profile.written),
            ..RankingContext::default()
        };
        let policy = ListingPolicy { diversity_max_run: Some(2), margin_floor: Some(0.3), ..ListingPolicy::default() };
        if let Some(order) = rank(&items, &policy, &context) {
            let mut sorted = order.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, (0..items.len()).collect::<Vec<_>>());
            for (position, &source) in order.iter().enumerate() {
                if items[position].pinned {
                    prop_assert_eq!(source, position);
                }
            }
        }
        let empty = RankingContext {
            affinities: Affinities::new(&Profile::default(), &AffinitySettings::default(), Day(2000)),
            ..RankingContext::default()
        };
        prop_assert_eq!(rank(&items, &policy, &empty), None);
    }
}

mod privacy {
    use super::*;
    use shelfwise::rewrite::{rewrite_to_vec, RewriteSettings};
    use shelfwise::{Config, PagePlan};
    use std::rc::Rc;
    use std::sync::OnceLock;

    fn demo() -> &'static (Config, Vec<u8>, Vec<u8>) {
        static DEMO: OnceLock<(Config, Vec<u8>, Vec<u8>)> = OnceLock::new();
        DEMO.get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
            let config = Config::from_file(&root.join("shelfwise.config.json")).expect("config");
            let home = std::fs::read(root.join("index.html")).expect("home");
            let category = std::fs::read(root.join("category/all/index.html")).expect("category");
            (config, home, category)
        })
    }

    fn private_key() -> impl Strategy<Value = Slug> {
        "zq[a-z0-9]{6,20}".prop_map(|s| Slug::new(&s).expect("slug"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the profile holds, the page only ever gains config keys: neither the
        /// cookie value nor a key that exists only in the profile is written into the HTML.
        #[test]
        fn nothing_from_the_cookie_is_echoed_into_the_page(
            mut profile in profile_strategy(),
            private in prop::collection::vec(private_key(), 1..4),
            stated in prop::sample::subsequence(vec!["ceramics", "glass", "prints", "textiles"], 0..=2),
        ) {
            let (config, home, category) = demo();
            let today = profile.written;
            let key = |k: &str| Slug::new(k).expect("slug");
            profile.answers = vec![Answer {
                question: key("craft"),
                choices: stated.iter().map(|c| key(c)).collect(),
                interests: true,
            }];
            profile.affinities = private
                .iter()
                .map(|key| Affinity { key: key.clone(), weight: 255, day: today })
                .collect();
            profile.answers.push(Answer {
                question: key("occasion"),
                choices: vec![private[0].clone()],
                interests: false,
            });
            profile.answers.retain(|answer| !answer.choices.is_empty());
            let value = profile::encode(&profile);
            let decoded = profile::decode(&value).expect("round trip");
            let plan = Rc::new(PagePlan::new(Rc::new(config.clone()), &decoded, today));
            for page in [home, category] {
                let (out, _) = rewrite_to_vec(page, plan.clone(), RewriteSettings::default(), 8192);
                let html = String::from_utf8_lossy(&out);
                prop_assert!(!html.contains(&value));
                for key in &private {
                    prop_assert!(!html.contains(key.as_str()), "{} leaked", key);
                }
            }
        }
    }
}

mod experiments {
    use super::*;
    use shelfwise::config::{Arm, Experiment, Treatment};
    use shelfwise::decide::assign;

    fn experiment(traffic: f32, weights: &[u32]) -> Experiment {
        Experiment {
            traffic_percent: traffic,
            slot: Some("hero".into()),
            listing: None,
            arms: weights
                .iter()
                .enumerate()
                .map(|(i, &weight)| Arm {
                    name: format!("arm-{i}"),
                    weight,
                    treatment: Treatment::Personalized,
                })
                .collect(),
        }
    }

    proptest! {
        /// Raising an experiment's traffic only ever adds shoppers: nobody already in it
        /// leaves or moves to another arm.
        #[test]
        fn raising_traffic_never_moves_an_assigned_shopper(
            bucket in 0..BUCKET_POSITIONS,
            low in 0.0f32..100.0,
            raise in 0.0f32..100.0,
            weights in prop::collection::vec(1u32..10, 2..5),
            key in "[a-z]{1,12}",
        ) {
            let high = (low + raise).min(100.0);
            let before = assign(&key, &experiment(low, &weights), Some(bucket));
            let after = assign(&key, &experiment(high, &weights), Some(bucket));
            if let Some(before) = before {
                prop_assert_eq!(Some(before), after);
            }
        }
    }
}
