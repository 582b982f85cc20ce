// Faults and hostile input at the edge (docs/reliability.md): every row serves the origin's
// response or a clear error, never a personalization-caused 5xx.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { workerOptions, browserFetch, configWithoutExperiments, BROWSER } from "./harness.mjs";
import { startFaultyOrigin, shopPage, HUGE_FILLER, cookiesSeen } from "./faulty-origin.mjs";

let origin;
let mf;
let cookie;

before(async () => {
  origin = await startFaultyOrigin();
  mf = new Miniflare(
    workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, ORIGIN_TIMEOUT_MS: "300" }),
  );
  await mf.ready;
  const answer = await browserFetch(mf)("/__pz/prefs", {
    method: "POST",
    body: "for=gift&craft=glass",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  await answer.arrayBuffer();
  cookie = answer.headers.get("set-cookie").split(";")[0];
});

after(async () => {
  await mf?.dispose();
  origin?.closeAllConnections();
  await new Promise((done) => origin.close(done));
});

function get(path, headers = {}, init = {}) {
  return mf.dispatchFetch(`http://shop.test${path}`, {
    headers: { accept: "text/html", "user-agent": BROWSER, cookie, ...headers },
    redirect: "manual",
    ...init,
  });
}

test("a personalized page drops validators and is private; the origin's stays cacheable", async () => {
  const personalized = await get("/ok");
  assert.match(await personalized.text(), /data-pz-shown="gift-guide"/);
  assert.equal(personalized.headers.get("cache-control"), "private, max-age=0");
  assert.equal(personalized.headers.get("etag"), null);
  assert.equal(personalized.headers.get("last-modified"), null);
  assert.equal(personalized.headers.get("content-length"), null);
  assert.match(personalized.headers.get("vary"), /Cookie/);

  const anonymous = await get("/ok", { cookie: "" });
  assert.equal(await anonymous.text(), shopPage());
  assert.equal(anonymous.headers.get("cache-control"), "public, max-age=300");
  // Item margins may be stripped, so the validator is weak: the same page, not the same bytes.
  assert.equal(anonymous.headers.get("etag"), 'W/"v1"');
});

test("without a margin floor in the config, an unpersonalized page is handed on unread: same bytes, same validator, Vary added for shoppers only", async () => {
  const config = JSON.parse(configWithoutExperiments());
  for (const policy of Object.values(config.listings)) delete policy.margin_floor;
  delete config.offers; // an offer needs a margin floor to guard it
  const plain = new Miniflare(workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_CONFIG: JSON.stringify(config) }));
  try {
    const anonymous = await plain.dispatchFetch("http://shop.test/ok", { headers: { accept: "text/html", "user-agent": BROWSER } });
    assert.equal(await anonymous.text(), shopPage());
    assert.equal(anonymous.headers.get("etag"), '"v1"');
    assert.equal(anonymous.headers.get("cache-control"), "public, max-age=300");
    assert.equal(anonymous.headers.get("vary"), "Cookie");
    // A crawler's page has nothing to vary on: the origin's response as it came.
    const crawler = await plain.dispatchFetch("http://shop.test/ok", { headers: { accept: "text/html", "user-agent": "Googlebot/2.1" } });
    assert.equal(await crawler.text(), shopPage());
    assert.equal(crawler.headers.get("vary"), null);
    assert.equal(crawler.headers.get("etag"), '"v1"');
  } finally {
    await plain.dispose();
  }
});

test("an account page marked no-store stays no-store when personalized; shared-cache rules are dropped", async () => {
  const account = await get("/account");
  assert.match(await account.text(), /data-pz-shown="gift-guide"/);
  assert.equal(account.headers.get("cache-control"), "private, no-store");
  for (const shared of ["cdn-cache-control", "cloudflare-cdn-cache-control", "surrogate-control", "expires"]) {
    assert.equal(account.headers.get(shared), null, shared);
  }
  // Without a profile nothing is personalized and the origin's rules stand as sent.
  const anonymous = await get("/account", { cookie: "" });
  await anonymous.arrayBuffer();
  assert.equal(anonymous.headers.get("cache-control"), "no-store, private");
  assert.equal(anonymous.headers.get("cdn-cache-control"), "max-age=600");
});

test("the origin never receives the profile cookie, even from two Cookie headers", async () => {
  cookiesSeen.length = 0;
  await (await get("/ok", { cookie: `a=1; ${cookie}; b=2` })).arrayBuffer();
  // Two Cookie headers reach the worker joined as one: "a=1, pz=…".
  const joined = new Headers([["accept", "text/html"], ["user-agent", BROWSER], ["cookie", "a=1"], ["cookie", cookie]]);
  await (await mf.dispatchFetch("http://shop.test/ok", { headers: joined })).arrayBuffer();
  await (await get("/json", { cookie: `${cookie}` })).arrayBuffer();
  assert.deepEqual(cookiesSeen, ["a=1; b=2", "a=1", null]);
});

test("conditional requests: a shopper with a profile gets a full personalized page, others a 304", async () => {
  const withProfile = await get("/conditional", { "if-none-match": '"v1"' });
  assert.equal(withProfile.status, 200);
  assert.match(await withProfile.text(), /data-pz-shown="gift-guide"/);
  const anonymous = await get("/conditional", { cookie: "", "if-none-match": '"v1"' });
  assert.equal(anonymous.status, 304);
  await anonymous.arrayBuffer();
});

test("range requests, HEAD and redirects pass through untouched", async () => {
  const range = await get("/range", { range: "bytes=0-9" });
  assert.equal(range.status, 206);
  assert.equal(await range.text(), shopPage().slice(0, 10));
  const head = await get("/ok", {}, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("set-cookie"), null);
  assert.equal(head.headers.get("etag"), '"v1"');
  await head.arrayBuffer();
  const redirect = await get("/redirect");
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.get("location"), "/ok");
  await redirect.arrayBuffer();
});

test("origin errors and non-HTML pass through with the origin's status and body", async () => {
  const failing = await get("/status/500");
  assert.equal(failing.status, 500);
  assert.equal(await failing.text(), "<h1>The shop is having a moment</h1>");
  const json = await get("/json");
  assert.equal(json.status, 200);
  assert.equal(await json.text(), '{"data-pz-slot":"home-hero"}');
  const missing = await get("/nowhere");
  assert.equal(missing.status, 404);
  await missing.arrayBuffer();
});

test("an origin that does not answer gets a clear 504 after the timeout", async () => {
  const started = Date.now();
  const response = await get("/slow");
  assert.equal(response.status, 504);
  assert.match(await response.text(), /took too long/);
  assert.ok(Date.now() - started < 5000);
});

test("gzip and brotli origin bodies are personalized", async () => {
  for (const path of ["/gzip", "/brotli"]) {
    const response = await get(path);
    assert.equal(response.status, 200, path);
    const body = await response.text();
    assert.match(body, /<h1>Gift guide<\/h1>/, path);
    assert.match(body, /<\/html>\n$/, path);
  }
});

test("an empty HTML body stays empty", async () => {
  const response = await get("/empty");
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "");
});

test("a 10 MB page streams through, personalized", async () => {
  const response = await get("/huge");
  assert.equal(response.status, 200);
  const body = await response.text();
  assert.ok(body.length > 10_000_000);
  assert.ok(body.includes(HUGE_FILLER));
  assert.match(body.slice(0, 2000), /data-pz-shown="gift-guide"/);
  assert.match(body.slice(-1_000_000), /data-pz-listing="category" data-pz-shown="affinity"/);
});

test("a listing of 5,000 items is reordered with every item intact", async () => {
  const body = await (await get("/many-items")).text();
  const items = (html) => html.match(/<li data-pz-item=[^\n]*<\/li>/g);
  const original = items(shopPage({ items: 5000 }));
  const reordered = items(body);
  assert.equal(reordered.length, 5000);
  assert.deepEqual([...reordered].sort(), [...original].sort());
  assert.match(reordered[0], /data-pz-tags="glass"/);
});

test("deeply nested and malformed HTML is left exactly as sent", async () => {
  const deep = await get("/deep");
  assert.equal(deep.status, 200);
  const deepBody = await deep.text();
  assert.equal(deepBody.length, "<!doctype html><body>".length + 20_000 * 11 + 4 + "</body>".length);
  const malformed = await get("/malformed");
  assert.equal(malformed.status, 200);
  const text = await malformed.text();
  assert.match(text, /data-pz-item="a">A<li data-pz-item="b"/, "implicitly closed items keep their order");
});

test("a body that breaks off mid-way ends the response without a worker error", async () => {
  const response = await get("/truncated");
  assert.equal(response.status, 200);
  const body = await response.text().catch(() => "");
  assert.ok(!/Error|exception/i.test(body.slice(-200)));
});

test("bots and crawlers get the origin's page unchanged, even with a profile cookie", async () => {
  for (const agent of [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1",
    "curl/8.5.0",
    "",
  ]) {
    const response = await get("/ok", { "user-agent": agent });
    assert.equal(await response.text(), shopPage(), agent);
    assert.equal(response.headers.get("cache-control"), "public, max-age=300", agent);
    assert.equal(response.headers.get("set-cookie"), null, agent);
  }
});
