// A panic inside the wasm module (forced by the test-only fault-injection build): the
// shopper still gets the origin's page, and the next requests are served normally.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Miniflare } from "miniflare";
import { workerOptions, answerQuestions, browserFetch, repo, BROWSER } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

let origin;
let mf;
let originUrl;

before(async () => {
  // Without it Miniflare would wait for a module that never appears.
  assert.ok(existsSync(resolve(repo, "build/worker-faults/entry.mjs")), "run .ci/build-fault-worker.sh first");
  origin = await startOrigin({ port: 0, root: "www" });
  originUrl = `http://127.0.0.1:${origin.address().port}`;
  mf = new Miniflare(workerOptions({ ORIGIN: originUrl }, "build/worker-faults/entry.mjs"));
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await new Promise((done) => origin.close(done));
});

// `mf` is created in `before`, so the wrapper is made per call.
const shop = { fetch: (path, init) => browserFetch(mf)(path, init) };

test("a panic serves the origin's page and later requests are unaffected", async () => {
  const { cookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics" });
  const originHome = await (await fetch(`${originUrl}/`)).text();

  const panicked = await shop.fetch("/", { headers: { cookie, "x-shelfwise-fault": "panic" } });
  assert.equal(panicked.status, 200);
  assert.equal(await panicked.text(), originHome, "the origin's page, unchanged");

  for (let i = 0; i < 3; i++) {
    const next = await shop.fetch("/", { headers: { cookie } });
    assert.equal(next.status, 200);
    assert.match(await next.text(), /data-pz-shown="gift-guide"/, "personalization works again");
  }
  const again = await shop.fetch("/", { headers: { cookie, "x-shelfwise-fault": "panic" } });
  assert.equal(await again.text(), originHome);
  const after = await shop.fetch("/category/all/", { headers: { cookie } });
  assert.match(await after.text(), /data-pz-shown="affinity"/);
});

for (const mode of ["edge", "local-only"]) {
  test(`in ${mode} mode a panic still keeps the profile cookie from the origin, also from joined Cookie headers`, async () => {
    const seen = [];
    const modeOrigin = await startOrigin({ port: 0, root: "www", onRequest: (req) => seen.push(req.headers.cookie ?? null) });
    const bindings = { ORIGIN: `http://127.0.0.1:${modeOrigin.address().port}`, ...(mode === "local-only" ? { SHELFWISE_MODE: "local-only" } : {}) };
    const worker = new Miniflare(workerOptions(bindings, "build/worker-faults/entry.mjs"));
    try {
      const fetchPage = browserFetch(worker);
      const cookie = "session=abc; pz=AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ; theme=dark";
      const panicked = await fetchPage("/", { headers: { cookie, "x-shelfwise-fault": "panic" } });
      assert.equal(panicked.status, 200);
      assert.match(await panicked.text(), /<html/i, "the origin's page");
      const onlyProfile = await fetchPage("/", { headers: { cookie: "pz=AQnWAQ", "x-shelfwise-fault": "panic" } });
      await onlyProfile.arrayBuffer();
      // Two Cookie headers reach the worker joined by ", ".
      const joined = new Headers([["accept", "text/html"], ["user-agent", BROWSER], ["x-shelfwise-fault", "panic"], ["cookie", "a=1"], ["cookie", "pz=AQnWAQ"]]);
      await (await worker.dispatchFetch("http://shop.test/", { headers: joined })).arrayBuffer();
      assert.deepEqual(seen, ["session=abc; theme=dark", null, "a=1"], "the origin saw every other cookie and never the profile");
    } finally {
      await worker.dispose();
      await new Promise((done) => modeOrigin.close(done));
    }
  });
}
