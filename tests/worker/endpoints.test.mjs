// The `/__pz/` endpoints, as another site, a crawler or a careless client would call them:
// only the shop's own pages change a profile, every answer is kept out of caches, and the
// way back after a form never leaves the shop. (A real browser on a second origin is in
// tests/e2e/cross-site.test.mjs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions } from "./harness.mjs";

let shop;
let cookie;
before(async () => {
  shop = await startShop();
  ({ cookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics" }));
});
after(async () => {
  await shop?.close();
});

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const WRITES = [
  ["/__pz/prefs", "for=self&craft=woodwork&consent=yes"],
  ["/__pz/forget", ""],
  ["/__pz/pause", "paused=yes"],
  ["/__pz/purposes", "interests=yes&measurement=yes"],
  ["/__pz/signal", "kind=cart&keys=woodwork"],
];

async function post(path, body, headers) {
  const response = await shop.fetch(path, { method: "POST", body, headers: { ...FORM, cookie, ...headers } });
  return { response, text: await response.text() };
}

function assertRefused({ response, text }, what) {
  assert.equal(response.status, 403, what);
  assert.equal(response.headers.get("set-cookie"), null, `${what}: nothing written`);
  assert.equal(response.headers.get("cache-control"), "no-store", what);
  assert.match(text, /^Request refused: /, what);
}

test("requests from another site, or from nowhere said, change nothing", async () => {
  for (const [path, body] of WRITES) {
    assertRefused(await post(path, body, { "sec-fetch-site": "cross-site" }), `${path} cross-site`);
    assertRefused(await post(path, body, { "sec-fetch-site": "same-site" }), `${path} from a sibling subdomain`);
    assertRefused(
      await post(path, body, { "sec-fetch-site": undefined, origin: "https://evil.example" }),
      `${path} with another Origin`,
    );
    assertRefused(await post(path, body, { "sec-fetch-site": undefined }), `${path} saying nothing`);
  }
  // Older browsers send only Origin; the shop's own is accepted.
  const own = await post("/__pz/signal", "kind=cart&keys=glass", { "sec-fetch-site": undefined, origin: "http://shop.test" });
  assert.equal(own.response.status, 204);
});

test("crawlers and other automated clients get no profile", async () => {
  for (const [path, body] of WRITES) {
    const bot = await post(path, body, { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    assertRefused(bot, `${path} from a crawler`);
    assert.match(bot.text, /automated clients/);
  }
});

test("every endpoint answer, errors included, is kept out of caches", async () => {
  const answers = [
    await shop.fetch("/__pz/prefs", { method: "POST", body: "craft=plutonium", headers: FORM }),
    await shop.fetch("/__pz/nowhere"),
    await shop.fetch("/__pz/signal", { method: "POST", body: "x".repeat(5000), headers: FORM }),
    await shop.fetch("/__pz/forget", { method: "POST", headers: { "sec-fetch-site": "cross-site" } }),
    await shop.fetch("/__pz/profile", { headers: { cookie } }),
    await shop.fetch("/__pz/forget", { method: "POST" }),
  ];
  assert.deepEqual(answers.map((r) => r.status), [400, 404, 413, 403, 200, 303]);
  for (const answer of answers) {
    assert.equal(answer.headers.get("cache-control"), "no-store", `${answer.status}`);
    await answer.arrayBuffer();
  }
});

test("the way back after a form is resolved before it is checked, so it never leaves the shop", async () => {
  for (const hostile of ["/..//evil.example", "/./..//evil.example/x", "/%2e%2e//evil.example", "/..\\/evil.example"]) {
    const body = new URLSearchParams({ for: "gift", return: hostile }).toString();
    const { response } = await post("/__pz/prefs", body, {});
    assert.equal(response.status, 303, hostile);
    assert.equal(response.headers.get("location"), "http://shop.test/", hostile);
  }
  const { response } = await post("/__pz/pause", "paused=no&return=/category/../privacy/", {});
  assert.equal(response.headers.get("location"), "http://shop.test/privacy/");
  for (const hostile of ["/..//evil.example", "/%2e%2e//evil.example"]) {
    const purposes = await post("/__pz/purposes", new URLSearchParams({ interests: "yes", return: hostile }).toString(), {});
    assert.equal(purposes.response.headers.get("location"), "http://shop.test/", `purposes ${hostile}`);
  }
});
