// The identity promise, through the real worker (wasm in workerd): a page without any
// `data-pz-*` marker comes back byte for byte as the origin sent it, with or without a
// profile cookie, however odd, malformed or hostile its markup. The documents come from the
// identity corpus (tests/data/identity/corpus.json, built by generate.mjs next to it).
//
// A deterministic sample runs by default: a few named must-haves, every document whose name
// mentions select, plaintext, frameset, svg or math, and every 10th document, thinned evenly
// to about 120. `IDENTITY_ALL=1` runs the whole corpus; `IDENTITY_SAMPLE=n` changes the cap.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startShop, answerQuestions, repo } from "./harness.mjs";

const corpus = JSON.parse(readFileSync(resolve(repo, "tests/data/identity/corpus.json"), "utf8"));

/** Always in the sample: the markup the defect was reported with. */
const MUST = [
  "plaintext-closed-in-select",
  "xmp-closed-in-select",
  "style-closed-in-select",
  "iframe-closed-in-select",
  "noscript-closed-in-select",
  "title-closed-in-select",
  "noembed-closed-in-select",
  "xmp-closed-in-after-frameset",
  "style-closed-in-after-frameset",
  "plaintext-unclosed-in-after-frameset-html",
  "mxss-select-style-img",
  "huge-attribute-200kb-in-select",
];

/** `k` items of `list`, evenly spaced, in order. */
function evenly(list, k) {
  if (k >= list.length) return list;
  if (k <= 0) return [];
  return Array.from({ length: k }, (_, i) => list[Math.floor((i * list.length) / k)]);
}

function sample() {
  if (process.env.IDENTITY_ALL === "1") return corpus;
  const cap = Number(process.env.IDENTITY_SAMPLE ?? 120);
  const byName = new Map(corpus.map((d) => [d.name, d]));
  const must = MUST.map((name) => {
    assert.ok(byName.has(name), `the corpus has no ${name}`);
    return byName.get(name);
  });
  const taken = new Set(MUST);
  const ambiguous = /select|plaintext|frameset/;
  const foreign = /svg|math/;
  const groups = [
    corpus.filter((d) => ambiguous.test(d.name)),
    corpus.filter((d) => foreign.test(d.name) && !ambiguous.test(d.name)),
    corpus.filter((d, i) => i % 10 === 0 && !ambiguous.test(d.name) && !foreign.test(d.name)),
  ].map((group) => group.filter((d) => !taken.has(d.name)));
  // Half of what is left for the markup lol_html finds ambiguous, a quarter each for
  // foreign content and the every-10th sweep; what one group does not use goes to the next.
  let budget = Math.max(0, cap - must.length);
  const shares = [0.5, 0.25, 0.25];
  const chosen = [...must];
  let spare = 0;
  groups.forEach((group, i) => {
    const want = i === groups.length - 1 ? budget : Math.round((cap - must.length) * shares[i]) + spare;
    const picked = evenly(group, Math.min(want, budget));
    spare = Math.max(0, want - picked.length);
    budget -= picked.length;
    chosen.push(...picked);
  });
  const order = new Map(corpus.map((d, i) => [d.name, i]));
  return chosen.sort((a, b) => order.get(a.name) - order.get(b.name));
}

const docs = sample();
let shop;
let dir;
let cookie;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "shelfwise-identity-"));
  for (const { name, html } of docs) writeFileSync(join(dir, `${name}.html`), html);
  shop = await startShop({ root: dir });
  const answered = await answerQuestions(shop, { for: "gift", craft: "ceramics", consent: "yes" });
  assert.equal(answered.response.status, 303, "the questions were answered");
  assert.match(answered.cookie ?? "", /^pz=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/, "a signed profile cookie was set");
  cookie = answered.cookie;
});

after(async () => {
  await shop?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Where two buffers first differ (the shorter one's length if one is a prefix of the other). */
function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

const around = (bytes, offset) => JSON.stringify(bytes.subarray(Math.max(0, offset - 24), offset + 24).toString("latin1"));

/** Fetches every sampled document through the worker; returns one line per broken promise. */
async function check(headers, cacheRule) {
  const failures = [];
  const queue = [...docs];
  async function worker() {
    for (let doc = queue.shift(); doc; doc = queue.shift()) {
      const expected = Buffer.from(doc.html, "utf8");
      const response = await shop.fetch(`/${doc.name}.html`, { headers });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) {
        failures.push(`${doc.name}: status ${response.status}`);
        continue;
      }
      const cacheControl = response.headers.get("cache-control");
      if (!cacheRule.test(cacheControl ?? "")) {
        failures.push(`${doc.name}: cache-control ${cacheControl}, expected ${cacheRule} (not the path through the worker this test is about)`);
      }
      if (!body.equals(expected)) {
        const at = firstDifference(expected, body);
        failures.push(
          `${doc.name}: first difference at byte ${at} (origin ${expected.length} bytes, worker ${body.length}); ` +
            `origin ${around(expected, at)} vs worker ${around(body, at)}`,
        );
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return failures.sort();
}

test("the sample covers the markup lol_html finds ambiguous", () => {
  const names = docs.map((d) => d.name);
  assert.ok(docs.length >= MUST.length, `${docs.length} documents sampled`);
  for (const name of MUST) assert.ok(names.includes(name), `${name} is in the sample`);
  for (const word of ["select", "plaintext", "frameset", "svg", "math"]) {
    assert.ok(names.some((n) => n.includes(word)), `the sample has a ${word} document`);
  }
  assert.ok(corpus.every((d) => !d.html.toLowerCase().includes("data-pz")), "the corpus is marker-free");
});

test("without a cookie every document comes back byte for byte", { timeout: 120_000 }, async () => {
  // The origin's own cache rule: the page passed through untouched.
  const failures = await check({}, /^public, max-age=60$/);
  assert.deepEqual(failures, [], `${failures.length} of ${docs.length} documents changed without a cookie:\n${failures.join("\n")}`);
});

test("with a profile cookie every marker-free document comes back byte for byte", { timeout: 120_000 }, async () => {
  // A private cache rule: the page went through the rewriter for this shopper.
  const failures = await check({ cookie }, /\bprivate\b/);
  assert.deepEqual(failures, [], `${failures.length} of ${docs.length} documents changed with a cookie:\n${failures.join("\n")}`);
});
