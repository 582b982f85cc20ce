//! A hello-world worker plus lol_html: forwards each request to `ORIGIN` and streams HTML
//! through a rewriter whose one handler never matches. Only its size is of interest.

use futures_util::StreamExt;
use lol_html::{element, HtmlRewriter, Settings};
use worker::{event, Context, Env, Fetch, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let mut url = worker::Url::parse(&env.var("ORIGIN")?.to_string())?;
    url.set_path(req.path().as_str());
    let mut origin = Fetch::Url(url).send().await?;
    let mut body = origin.stream()?;
    let mut out = Vec::new();
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!("[data-never-matches]", |_el| Ok(()))),
        |chunk: &[u8]| out.extend_from_slice(chunk),
    );
    while let Some(chunk) = body.next().await {
        rewriter
            .write(&chunk?)
            .map_err(|e| worker::Error::RustError(e.to_string()))?;
    }
    rewriter
        .end()
        .map_err(|e| worker::Error::RustError(e.to_string()))?;
    Ok(Response::from_bytes(out)?.with_headers(origin.headers().clone()))
}
