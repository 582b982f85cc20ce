// Local-only mode inside workerd: the worker never reads, sets or forwards the profile
// cookie, answers no profile endpoint, and serves the origin's page — still cacheable —
// with the browser package added to its head.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startShop, answerQuestions, configWithoutExperiments, repo } from "./harness.mjs";

let shop;
let edgeShop;
const seenByOrigin = [];

before(async () => {
  shop = await startShop({
    bindings: { SHELFWISE_MODE: "local-only" },
    onOriginRequest: (req) => seenByOrigin.push({ url: req.url, cookie: req.headers.cookie }),
  });
  edgeShop = await startShop();
});

after(async () => {
  await shop?.close();
  await edgeShop?.close();
});

/** A real profile cookie, made by a worker in edge mode. */
async function profileCookie() {
  const { cookie } = await answerQuestions(edgeShop, { for: "gift", craft: "ceramics", consent: "yes" });
  return cookie;
}

test("the profile cookie is stripped before the origin, other cookies pass, a leftover one is expired", async () => {
  const cookie = await profileCookie();
  seenByOrigin.length = 0;
  const response = await shop.fetch("/product/cer-001/", { headers: { cookie: `theme=dark; ${cookie}; cart=3` } });
  const html = await response.text();
  assert.equal(response.status, 200);
  // A profile cookie left over from edge mode is erased (the worker has no endpoint for it
  // in this mode), on an answer no cache keeps; nothing else is ever set.
  assert.match(response.headers.get("set-cookie"), /^pz=; Max-Age=0; Path=\/; SameSite=Lax; HttpOnly/);
  assert.equal(response.headers.get("cache-control"), "private, no-store");
  assert.deepEqual(seenByOrigin.map((r) => r.cookie), ["theme=dark; cart=3"]);
  // Not personalized at the edge: no slot or listing marks.
  assert.doesNotMatch(html, /data-pz-shown=/);
  const clean = await shop.fetch("/product/cer-001/", { headers: { cookie: "theme=dark" } });
  await clean.arrayBuffer();
  assert.equal(clean.headers.get("set-cookie"), null);

  seenByOrigin.length = 0;
  await (await shop.fetch("/", { headers: { cookie } })).text();
  assert.deepEqual(seenByOrigin.map((r) => r.cookie), [undefined]);
});

test("HTML pages carry the config, the anti-flicker snippet and the package; cache headers stay", async () => {
  const response = await shop.fetch("/category/all/");
  const html = await response.text();
  const origin = (await shop.fromOrigin("/category/all/")).body.toString();
  assert.equal(response.headers.get("cache-control"), "public, max-age=60");
  assert.equal(response.headers.get("vary"), null);
  assert.equal(response.headers.get("content-length"), null);
  const head = html.slice(0, html.indexOf("</head>"));
  const config = JSON.parse(/<script type="application\/json" id="shelfwise-config">([\s\S]*?)<\/script>/.exec(head)[1]);
  assert.deepEqual(config, JSON.parse(configWithoutExperiments()));
  assert.match(head, /html\.pz-pending body\{visibility:hidden\}/);
  assert.match(head, /<script type="module" src="\/assets\/shelfwise-local\.js"><\/script>$/);
  // Everything else is the origin's page, byte for byte.
  const added = html.length - origin.length;
  assert.equal(html.replace(head.slice(origin.indexOf("</head>")), ""), origin);
  // The config as data, its catalog feed for the shelves and its German words included
  // (about 21 KB in the demo).
  assert.ok(added > 0 && added < 24_000, `${added} bytes added`);
});

test("the module path comes from SHELFWISE_BROWSER_MODULE, escaped", async () => {
  const custom = await startShop({ bindings: { SHELFWISE_MODE: "local-only", SHELFWISE_BROWSER_MODULE: '/js/pz.js?v=2"><b>' } });
  try {
    const html = await (await custom.fetch("/")).text();
    assert.match(html, /<script type="module" src="\/js\/pz\.js\?v=2&quot;&gt;&lt;b&gt;"><\/script><\/head>/);
  } finally {
    await custom.close();
  }
});

test("profile endpoints do not exist in local-only mode", async () => {
  const cookie = await profileCookie();
  for (const [method, path] of [["GET", "/__pz/profile"], ["POST", "/__pz/prefs"], ["POST", "/__pz/signal"], ["POST", "/__pz/forget"]]) {
    const response = await shop.fetch(path, {
      method,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: method === "POST" ? "for=gift&craft=ceramics&consent=yes&kind=cart&keys=glass" : undefined,
    });
    const text = await response.text();
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.equal(response.headers.get("set-cookie"), null, `${method} ${path}`);
    assert.match(text, /local-only mode/);
  }
});

test("bots, assets and non-GET requests get the origin's response unchanged", async () => {
  const bot = await shop.fetch("/", { headers: { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" } });
  assert.equal(Buffer.from(await bot.arrayBuffer()).toString(), (await shop.fromOrigin("/")).body.toString());
  const css = await shop.fetch("/assets/shop.css", { headers: { accept: "text/css" } });
  assert.equal(Buffer.from(await css.arrayBuffer()).toString(), readFileSync(resolve(repo, "www/assets/shop.css"), "utf8"));
  const head = await shop.fetch("/", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
});
