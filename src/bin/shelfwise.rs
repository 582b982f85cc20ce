//! The `shelfwise` command line: previews, cookie decoding and config checks, running
//! exactly the same core as the worker.

use clap::{Parser, Subcommand};
use shelfwise::context::{VisitContext, VisitFacts};
use shelfwise::preview::{Preview, PREVIEW_PARAM};
use shelfwise::request::PrivacySignals;
use shelfwise::rewrite::{rewrite_to_vec_with, Decisions, NoDecisions, PageExtras};
use shelfwise::session::Session;
use shelfwise::signing::SigningKeys;
use shelfwise::{profile, Config, Day, Profile};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

#[derive(Parser)]
#[command(
    name = "shelfwise",
    version,
    about = "Privacy-first personalization of shop pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Personalize an HTML page read from standard input, as the worker would for a request
    /// with these facts.
    Rewrite {
        /// The site config (JSON).
        #[arg(long)]
        config: PathBuf,
        #[command(flatten)]
        facts: RequestFacts,
        /// No longer accepted: no decision depends on the page's path.
        #[arg(long, hide = true)]
        path: Option<String>,
    },
    /// Show how a request with these facts is decided: segments, episodes, every slot's
    /// candidates and why, experiment arms, and how listings are ranked (as JSON).
    Explain {
        /// The site config (JSON).
        #[arg(long)]
        config: PathBuf,
        #[command(flatten)]
        facts: RequestFacts,
    },
    /// Print a preview link: the page at URL showing exactly the forced variants, segments,
    /// answers, arms and day, signed with the worker's preview secret (read from the
    /// environment variable SHELFWISE_PREVIEW_SECRET, the value of `wrangler secret put`).
    PreviewLink {
        /// The site config (JSON), to check what is forced against.
        #[arg(long)]
        config: PathBuf,
        /// The page to preview (`https://shop.example/`).
        #[arg(long)]
        url: String,
        /// A slot and the variant it shows, `SLOT=VARIANT` (repeatable).
        #[arg(long = "variant", value_name = "SLOT=VARIANT")]
        variants: Vec<String>,
        /// A segment the visitor counts as being in (repeatable).
        #[arg(long = "segment")]
        segments: Vec<String>,
        /// Answers as the preference form sends them (`for=gift&craft=glass`).
        #[arg(long, default_value = "")]
        answers: String,
        /// An experiment and the arm shown, `EXPERIMENT=ARM` (repeatable).
        #[arg(long = "arm", value_name = "EXPERIMENT=ARM")]
        arms: Vec<String>,
        /// Decide as on this day, YYYY-MM-DD.
        #[arg(long, value_parser = parse_day)]
        today: Option<Day>,
        /// How long the link works: `45m`, `2h`, `7d` (at most 30 days).
        #[arg(long, value_parser = parse_duration)]
        expires: u64,
    },
    /// Check pages against a config: list what would silently do nothing (slots, variants,
    /// listings, items, tags and view markers that do not meet). Exits non-zero on errors.
    Check {
        /// The site config (JSON).
        #[arg(long)]
        config: PathBuf,
        /// HTML files, or folders to search for `*.html` files.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
    },
    /// Per-arm conversion rate, revenue per visitor and lift over the control with 95%
    /// confidence intervals, from counts exported by the site's analytics (CSV with columns
    /// experiment, arm, visitors, conversions, revenue[, revenue_sq]).
    Readout {
        /// The CSV file.
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// How many visitors each arm needs to detect a change of the conversion rate (two-sided
    /// test of two proportions; with more arms, α is split between the comparisons).
    PlanTest {
        /// The control's conversion rate, e.g. 0.04 for 4 %.
        #[arg(long)]
        baseline: f64,
        /// The smallest change worth detecting, relative to the baseline (0.1 = +10 %).
        #[arg(
            long,
            conflicts_with = "mde_points",
            required_unless_present = "mde_points"
        )]
        mde: Option<f64>,
        /// The smallest change worth detecting, in rate points (0.005 = half a point).
        #[arg(long)]
        mde_points: Option<f64>,
        /// The chance of detecting the change when it is real.
        #[arg(long, default_value_t = 0.8)]
        power: f64,
        /// The chance of a false alarm, over all comparisons.
        #[arg(long, default_value_t = 0.05)]
        alpha: f64,
        /// Arms, the control included.
        #[arg(long, default_value_t = 2)]
        arms: u32,
        /// Visitors a day who would enter the experiment, to say how many days it needs.
        #[arg(long)]
        daily_visitors: Option<u64>,
        /// Print JSON instead of a sentence.
        #[arg(long)]
        json: bool,
    },
    /// Write what a privacy team needs to sign off, from the config: the cookie-banner
    /// entry, cookie-policy text, the data inventory (JSON), an art. 30 record of
    /// processing and the answers to a DPIA's standard questions. Printed as one document,
    /// or written as five files into --out.
    PrivacyKit {
        /// The site config (JSON).
        #[arg(long)]
        config: PathBuf,
        /// A folder to write cookie-banner.json, cookie-policy.md, inventory.json,
        /// record-of-processing.md and dpia.md into.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Encode or decode profile cookies.
    Cookie {
        #[command(subcommand)]
        action: CookieAction,
    },
    /// Work with site configs.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

/// What the worker reads from a request, given on the command line.
#[derive(clap::Args)]
struct RequestFacts {
    /// The profile cookie's value; without it the page is everyone's page.
    #[arg(long)]
    cookie: Option<String>,
    /// The value of the site's consent cookie (`privacy.consent_cookie.name` in the config).
    #[arg(long)]
    consent_cookie: Option<String>,
    /// A consent-management platform's cookie the request carries, as NAME=VALUE
    /// (`euconsent-v2=…`, `__gpp=…`, `OptanonConsent=…`, `CookieConsent=…`; repeatable),
    /// for `privacy.consent_platforms`.
    #[arg(long, value_name = "NAME=VALUE")]
    platform_cookie: Vec<String>,
    /// The request's `Accept-Language`: what the shopper reads is said in the page's
    /// `<html lang>`, else the first of these the config has, else its `language`.
    #[arg(long)]
    accept_language: Option<String>,
    /// The request carries `Sec-GPC: 1` (Global Privacy Control).
    #[arg(long)]
    gpc: bool,
    /// The country the request comes from (ISO 3166-1 alpha-2), for opt-in regions.
    #[arg(long)]
    country: Option<String>,
    /// The day of the request, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_day)]
    today: Option<Day>,
    /// The page's URL, with its query (`https://shop.example/?utm_campaign=winter-gifts`),
    /// for context rules (campaign, path).
    #[arg(long, default_value = "https://shop.example/")]
    url: String,
    /// The `Referer` the request carries, for referrer rules.
    #[arg(long)]
    referrer: Option<String>,
    /// The `User-Agent` the request carries, for device rules (`Mobi` means a phone).
    #[arg(long)]
    user_agent: Option<String>,
    /// The region within --country the request comes from (`CA` for California), for
    /// region rules.
    #[arg(long)]
    region: Option<String>,
}

impl RequestFacts {
    /// The shopper's visit, built exactly as the worker builds it from a request with
    /// these facts: one `Cookie` header holding both cookies, `Sec-GPC` and the country.
    fn session(&self, config: Rc<Config>) -> Result<Session, String> {
        let mut cookies = Vec::new();
        if let Some(value) = &self.cookie {
            cookies.push(format!("{}={value}", config.cookie.name));
        }
        if let Some(value) = &self.consent_cookie {
            let consent = config.privacy.consent_cookie.as_ref().ok_or(
                "--consent-cookie needs a consent cookie in the config (privacy.consent_cookie)",
            )?;
            cookies.push(format!("{}={value}", consent.name));
        }
        for pair in &self.platform_cookie {
            if !pair.contains('=') {
                return Err(format!("--platform-cookie takes NAME=VALUE, not {pair:?}"));
            }
            cookies.push(pair.clone());
        }
        let cookie_header = (!cookies.is_empty()).then(|| cookies.join("; "));
        let mut session = Session::at_edge(
            config,
            self.today.unwrap_or_else(Day::today),
            PrivacySignals {
                cookie_header: cookie_header.as_deref(),
                gpc: self.gpc,
                country: self.country.as_deref(),
            },
            SigningKeys::from_vars(|name| std::env::var(name).ok()).as_ref(),
        );
        session.set_languages(None, self.accept_language.as_deref());
        if session.wants_context() {
            session.set_context(VisitContext::read(VisitFacts {
                url: &self.url,
                referrer: self.referrer.as_deref(),
                country: self.country.as_deref(),
                region: self.region.as_deref(),
                mobile_hint: None,
                user_agent: self.user_agent.as_deref(),
            }));
        }
        Ok(session)
    }

    /// Why a session with a cookie has no decisions, in the shopper's terms.
    fn why_undecided(&self, session: &Session) -> &'static str {
        if self.cookie.is_none() {
            "no profile cookie was given and no context rule matches: the page is everyone's page"
        } else if !session.permissions().personalize() {
            "cookie ignored: the site's consent (its consent cookie or platform) does not allow personalization"
        } else if session.stale() {
            "cookie ignored: it is unreadable or expired (past the config's retention window)"
        } else if session.paused() {
            "personalization is paused in this profile: nothing is decided"
        } else {
            "nothing is decided for this profile"
        }
    }
}

#[derive(Subcommand)]
enum CookieAction {
    /// Print the profile stored in a cookie value as JSON, days as calendar dates.
    Decode {
        /// The cookie's value.
        value: String,
        /// Print days as the numbers the cookie stores (days since 2020-01-01).
        #[arg(long)]
        day_numbers: bool,
    },
    /// Read a profile as JSON from standard input and print its cookie value. Days may be
    /// given as numbers or as `YYYY-MM-DD` dates. With SHELFWISE_SIGNING_KEY in the
    /// environment the value is signed as the worker signs it (`rewrite` and `explain`
    /// check signatures with the same variables).
    Encode,
}

#[derive(Subcommand)]
enum ConfigAction {
    /// Validate a config and report every problem.
    Check {
        /// The config file.
        file: PathBuf,
    },
    /// Print the config's JSON Schema (for editors; `docs/config.schema.json` is this).
    Schema,
}

/// `90s`, `45m`, `2h`, `7d` as seconds, at most 30 days.
fn parse_duration(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.len().saturating_sub(1);
    let (number, unit) = text.split_at(split);
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("`{text}` is not a duration such as 45m, 2h or 7d")),
    };
    let total = number
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| n.saturating_mul(seconds))
        .ok_or_else(|| format!("`{text}` is not a duration such as 45m, 2h or 7d"))?;
    if total > 30 * 86_400 {
        return Err("a preview link works for at most 30 days".to_owned());
    }
    Ok(total)
}

fn parse_day(text: &str) -> Result<Day, String> {
    Day::parse_iso(text)
        .ok_or_else(|| format!("`{text}` is not a date between 2020-01-01 and 2199 (YYYY-MM-DD)"))
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("shelfwise: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Rewrite {
            config,
            facts,
            path,
        } => {
            if path.is_some() {
                return Err(
                    "--path is no longer accepted: no decision depends on the page's path".into(),
                );
            }
            let config = Rc::new(Config::from_file(&config).map_err(|e| e.to_string())?);
            let mut page = Vec::new();
            std::io::stdin()
                .read_to_end(&mut page)
                .map_err(|e| format!("cannot read the page from standard input: {e}"))?;
            let session = facts.session(config)?;
            if facts.cookie.is_some() && session.plan().is_none() {
                eprintln!(
                    "shelfwise: {}; the page is unpersonalized",
                    facts.why_undecided(&session)
                );
            }
            write_stdout(&personalize(&page, &session))
        }
        Command::Explain { config, facts } => {
            let config = Rc::new(Config::from_file(&config).map_err(|e| e.to_string())?);
            let session = facts.session(config)?;
            let trace = session
                .plan()
                .and_then(|plan| session.trace(&plan))
                .ok_or_else(|| facts.why_undecided(&session).to_owned())?;
            if !session.permissions().inferred {
                eprintln!(
                    "shelfwise: under Global Privacy Control only the shopper's stated answers decide"
                );
            }
            let json = serde_json::to_string_pretty(&trace).map_err(|e| e.to_string())?;
            write_stdout(format!("{json}\n").as_bytes())
        }
        Command::PlanTest {
            baseline,
            mde,
            mde_points,
            power,
            alpha,
            arms,
            daily_visitors,
            json,
        } => {
            use shelfwise::sample_size::{sample_size, Plan};
            let plan = Plan {
                baseline,
                effect: mde.or(mde_points).unwrap_or_default(),
                absolute: mde.is_none(),
                power,
                alpha,
                arms,
            };
            let size = sample_size(&plan).map_err(|e| e.to_string())?;
            let days = daily_visitors
                .filter(|d| *d > 0)
                .map(|daily| size.total.div_ceil(daily));
            let text = if json {
                let mut value = serde_json::to_value(size).map_err(|e| e.to_string())?;
                if let Some(days) = days {
                    value["days"] = days.into();
                }
                serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
            } else {
                let mut text = format!(
                    "{} visitors per arm, {} in all ({} arms), to detect a conversion rate of {:.2}% against {:.2}% with {:.0}% power at {}% significance{}.\n",
                    size.per_arm,
                    size.total,
                    arms,
                    size.treatment_rate * 100.0,
                    baseline * 100.0,
                    power * 100.0,
                    alpha * 100.0,
                    if arms > 2 {
                        format!(" ({:.2}% per comparison with the control)", size.alpha_per_comparison * 100.0)
                    } else {
                        String::new()
                    }
                );
                if let Some(days) = days {
                    text.push_str(&format!(
                        "About {days} days at {} visitors a day.\n",
                        daily_visitors.unwrap_or_default()
                    ));
                }
                text
            };
            write_stdout(text.as_bytes())
        }
        Command::PrivacyKit { config, out } => {
            use shelfwise::privacy_kit as kit;
            let config = Config::from_file(&config).map_err(|e| e.to_string())?;
            let Some(out) = out else {
                return write_stdout(kit::kit_document(&config).as_bytes());
            };
            let json = |value: serde_json::Value| {
                serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
            };
            let files = [
                ("cookie-banner.json", json(kit::cookie_banner(&config))),
                ("cookie-policy.md", kit::cookie_policy(&config)),
                ("inventory.json", json(kit::inventory(&config))),
                (
                    "record-of-processing.md",
                    kit::record_of_processing(&config),
                ),
                ("dpia.md", kit::dpia_answers(&config)),
            ];
            std::fs::create_dir_all(&out)
                .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
            for (name, text) in files {
                let path = out.join(name);
                std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            Ok(())
        }
        Command::Readout { file, json } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let arms = shelfwise::readout::readout(&text)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            let output = if json {
                serde_json::to_string_pretty(&arms).map_err(|e| e.to_string())? + "\n"
            } else {
                shelfwise::readout::render(&arms)
            };
            write_stdout(output.as_bytes())
        }
        Command::Cookie {
            action: CookieAction::Decode { value, day_numbers },
        } => {
            // A signed value's profile part: the signature is the worker's to check.
            let profile = profile::decode(shelfwise::signing::unsigned_part(&value))
                .map_err(|e| format!("cannot decode the cookie: {e}"))?;
            let json = if day_numbers {
                serde_json::to_string_pretty(&profile)
            } else {
                serde_json::to_string_pretty(&profile.to_json_with_dates())
            }
            .map_err(|e| e.to_string())?;
            write_stdout(format!("{json}\n").as_bytes())
        }
        Command::Cookie {
            action: CookieAction::Encode,
        } => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read the profile from standard input: {e}"))?;
            let profile: Profile = serde_json::from_str(&text)
                .map_err(|e| format!("the profile JSON is invalid: {e}"))?;
            // Signed like the worker signs it when the signing key is in the environment.
            let value = profile::encode(&profile);
            let value = match SigningKeys::from_vars(|name| std::env::var(name).ok()) {
                Some(keys) => keys.sign(&value),
                None => value,
            };
            write_stdout(format!("{value}\n").as_bytes())
        }
        Command::Config {
            action: ConfigAction::Check { file },
        } => {
            let config = Config::from_file(&file).map_err(|e| e.to_string())?;
            write_stdout(
                format!(
                    "{}: ok ({} slots, {} listings)\n",
                    file.display(),
                    config.slots.len(),
                    config.listings.len()
                )
                .as_bytes(),
            )
        }
        Command::Check { config, pages } => check_pages(&config, &pages),
        Command::PreviewLink {
            config,
            url,
            variants,
            segments,
            answers,
            arms,
            today,
            expires,
        } => {
            let config = Config::from_file(&config).map_err(|e| e.to_string())?;
            let secret = std::env::var("SHELFWISE_PREVIEW_SECRET")
                .ok()
                .filter(|s| !s.is_empty())
                .ok_or("set SHELFWISE_PREVIEW_SECRET to the worker's preview secret")?;
            let pairs = |list: &[String], what: &str| -> Result<BTreeMap<String, String>, String> {
                list.iter()
                    .map(|pair| {
                        pair.split_once('=')
                            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                            .ok_or_else(|| format!("`{pair}` is not {what}"))
                    })
                    .collect()
            };
            let variants = pairs(&variants, "SLOT=VARIANT")?;
            for (slot, variant) in &variants {
                let known = config
                    .slots
                    .get(slot)
                    .is_some_and(|rules| rules.iter().any(|rule| &rule.variant == variant))
                    || config.content.contains_key(variant);
                if !known {
                    return Err(format!(
                        "slot `{slot}` has no variant `{variant}` in the config (rules or content)"
                    ));
                }
            }
            for segment in &segments {
                if !config.segments.contains_key(segment) {
                    return Err(format!("no segment `{segment}` in the config"));
                }
            }
            let arms = pairs(&arms, "EXPERIMENT=ARM")?;
            for (experiment, arm) in &arms {
                let known = config
                    .experiments
                    .tests
                    .get(experiment)
                    .is_some_and(|e| e.arms.iter().any(|a| &a.name == arm));
                if !known {
                    return Err(format!("experiment `{experiment}` has no arm `{arm}`"));
                }
            }
            shelfwise::request::PreferenceForm::parse(answers.as_bytes(), &config)
                .map_err(|e| format!("--answers: {e}"))?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let preview = Preview {
                variants,
                segments,
                answers,
                arms,
                today,
                expires: now + expires,
            };
            let token = preview.sign(secret.as_bytes());
            let mut link = url::Url::parse(&url).map_err(|e| format!("--url: {e}"))?;
            link.query_pairs_mut().append_pair(PREVIEW_PARAM, &token);
            write_stdout(format!("{link}\n").as_bytes())
        }
        Command::Config {
            action: ConfigAction::Schema,
        } => write_stdout(shelfwise::config::schema::json_schema().as_bytes()),
    }
}

/// Rewrites a page for a shopper's session exactly as the worker would: slots and listings
/// decided when the session has a plan worth a rewrite, item margins removed; without one,
/// margins are removed when the config ranks by them, and otherwise the page is left as it
/// is.
fn personalize(page: &[u8], session: &Session) -> Vec<u8> {
    let config = session.config();
    let settings = config.budgets.rewrite_settings();
    let plan = session
        .plan()
        .filter(|plan| session.page_needs_rewrite(plan));
    // As the worker: a personalized page with its extras; everyone's page with its margins
    // removed when the config ranks by them, else as it came.
    let (decisions, extras): (Rc<dyn Decisions>, PageExtras) = match plan {
        Some(plan) => (Rc::new(plan), session.page_extras()),
        None if config.ranks_by_margin() => (
            Rc::new(NoDecisions),
            PageExtras {
                strip_item_margins: true,
                ..PageExtras::default()
            },
        ),
        None => return page.to_vec(),
    };
    let (html, result) = rewrite_to_vec_with(page, decisions, settings, extras, 8 * 1024);
    if let Err(error) = result {
        eprintln!("shelfwise: personalization stopped part-way: {error}");
    }
    html
}

/// `shelfwise check`: every finding and a summary on standard output, and failure when any
/// finding is an error.
fn check_pages(config: &Path, pages: &[PathBuf]) -> Result<(), String> {
    use shelfwise::page_check::{check, scan, Severity};
    let config = Config::from_file(config).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for page in pages {
        html_files(page, &mut files)?;
    }
    if files.is_empty() {
        return Err("no HTML pages found to check".to_owned());
    }
    let mut facts = Vec::with_capacity(files.len());
    for file in &files {
        let html =
            std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let page = scan(&html).map_err(|e| format!("{}: {e}", file.display()))?;
        facts.push((file.display().to_string(), page));
    }
    let findings = check(&config, &facts);
    let errors = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .count();
    let mut report = String::new();
    for finding in &findings {
        report.push_str(&format!("{finding}\n"));
    }
    report.push_str(&format!(
        "{} page(s) checked: {errors} error(s), {} warning(s)\n",
        files.len(),
        findings.len() - errors
    ));
    write_stdout(report.as_bytes())?;
    if errors > 0 {
        Err(format!("{errors} error(s) in the pages checked"))
    } else {
        Ok(())
    }
}

/// `path` itself when it is a file, or every `*.html` under it (sorted) when it is a folder.
fn html_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if !path.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            html_files(&entry, out)?;
        } else if entry.extension().is_some_and(|ext| ext == "html") {
            out.push(entry);
        }
    }
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}
