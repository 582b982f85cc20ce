// Config delivery: the `SHELFWISE_CONFIG` variable replaces the bundled config without a
// rebuild; a variable that fails validation is never applied.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Miniflare } from "miniflare";
import { workerOptions, answerQuestions, repo, BROWSER } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

const bundled = JSON.parse(readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8"));

async function heroFor(variable) {
  const origin = await startOrigin({ port: 0, root: "www" });
  const bindings = { ORIGIN: `http://127.0.0.1:${origin.address().port}` };
  if (variable !== undefined) bindings.SHELFWISE_CONFIG = variable;
  const mf = new Miniflare(workerOptions(bindings));
  try {
    const shop = {
      fetch: (path, init = {}) =>
        mf.dispatchFetch(`http://shop.test${path}`, { redirect: "manual", ...init, headers: { accept: "text/html", "user-agent": BROWSER, ...(init.headers ?? {}) } }),
    };
    const { cookie } = await answerQuestions(shop, { for: "gift" });
    const response = await shop.fetch("/", { headers: { cookie } });
    assert.equal(response.status, 200);
    return /data-pz-slot="home-hero"[^>]*data-pz-shown="([^"]+)"/.exec(await response.text())?.[1] ?? null;
  } finally {
    await mf.dispose();
    await new Promise((done) => origin.close(done));
  }
}

test("without the variable the bundled config decides", async () => {
  assert.equal(await heroFor(undefined), "gift-guide");
});

test("a valid SHELFWISE_CONFIG variable takes over without a rebuild", async () => {
  const changed = structuredClone(bundled);
  changed.slots["home-hero"] = [{ variant: "still-deciding", when: { shopping_for: ["gift"] } }];
  assert.equal(await heroFor(JSON.stringify(changed)), "still-deciding");
});

test("a broken SHELFWISE_CONFIG is never applied: the bundled config keeps serving", async () => {
  assert.equal(await heroFor('{"questions": {"crafts": "not a list"}'), "gift-guide");
  const invalid = structuredClone(bundled);
  invalid.slots["home-hero"] = [{ variant: "Not A Key!", when: { shopping_for: ["gift"] } }];
  assert.equal(await heroFor(JSON.stringify(invalid)), "gift-guide");
});
