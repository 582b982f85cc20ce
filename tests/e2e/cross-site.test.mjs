// Another site cannot change or wipe a shopper's profile. The shopper answers the questions
// on the shop (http://127.0.0.1:PORT), then visits pages of a different site
// (http://localhost:PORT2) that try to change their answers, forget them, pause them or add
// to their basket signals: with auto-submitting forms that navigate the whole tab, with a
// background request, and with a form inside an embedded frame. Each attempt is refused
// (403, never stored by a cache, no cookie) and the shopper's profile cookie stays exactly as
// it was. The shop's own forms still change the answers and forget them.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startShop, BROWSER } from "../worker/harness.mjs";

/** The profile cookie, as documented in docs/cookie-format.md. */
const PROFILE_COOKIE = "pz";

let shop;
let attacker;
let attackerUrl;
let browser;
let context;
let page;

/** What the other site serves: pages that post to the shop as soon as they load. */
function attackerPage(url) {
  const { pathname, searchParams } = new URL(url, "http://attacker.invalid");
  const escape = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  if (pathname === "/form") {
    // /form?to=prefs&for=self&craft=woodwork&consent=yes: an auto-submitting form.
    const to = searchParams.get("to");
    searchParams.delete("to");
    const fields = [...searchParams].map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`);
    return `<!doctype html><title>Win a prize</title>
<form method="post" action="${shop.url}/__pz/${escape(to)}">${fields.join("")}</form>
<script>addEventListener("load", () => document.forms[0].submit());</script>`;
  }
  if (pathname === "/fetch") {
    // A background request that carries whatever cookies the browser will send.
    return `<!doctype html><title>Win a prize</title>
<script>
  window.attempt = fetch(${JSON.stringify(`${shop.url}/__pz/forget`)}, { method: "POST", mode: "no-cors", credentials: "include" })
    .then(() => "sent", (error) => "failed: " + error);
</script>`;
  }
  if (pathname === "/frame") {
    // An embedded page of the same other site that submits a form to the shop.
    return `<!doctype html><title>Win a prize</title>
<iframe name="prize" src="/form?${escape(searchParams.toString())}"></iframe>`;
  }
  return null;
}

before(async () => {
  shop = await startShop({ listen: true });
  attacker = createServer((req, res) => {
    const html = attackerPage(req.url);
    res.writeHead(html === null ? 404 : 200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html ?? "Not found");
  });
  // "localhost" may resolve to ::1 or 127.0.0.1: listen on both where the machine allows.
  await new Promise((ok, fail) => {
    attacker.once("error", () => {
      attacker.once("error", fail);
      attacker.listen(0, "127.0.0.1", ok);
    });
    attacker.listen({ port: 0, host: "::", ipv6Only: false }, ok);
  });
  attackerUrl = `http://localhost:${attacker.address().port}`;
  browser = await launchChromium();
  context = await browser.newContext({ userAgent: BROWSER });
  page = await context.newPage();
  await answerOnTheShop({ for: "gift", craft: "ceramics" });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (attacker?.listening ? attacker.close(done) : done()));
  await shop?.close();
});

/** The shopper's profile cookie value, or null when there is none. */
async function profileCookie() {
  const cookies = await context.cookies(shop.url);
  return cookies.find((cookie) => cookie.name === PROFILE_COOKIE)?.value ?? null;
}

/** Answers the questions with the shop's own form, as the shopper does. */
async function answerOnTheShop(answers) {
  await page.goto(`${shop.url}/preferences/`);
  await page.check(`input[name="for"][value="${answers.for}"]`);
  await page.check(`input[name="craft"][value="${answers.craft}"]`);
  await page.check('input[name="consent"][value="yes"]');
  await page.check('input[name="interests"]');
  await Promise.all([page.waitForURL(`${shop.url}/`), page.getByRole("button", { name: "Save my preferences" }).click()]);
}

/** The shopper's cookie before an attempt; answers the questions again if an earlier one wiped it. */
async function profileBefore() {
  if ((await profileCookie()) === null) await answerOnTheShop({ for: "gift", craft: "ceramics" });
  const value = await profileCookie();
  assert.ok(value && value.length > 10, "the shopper has a profile to protect");
  return value;
}

/** A POST the browser made to this shop endpoint. */
function postTo(endpoint) {
  return (response) => response.url() === `${shop.url}/__pz/${endpoint}` && response.request().method() === "POST";
}

/**
 * What the attempt did: the shop's answer and what became of the shopper's profile cookie,
 * which must be a refusal that leaves it as it was. Then the refusal's headers: never
 * stored by a cache, no cookie.
 */
async function assertRefused(response, before, what) {
  const now = await profileCookie();
  const profile = now === before ? "unchanged" : now === null ? "erased" : "changed";
  assert.deepEqual({ status: response.status(), profile }, { status: 403, profile: "unchanged" }, `${what}: refused, profile untouched`);
  const headers = await response.allHeaders();
  assert.match(headers["cache-control"] ?? "", /no-store/, `${what}: never stored by a cache`);
  assert.equal(headers["set-cookie"], undefined, `${what}: sets no cookie`);
}

/**
 * Visits the other site's page that submits `fields` to `/__pz/<endpoint>` in the whole tab,
 * and waits until the tab has settled. Returns the shop's response.
 */
async function topLevelPost(endpoint, fields) {
  const query = new URLSearchParams({ to: endpoint, ...fields });
  const posted = page.waitForResponse(postTo(endpoint));
  // Only the start of the visit is awaited: the form leaves the page as soon as it loads.
  await page.goto(`${attackerUrl}/form?${query}`, { waitUntil: "commit" });
  const response = await posted;
  // A 204 leaves the tab where it was; anything else puts the shop's answer in the tab.
  if (response.status() !== 204) await page.waitForURL((url) => url.origin === shop.url);
  return response;
}

const TOP_LEVEL = [
  ["prefs", "change the answers", { for: "self", craft: "woodwork", consent: "yes" }],
  ["forget", "forget the profile", {}],
  ["pause", "pause personalization", { paused: "yes" }],
  ["signal", "record a basket add", { kind: "cart", keys: "woodwork" }],
];

for (const [endpoint, what, fields] of TOP_LEVEL) {
  test(`another site's form, submitted in the whole tab, cannot ${what} (/__pz/${endpoint})`, async () => {
    const before = await profileBefore();
    const response = await topLevelPost(endpoint, fields);
    await assertRefused(response, before, endpoint);
    if (response.status() === 403) {
      assert.match((await response.allHeaders())["content-type"] ?? "", /^text\/plain/, `${endpoint}: a plain-text reason`);
      const reason = (await response.text()).trim();
      assert.ok(reason.length > 0 && reason.length < 500, `${endpoint}: a short reason: ${JSON.stringify(reason)}`);
    }
  });
}

test("another site's background request cannot forget the profile", async () => {
  const before = await profileBefore();
  const posted = page.waitForResponse(postTo("forget"));
  await page.goto(`${attackerUrl}/fetch`);
  const [response, outcome] = await Promise.all([posted, page.evaluate(() => window.attempt)]);
  assert.equal(outcome, "sent");
  await assertRefused(response, before, "background forget");
});

for (const [endpoint, what, fields] of TOP_LEVEL.slice(0, 2)) {
  test(`another site's form inside an embedded frame cannot ${what} (/__pz/${endpoint})`, async () => {
    const before = await profileBefore();
    const query = new URLSearchParams({ to: endpoint, ...fields });
    const posted = page.waitForResponse(postTo(endpoint));
    await page.goto(`${attackerUrl}/frame?${query}`, { waitUntil: "commit" });
    const response = await posted;
    // Let the frame show whatever the shop answered.
    const frame = page.frame({ name: "prize" });
    await frame?.waitForLoadState("load");
    await assertRefused(response, before, `framed ${endpoint}`);
  });
}

test("the shop's own forms still change the answers and forget them", async () => {
  const before = await profileBefore();
  await answerOnTheShop({ for: "self", craft: "woodwork" });
  const changed = await profileCookie();
  assert.ok(changed, "the profile is still there");
  assert.notEqual(changed, before, "the new answers are stored");
  await page.goto(`${shop.url}/privacy/`);
  const facts = page.locator("#privacy-facts");
  await facts.locator(".fact-text", { hasText: "You told us you love woodwork" }).waitFor();

  await Promise.all([page.waitForURL(`${shop.url}/`), page.getByRole("button", { name: "Forget everything" }).click()]);
  assert.equal(await profileCookie(), null, "the profile is erased");
  await page.goto(`${shop.url}/privacy/`);
  await facts.getByText("Nothing is stored about you.").waitFor();
});
