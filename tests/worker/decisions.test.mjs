// The shared decision vectors through the real worker: for each vector's profile (moved to
// today), the worker's page must be byte-identical to what the native CLI renders for the
// same config, cookie, page and day. Same inputs, same decisions, in every adapter.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import { workerOptions, repo, BROWSER, SIGNING_KEY } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

const file = JSON.parse(readFileSync(resolve(repo, "tests/data/decision-vectors.json"), "utf8"));
const cli = resolve(repo, "target/debug/shelfwise");
// The CLI signs and checks cookies with the worker's key, as the worker does.
const env = { ...process.env, SHELFWISE_SIGNING_KEY: SIGNING_KEY };
const todayDay = Math.floor(Date.now() / 86_400_000) - 18_262;
const todayIso = new Date(Date.now()).toISOString().slice(0, 10);
const dayOf = (iso) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) - 18_262;

const page =
  `<!doctype html><html><body>\n` +
  ["hero", "story", "offer", "welcome", "reminder", "shelf", "recent", "deal"]
    .map((slot) => {
      // A shelf rule has no template: the worker writes the shelf's markup.
      const variants = file.config.slots[slot].filter((r) => !r.shelf).map((r) => r.variant);
      const templates = [...new Set(variants)].map((v) => `<template data-pz-variant="${v}"><p>${slot}: ${v}</p></template>`).join("");
      return `<section data-pz-slot="${slot}"><p>${slot}: default</p>${templates}</section>`;
    })
    .join("\n") +
  `\n<ul data-pz-listing="category">\n` +
  file.listing
    .map((item) => {
      const attrs = [`data-pz-item="${item.sku}"`, `data-pz-tags="${item.tags}"`];
      for (const key of ["price", "stock", "margin"]) if (item[key] !== undefined) attrs.push(`data-pz-${key}="${item[key]}"`);
      if (item.pin) attrs.push(`data-pz-pin="1"`);
      return `  <li ${attrs.join(" ")}>${item.sku}</li>`;
    })
    .join("\n") +
  `\n</ul>\n</body></html>\n`;

let dir;
let origin;
let mf;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "shelfwise-decisions-"));
  writeFileSync(join(dir, "index.html"), page);
  // The same page as a catalog item's own page, for the vectors that look at the path.
  for (const item of file.config.catalog) {
    mkdirSync(join(dir, item.url), { recursive: true });
    writeFileSync(join(dir, item.url, "index.html"), page);
  }
  writeFileSync(join(dir, "config.json"), JSON.stringify(file.config));
  origin = await startOrigin({ port: 0, root: dir });
  mf = new Miniflare(
    workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}`, SHELFWISE_CONFIG: JSON.stringify(file.config) }),
  );
  await mf.ready;
});
after(async () => {
  await mf?.dispose();
  if (origin) await new Promise((done) => origin.close(done));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The vector's profile with every day moved by the same amount, so it is "today" now. */
function rebased(vector) {
  const shift = todayDay - dayOf(vector.today);
  const profile = structuredClone(vector.profile);
  profile.written += shift;
  if (profile.created !== undefined) profile.created += shift;
  if (profile.consented_on !== undefined) profile.consented_on += shift;
  for (const a of profile.affinities ?? []) a.day += shift;
  const lifecycle = profile.lifecycle;
  if (lifecycle) {
    lifecycle.first_seen += shift;
    lifecycle.last_seen += shift;
    if (lifecycle.last_purchase !== undefined) lifecycle.last_purchase += shift;
  }
  if (profile.intent?.cart_open_since !== undefined) profile.intent.cart_open_since += shift;
  for (const e of profile.exposures ?? []) e.since += shift;
  for (const b of profile.bought ?? []) b.day += shift;
  for (const v of profile.viewed ?? []) v.day += shift;
  return profile;
}

test("the worker renders every vector's page exactly as the native CLI does", async () => {
  for (const vector of file.vectors) {
    // A null profile is a visitor who has stored nothing; `context` is the request's own URL
    // and referrer, given to the CLI as flags and to the worker as the request.
    const cookie = vector.profile
      ? execFileSync(cli, ["cookie", "encode"], { input: JSON.stringify(rebased(vector)), env }).toString().trim()
      : null;
    const url = vector.context?.url ?? "http://shop.test/";
    const referrer = vector.context?.referrer;
    const args = ["rewrite", "--config", join(dir, "config.json"), "--today", todayIso, "--url", url, "--user-agent", BROWSER];
    if (cookie) args.push("--cookie", cookie);
    if (referrer) args.push("--referrer", referrer);
    const native = execFileSync(cli, args, { input: page, env }).toString();
    const headers = { accept: "text/html", "user-agent": BROWSER };
    if (cookie) headers.cookie = `pz=${cookie}`;
    if (referrer) headers.referer = referrer;
    const response = await mf.dispatchFetch(url, { headers });
    assert.equal(response.status, 200, vector.name);
    const html = await response.text();
    assert.equal(html, native, vector.name);
    // The context vectors and those marked `today_independent` do not depend on the calendar
    // (the others are decided for today here, not their own day): their page shows what
    // they expect, so "both unchanged" cannot pass.
    for (const [slot, variant] of vector.context || vector.today_independent ? Object.entries(vector.expect.slots) : []) {
      const marks = new RegExp(`data-pz-slot="${slot}"[^>]*`).exec(html)[0];
      const shown = /data-pz-shown="([^"]+)"/.exec(marks)?.[1] ?? null;
      assert.equal(shown, variant, `${vector.name}: slot ${slot}`);
    }
    for (const [slot, markup] of Object.entries(vector.expect.shelf ?? {})) {
      const shown = vector.expect.slots[slot];
      assert.ok(html.includes(`data-pz-slot="${slot}" data-pz-shown="${shown}">${markup}</section>`), `${vector.name}: shelf ${slot}`);
    }
    assert.equal(response.headers.get("set-cookie") !== null && !cookie, false, `${vector.name}: nothing stored without a profile`);
  }
});
