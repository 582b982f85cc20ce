// The shop's worker in workerd (`wrangler dev`, as `npm run dev` runs it) in front of the
// sample origin: a first visit gets the origin's page, a shopper who answers sees their
// hero and their gear first, and an edit of shelfwise.config.json takes effect without a
// restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { serveOrigin } from "../origin/serve.mjs";

const shop = fileURLToPath(new URL("..", import.meta.url));
const configFile = new URL("../shelfwise.config.json", import.meta.url);
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

let origin;
let wrangler;
let output = "";
let base;
const originalConfig = readFileSync(configFile, "utf8");

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function get(path, headers = {}) {
  return fetch(base + path, { headers: { "user-agent": BROWSER, accept: "text/html", ...headers }, redirect: "manual" });
}

async function until(check, what, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not answering yet
    }
    if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

before(async () => {
  origin = await serveOrigin(0);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  wrangler = spawn(
    "npx",
    ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false",
      "--var", `ORIGIN:http://127.0.0.1:${origin.address().port}`],
    {
      cwd: shop,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  wrangler.stdout.on("data", (chunk) => (output += chunk));
  wrangler.stderr.on("data", (chunk) => (output += chunk));
  await until(async () => (await get("/")).ok, "the worker answering", 180);
});

after(async () => {
  writeFileSync(configFile, originalConfig);
  if (wrangler && wrangler.exitCode === null) {
    const exited = new Promise((done) => wrangler.on("exit", done));
    // wrangler leaves workerd running if only its own process is stopped: stop the group.
    process.kill(-wrangler.pid, "SIGTERM");
    await exited;
  }
  await new Promise((done) => origin.close(done));
});

async function answer(activity) {
  const response = await fetch(`${base}/__pz/prefs`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "user-agent": BROWSER,
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
      origin: base,
    },
    body: new URLSearchParams({ craft: activity, consent: "yes", return: "/" }),
  });
  assert.equal(response.status, 303, await response.text());
  const cookie = response.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^pz=/);
  return cookie.split(";")[0];
}

const heroShown = (html) => /data-pz-slot="home-hero"[^>]*data-pz-shown="([^"]+)"/.exec(html)?.[1] ?? null;
const itemOrder = (html) => [...html.matchAll(/data-pz-item="([^"]+)"/g)].map((match) => match[1]);

test("a first visit gets the origin's page, with nothing stored", async () => {
  const response = await get("/");
  const html = await response.text();
  assert.equal(response.headers.get("set-cookie"), null);
  assert.match(html, /Gear for every trail/);
  assert.equal(heroShown(html), null);
  assert.deepEqual(itemOrder(html), ["tent-2p", "boots", "rope-60m", "poles", "harness"]);
});

test("a shopper who answers sees their hero and their gear first", async () => {
  const cookie = await answer("climbing");
  const html = await (await get("/", { cookie })).text();
  assert.equal(heroShown(html), "climbing-hero");
  assert.match(html, /Ropes, racks and chalk/);
  assert.deepEqual(itemOrder(html).slice(0, 2).sort(), ["harness", "rope-60m"]);
});

test("an edit of shelfwise.config.json takes effect without restarting", async () => {
  const cookie = await answer("climbing");
  const edited = JSON.parse(originalConfig);
  edited.slots["home-hero"] = [{ variant: "camping-hero", when: { loves: "climbing" } }];
  writeFileSync(configFile, JSON.stringify(edited, null, 2));
  await until(async () => heroShown(await (await get("/", { cookie })).text()) === "camping-hero", "the reload", 60);
});
