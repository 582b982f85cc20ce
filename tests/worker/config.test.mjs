// Config delivery: the `SHELFWISE_CONFIG` variable replaces the bundled config without a
// rebuild; a variable that fails validation is never applied.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Miniflare } from "miniflare";
import { workerOptions, answerQuestions, repo, BROWSER, browserFetch, configWithoutExperiments } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

const bundled = JSON.parse(readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8"));

/** The home hero's marks for a gift shopper, under the given config variable. */
async function heroFor(variable) {
  const marks = await heroMarks(variable);
  return marks.shown;
}

async function heroMarks(variable, cookies = null) {
  const origin = await startOrigin({ port: 0, root: "www" });
  const bindings = { ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_CONFIG: variable };
  const mf = new Miniflare(workerOptions(bindings));
  try {
    const shop = { fetch: browserFetch(mf) };
    const results = [];
    for (const cookie of cookies ?? [(await answerQuestions(shop, { for: "gift" })).cookie]) {
      const response = await shop.fetch("/", { headers: { cookie } });
      assert.equal(response.status, 200);
      const tag = /<section[^>]*data-pz-slot="home-hero"[^>]*>/.exec(await response.text())[0];
      const attribute = (name) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1] ?? null;
      results.push({ shown: attribute("data-pz-shown"), arm: attribute("data-pz-arm") });
    }
    return cookies ? results : results[0];
  } finally {
    await mf.dispose();
    await new Promise((done) => origin.close(done));
  }
}

test("without the variable the bundled config decides, experiments and holdout included", async () => {
  // Forty gift shoppers with fresh random salts: each sees the gift guide, or is in the
  // hero experiment (marked with its arm), or is in the holdout (no marks at all).
  const origin = await startOrigin({ port: 0, root: "www" });
  const mf = new Miniflare(workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_CONFIG: undefined }));
  const cookies = [];
  try {
    for (let i = 0; i < 40; i++) {
      const response = await browserFetch(mf)("/__pz/prefs", {
        method: "POST",
        body: "for=gift",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER },
      });
      await response.arrayBuffer();
      cookies.push(response.headers.get("set-cookie").split(";")[0]);
    }
  } finally {
    await mf.dispose();
    await new Promise((done) => origin.close(done));
  }
  const results = await heroMarks(undefined, cookies);
  for (const { shown, arm } of results) {
    if (arm === "control" || arm === "holdout") assert.equal(shown, "default");
    else if (shown !== null) assert.equal(shown, "gift-guide");
  }
  assert.ok(results.filter((r) => r.shown === "gift-guide").length >= 20, JSON.stringify(results));
});

test("a valid SHELFWISE_CONFIG variable takes over without a rebuild", async () => {
  const changed = structuredClone(bundled);
  changed.slots["home-hero"] = [{ variant: "still-deciding", when: { shopping_for: ["gift"] } }];
  changed.experiments = { holdout_percent: 0, tests: {} };
  assert.equal(await heroFor(JSON.stringify(changed)), "still-deciding");
});

test("a broken SHELFWISE_CONFIG is never applied: the bundled config keeps serving", async () => {
  const invalid = structuredClone(bundled);
  invalid.slots["home-hero"] = [{ variant: "Not A Key!", when: { shopping_for: ["gift"] } }];
  for (const variable of ['{"questions": {"crafts": "not a list"}', JSON.stringify(invalid)]) {
    // The bundled config's experiments and holdout apply, so a shopper may see the default.
    const { shown, arm } = await heroMarks(variable);
    if (arm === "control" || arm === "holdout") assert.equal(shown, "default");
    else if (shown !== null) assert.equal(shown, "gift-guide");
  }
});

test("the debug trace header appears only when the config enables it", async () => {
  const origin = await startOrigin({ port: 0, root: "www" });
  const traced = structuredClone(bundled);
  traced.experiments = { holdout_percent: 0, tests: {} };
  traced.debug = { trace: true };
  try {
    for (const [config, expectTrace] of [[traced, true], [{ ...traced, debug: { trace: false } }, false]]) {
      const mf = new Miniflare(
        workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_CONFIG: JSON.stringify(config) }),
      );
      const shop = { fetch: browserFetch(mf) };
      const { cookie } = await answerQuestions(shop, { for: "gift", craft: "glass" });
      const response = await shop.fetch("/", { headers: { cookie } });
      await response.arrayBuffer();
      const trace = response.headers.get("x-shelfwise-trace");
      if (expectTrace) {
        assert.match(trace, /home-hero=gift-guide\(segment:gift-buyer\)/);
        assert.match(trace, /featured-collection=glass-collection\(stated-craft:glass\)/);
        assert.match(trace, /category=ranked/);
      } else {
        assert.equal(trace, null);
      }
      await mf.dispose();
    }
  } finally {
    await new Promise((done) => origin.close(done));
  }
});

test("bots are never assigned to experiments, even with a profile cookie", async () => {
  const origin = await startOrigin({ port: 0, root: "www" });
  const mf = new Miniflare(workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_CONFIG: undefined }));
  try {
    const answer = await browserFetch(mf)("/__pz/prefs", {
      method: "POST",
      body: "for=gift",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER },
    });
    await answer.arrayBuffer();
    const cookie = answer.headers.get("set-cookie").split(";")[0];
    const originHome = await (await fetch(`http://127.0.0.1:${origin.address().port}/`)).text();
    for (const agent of ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Slackbot-LinkExpanding 1.0"]) {
      const response = await mf.dispatchFetch("http://shop.test/", { headers: { accept: "text/html", "user-agent": agent, cookie } });
      const html = await response.text();
      assert.equal(html, originHome, agent);
      assert.doesNotMatch(html, /data-pz-arm=/);
    }
  } finally {
    await mf.dispose();
    await new Promise((done) => origin.close(done));
  }
});

test("a config in KV takes over without a redeploy; a broken one there never applies", async () => {
  const origin = await startOrigin({ port: 0, root: "www" });
  const mf = new Miniflare({
    ...workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, CONFIG_KV_TTL_MS: "0" }),
    kvNamespaces: ["SHELFWISE_KV"],
  });
  try {
    const kv = await mf.getKVNamespace("SHELFWISE_KV");
    const shop = { fetch: browserFetch(mf) };
    const { cookie } = await answerQuestions(shop, { for: "gift" });
    const hero = async () => {
      const html = await (await shop.fetch("/", { headers: { cookie } })).text();
      return /data-pz-slot="home-hero"[^>]*data-pz-shown="([^"]+)"/.exec(html)?.[1] ?? null;
    };
    assert.equal(await hero(), "gift-guide", "no KV entry: the variable's (test) config");

    const fromKv = JSON.parse(configWithoutExperiments());
    fromKv.slots["home-hero"] = [{ variant: "treat-yourself", when: { shopping_for: ["gift"] } }];
    await kv.put("config", JSON.stringify(fromKv));
    assert.equal(await hero(), "treat-yourself", "the KV config applies on the next request");

    await kv.put("config", '{"questions": {"crafts": []}}');
    assert.equal(await hero(), "treat-yourself", "a broken KV config is never applied: the last good one stays");

    await kv.delete("config");
    assert.equal(await hero(), "gift-guide", "the key removed: back to the variable's config");
  } finally {
    await mf.dispose();
    await new Promise((done) => origin.close(done));
  }
});
