//! The config in force, read from the platform: the config the worker's entry hands over
//! (the repository's own worker hands over the file `make worker` copies next to the wasm;
//! a shop's worker its own file, through the worker package), the `SHELFWISE_CONFIG`
//! variable and the `config` key of the `SHELFWISE_KV` namespace. The wasm carries no config
//! of its own, so a shop's worker carries none but the shop's. Which one wins, when a
//! source is read again and what a rejected config does are the core's rules
//! ([`crate::config::source`]); this file only reads the platform and keeps one
//! [`ConfigSource`] per isolate.

use crate::config::source::{self, ConfigSource};
use crate::config::Config;
use crate::errors::ConfigError;
use crate::settings::WorkerSettings;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use worker::{console_error, Env};

thread_local! {
    /// The config handed over by the worker's entry (the site's own file, imported by the
    /// entry module and bundled with it).
    static HANDED_OVER: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The handed-over config, parsed and validated once per isolate.
    static BUNDLED: RefCell<Option<Result<Rc<Config>, ConfigError>>> = const { RefCell::new(None) };
    /// The `SHELFWISE_CONFIG` variable, with the JavaScript string last offered to it.
    static VARIABLE: RefCell<(Option<JsValue>, ConfigSource)> =
        RefCell::new((None, ConfigSource::new("SHELFWISE_CONFIG")));
    /// The `config` key of the `SHELFWISE_KV` namespace.
    static STORE: RefCell<ConfigSource> = RefCell::new(ConfigSource::new("KV SHELFWISE_KV/config"));
}

fn bundled() -> Result<Rc<Config>, ConfigError> {
    BUNDLED.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                HANDED_OVER
                    .with(|handed| match handed.borrow().as_deref() {
                        Some(text) => Config::from_json("the worker's site config", text),
                        None => Err(ConfigError::Missing),
                    })
                    .map(Rc::new)
            })
            .clone()
    })
}

/// Makes `text` the isolate's bundled config (see [`HANDED_OVER`]). A config that fails
/// validation is kept all the same: pages then pass through unchanged.
pub fn hand_over(text: String) {
    HANDED_OVER.with(|handed| *handed.borrow_mut() = Some(text));
    BUNDLED.with(|cell| *cell.borrow_mut() = None);
}

/// The site config in force ([`source::in_force`]): the key-value store's, the variable's,
/// the bundled one.
pub async fn config(env: &Env, settings: &WorkerSettings) -> Result<Rc<Config>, ConfigError> {
    let store = from_store(env, settings).await;
    let variable = env
        .var("SHELFWISE_CONFIG")
        .ok()
        .and_then(|v| from_variable(v.as_ref()));
    source::in_force(store, variable, bundled())
}

/// The config for serving a page: a rejected one is logged and the page passes through.
pub async fn page_config(env: &Env, settings: &WorkerSettings) -> Option<Rc<Config>> {
    config(env, settings)
        .await
        .map_err(|error| {
            console_error!("shelfwise: config rejected, serving pages unchanged: {error}")
        })
        .ok()
}

/// The config from `value`, the `SHELFWISE_CONFIG` variable's JavaScript string, or else
/// the bundled one, as far as they are usable.
pub fn variable_or_bundled(value: &JsValue) -> Option<Rc<Config>> {
    from_variable(value).or_else(|| bundled().ok())
}

/// The variable's config. The text is offered to its source only when the JavaScript
/// string changes (`==` on two JavaScript values is `===`: for strings, the same text,
/// compared without copying the whole config into wasm on every request).
fn from_variable(value: &JsValue) -> Option<Rc<Config>> {
    VARIABLE.with(|cell| {
        let (offered, source) = &mut *cell.borrow_mut();
        if offered.as_ref() != Some(value) {
            let text = value.as_string();
            if let Err(error) = source.offer(text.as_deref(), js_sys::Date::now()) {
                console_error!("shelfwise: config rejected, keeping the last good one: {error}");
            }
            *offered = Some(value.clone());
        }
        source.config()
    })
}

/// The key-value store's config, read again when its refresh time has passed.
async fn from_store(env: &Env, settings: &WorkerSettings) -> Option<Rc<Config>> {
    let kv = env.kv("SHELFWISE_KV").ok()?;
    let now = js_sys::Date::now();
    if STORE.with(|cell| cell.borrow().is_due(now, settings.config_refresh_ms)) {
        let read = kv.get("config").text().await;
        STORE.with(|cell| {
            let mut source = cell.borrow_mut();
            match read {
                Ok(text) => {
                    if let Err(error) = source.offer(text.as_deref(), now) {
                        console_error!(
                            "shelfwise: config rejected, keeping the last good one: {error}"
                        );
                    }
                }
                Err(error) => {
                    source.read_failed(now);
                    console_error!("shelfwise: reading the config from KV failed: {error}");
                }
            }
        });
    }
    STORE.with(|cell| cell.borrow().config())
}
