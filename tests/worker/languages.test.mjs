// The demo shop in its two languages, through the real worker: the page's `<html lang>`
// decides what its "why this?" lines say (the English home page and the German one at
// /de/), the browser's Accept-Language decides where the page does not say, and the privacy
// centre's report is said in the language its page asks for.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions } from "./harness.mjs";

let shop;
let cookie;
before(async () => {
  shop = await startShop();
  ({ cookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics", consent: "yes" }));
  assert.ok(cookie, "answered");
});
after(async () => {
  await shop?.close();
});

/** The "why this?" lines of a page, in order. */
async function whyLines(path, headers = {}) {
  const response = await shop.fetch(path, { headers: { cookie, ...headers } });
  const html = await response.text();
  return [...html.matchAll(/data-pz-why>([^<]*)</g)].map((m) => m[1]);
}

/** The facts of the privacy centre's report, and the language it says it is in. */
async function report(query = "", headers = {}) {
  const response = await shop.fetch(`/__pz/profile${query}`, { headers: { cookie, accept: "application/json", ...headers } });
  const body = await response.json();
  return { language: body.language, facts: body.facts.map((f) => f.text), decisions: body.decisions.map((d) => d.because) };
}

test("the page's lang decides its why lines, whatever the browser prefers", async () => {
  const english = await whyLines("/", { "accept-language": "de-DE,de;q=0.9" });
  const german = await whyLines("/de/", { "accept-language": "en-GB,en;q=0.9" });
  assert.ok(english.length > 0 && english.length === german.length, `${english.length} and ${german.length} lines`);
  assert.ok(english.includes("Because you told us you're shopping for a gift"), english.join("\n"));
  assert.ok(german.includes("Weil Sie uns gesagt haben, dass Sie ein Geschenk suchen"), german.join("\n"));
  assert.ok(german.every((line) => !/Because/.test(line)), german.join("\n"));
});

test("the privacy centre's report is said in the language its page asks for, else the browser's", async () => {
  const german = await report("?lang=de", { "accept-language": "en" });
  assert.equal(german.language, "de");
  assert.ok(german.facts.includes("Sie haben uns gesagt, dass Sie ein Geschenk suchen."), german.facts.join("\n"));
  assert.ok(german.facts.includes("Sie haben uns gesagt, dass Sie Keramik lieben."), german.facts.join("\n"));
  assert.ok(german.facts.some((f) => f.startsWith("Einwilligung: Personalisierung.")), german.facts.join("\n"));
  assert.ok(german.decisions.some((d) => /^Weil /.test(d)), german.decisions.join("\n"));

  const byBrowser = await report("", { "accept-language": "de-CH, en;q=0.5" });
  assert.equal(byBrowser.language, "de");
  const english = await report("?lang=en-GB", { "accept-language": "de" });
  assert.equal(english.language, "en");
  assert.ok(english.facts.includes("You told us you're shopping for a gift."), english.facts.join("\n"));
  assert.ok(english.facts.includes("Consent: personalization."), english.facts.join("\n"));
  // A language the shop does not have: its own, English.
  assert.equal((await report("?lang=ja", { "accept-language": "ja" })).language, "en");
});
