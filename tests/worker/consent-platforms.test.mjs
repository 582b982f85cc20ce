// The shop's consent platform at the edge: every shared consent vector (made by the IAB
// reference libraries and the platforms' documented cookie formats) allows in workerd what
// it allows natively, and withdrawing consent on the platform erases what it no longer
// allows from the profile cookie.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { configWithoutExperiments, repo, withWorker as withWorkerAt } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

const { vectors } = JSON.parse(readFileSync(resolve(repo, "tests/data/consent-vectors.json"), "utf8"));

let origin;
before(async () => {
  origin = await startOrigin({ port: 0, root: "www" });
});
after(async () => {
  await new Promise((done) => origin.close(done));
});

function configWith(privacy) {
  const config = JSON.parse(configWithoutExperiments());
  config.privacy = { ...config.privacy, ...privacy };
  return JSON.stringify(config);
}

const withWorker = (config, run) => withWorkerAt(`http://127.0.0.1:${origin.address().port}`, config, run);

/** Answers the questions, ticking every purpose, as a shopper in Germany with `cookies`. */
async function answer(fetch, cookies) {
  const response = await fetch("/__pz/prefs", {
    method: "POST",
    body: "for=gift&craft=ceramics&consent=yes&interests=yes&measurement=yes",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookies ? { cookie: cookies } : {}) },
    cf: { country: "DE" },
  });
  await response.arrayBuffer();
  return response.headers.get("set-cookie")?.split(";")[0] ?? null;
}

const pair = (vector) => (vector.cookie ? `${vector.cookie[0]}=${vector.cookie[1]}` : null);

test("every consent vector allows in workerd what it allows natively", async () => {
  // One worker per privacy config the vectors use.
  const byConfig = new Map();
  for (const vector of vectors) {
    const key = JSON.stringify(vector.privacy);
    byConfig.set(key, [...(byConfig.get(key) ?? []), vector]);
  }
  for (const [privacy, group] of byConfig) {
    await withWorker(configWith(JSON.parse(privacy)), async (fetch) => {
      for (const vector of group) {
        const consent = pair(vector);
        const profile = await answer(fetch, consent);
        const { allowed, opted_out: optedOut } = vector.expect;
        assert.equal(profile !== null, allowed.answers, `${vector.name}: stored`);
        if (!profile) continue;
        const report = await (await fetch("/__pz/profile", { headers: { cookie: `${consent}; ${profile}` } })).json();
        assert.deepEqual(report.purposes, allowed, `${vector.name}: purposes`);
        // Learning from browsing: only with the interests purpose, and never after a US opt-out.
        const view = await fetch("/product/cer-001/", { headers: { cookie: `${consent}; ${profile}` } });
        await view.arrayBuffer();
        assert.equal(view.headers.get("set-cookie") !== null, allowed.interests && !optedOut, `${vector.name}: a view is learnt from`);
      }
    });
  }
});

test("withdrawing consent on the platform erases what it no longer allows", async () => {
  const tc = (name) => pair(vectors.find((v) => v.name === name));
  await withWorker(configWith({ consent_platforms: { tcf: {} } }), async (fetch) => {
    let profile = await answer(fetch, tc("tcf: purposes 1, 5, 6 and 8"));
    const view = await fetch("/product/gls-001/", { headers: { cookie: `${tc("tcf: purposes 1, 5, 6 and 8")}; ${profile}` } });
    await view.arrayBuffer();
    profile = view.headers.get("set-cookie").split(";")[0];

    // Learning withdrawn: the next page stores the profile without what was learnt.
    const fewer = tc("tcf: purpose 1 only");
    const page = await fetch("/", { headers: { cookie: `${fewer}; ${profile}` } });
    await page.arrayBuffer();
    const rewritten = page.headers.get("set-cookie")?.split(";")[0];
    assert.ok(rewritten?.startsWith("pz="), "the profile is stored again");
    const report = await (await fetch("/__pz/profile", { headers: { cookie: `${fewer}; ${rewritten}` } })).json();
    assert.deepEqual(report.purposes, { answers: true, interests: false, measurement: false });
    assert.deepEqual(report.profile.affinities.map((a) => a.key), ["ceramics"], "only the stated craft's seed stays");

    // Everything withdrawn: the profile cookie is erased on the next page, which no cache keeps.
    const none = tc("tcf: every purpose refused");
    const erased = await fetch("/", { headers: { cookie: `${none}; ${rewritten}` } });
    await erased.arrayBuffer();
    assert.match(erased.headers.get("set-cookie") ?? "", /^pz=; Max-Age=0/);
    assert.equal(erased.headers.get("cache-control"), "private, no-store");
  });
});
