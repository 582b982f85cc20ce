// Observability without personal data: with SHELFWISE_LOG = "counts" the worker writes one
// JSON line per personalized page holding counts only — nothing from the cookie, the
// profile, the URL or the request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { workerOptions, browserFetch, answerQuestions } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

let origin;
let mf;
let fetchPage;
const output = [];

before(async () => {
  origin = await startOrigin({ port: 0, root: "www" });
  mf = new Miniflare({
    ...workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_LOG: "counts" }),
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) stream.on("data", (chunk) => output.push(chunk.toString()));
    },
  });
  await mf.ready;
  fetchPage = browserFetch(mf);
});

after(async () => {
  await mf?.dispose();
  if (origin) await new Promise((done) => origin.close(done));
});

async function linesAfter(run) {
  output.length = 0;
  await run();
  // Log lines arrive on the runtime's stdout shortly after the response.
  for (let i = 0; i < 50 && !output.join("").includes("shelfwise.page"); i++) await new Promise((r) => setTimeout(r, 20));
  return output
    .join("")
    .split("\n")
    .filter((line) => line.includes("shelfwise.page"))
    .map((line) => JSON.parse(line.slice(line.indexOf("{"))));
}

test("a personalized page logs its counts and nothing about the shopper", async () => {
  const { cookie } = await answerQuestions({ fetch: fetchPage }, { for: "gift", craft: "ceramics" });
  const value = cookie.slice(cookie.indexOf("=") + 1);
  const home = await linesAfter(async () => (await fetchPage("/", { headers: { cookie } })).text());
  assert.deepEqual(home, [
    { event: "shelfwise.page", slots_filled: 4, listings_reordered: 1, profile_updated: true, stopped_early: false },
  ]);
  const category = await linesAfter(async () => (await fetchPage("/category/all/", { headers: { cookie } })).text());
  assert.equal(category.length, 1);
  assert.equal(category[0].listings_reordered, 1);
  const everything = output.join("");
  for (const secret of [value, "ceramics", "gift", "/category/all/"]) {
    assert.ok(!everything.includes(secret), `the log holds ${secret}`);
  }
  // Pages without a profile are not logged at all.
  const anonymous = await linesAfter(async () => (await fetchPage("/")).text());
  assert.deepEqual(anonymous, []);
});
