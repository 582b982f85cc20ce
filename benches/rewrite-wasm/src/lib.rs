//! Exports for timing the rewrite in wasm: the same calls the worker makes per page.

use lol_html::{element, HtmlRewriter, Settings};
use shelfwise::{profile, rewrite_to_vec, Config, Day, PagePlan, RewriteSettings};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A config and a profile, decoded once, as a warm worker isolate holds them.
#[wasm_bindgen]
pub struct Bench {
    config: Rc<Config>,
    profile: shelfwise::Profile,
    today: Day,
}

#[wasm_bindgen]
impl Bench {
    /// Parses the config and decodes the cookie value for `today` (days since 2000-01-01).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, cookie: &str, today: u16) -> Result<Bench, JsError> {
        let config =
            Config::from_json("config", config).map_err(|e| JsError::new(&e.to_string()))?;
        let profile = profile::decode(cookie).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Bench {
            config: Rc::new(config),
            profile,
            today: Day(today),
        })
    }

    /// Plans and personalizes `page` fed in `chunk`-byte chunks; returns the output length.
    pub fn personalize(&self, page: &[u8], chunk: usize) -> usize {
        let plan = PagePlan::new(self.config.clone(), &self.profile, self.today);
        let (out, _) = rewrite_to_vec(page, Rc::new(plan), RewriteSettings::default(), chunk);
        out.len()
    }
}

/// The floor: lol_html with one handler that never matches, same chunks.
#[wasm_bindgen]
pub fn floor(page: &[u8], chunk: usize) -> usize {
    let mut out = Vec::with_capacity(page.len());
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!("[data-never-matches]", |_el| Ok(()))),
        |c: &[u8]| out.extend_from_slice(c),
    );
    for part in page.chunks(chunk.max(1)) {
        if rewriter.write(part).is_err() {
            return 0;
        }
    }
    if rewriter.end().is_err() {
        return 0;
    }
    out.len()
}
