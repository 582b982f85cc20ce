// docs/quickstart-site.md, followed as a site owner would: a different shop (the bookshop in
// tests/sample-site/) with its own markup and config, the worker run by `wrangler dev` with
// the origin and config passed as variables — the quickstart's exact commands.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { repo, BROWSER } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

const site = resolve(repo, "tests/sample-site");
const configText = readFileSync(resolve(site, "shelfwise.config.json"), "utf8");
const cli = resolve(repo, "target/debug/shelfwise");
let wrangler;
let origin;

after(async () => {
  if (wrangler) process.kill(-wrangler.pid, "SIGTERM");
  if (origin) await new Promise((done) => origin.close(done));
});

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

test("the quickstart's CLI commands work on the sample site", () => {
  const check = execFileSync(cli, ["config", "check", resolve(site, "shelfwise.config.json")]).toString();
  assert.match(check, /ok \(1 slots, 1 listings\)/);
  const cookie = execFileSync(cli, ["cookie", "encode"], {
    input: '{"written": 2518, "consent": "personalization", "answers": [{"question": "genre", "choices": ["mystery"], "interests": true}]}',
  }).toString().trim();
  assert.equal(cookie, "AgnWAg6FZ2VucmUHbXlzdGVyeQcBAg", "the value the quickstart shows");
  const page = execFileSync(
    cli,
    ["rewrite", "--config", resolve(site, "shelfwise.config.json"), "--cookie", cookie, "--today", "2026-11-23"],
    { input: readFileSync(resolve(site, "www/index.html")) },
  ).toString();
  assert.match(page, /data-pz-slot="banner" data-pz-shown="mystery-nights"/);
});

test("wrangler dev in front of another shop, configured only by variables", async () => {
  origin = await startOrigin({ port: 0, root: resolve(site, "www") });
  const port = await freePort();
  wrangler = spawn(
    "npx",
    [
      "wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port),
      "--var", `ORIGIN:http://127.0.0.1:${origin.address().port}`,
      "--var", `SHELFWISE_CONFIG:${configText}`,
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: repo,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_SEND_ERROR_REPORTS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
    },
  );
  let output = "";
  await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`wrangler dev did not start:\n${output}`)), 60_000);
    const watch = (chunk) => {
      output += chunk;
      if (/Ready on/.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    wrangler.stdout.on("data", watch);
    wrangler.stderr.on("data", watch);
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { "user-agent": BROWSER, accept: "text/html" };

  const plain = await (await fetch(`${base}/`, { headers })).text();
  assert.equal(plain, readFileSync(resolve(site, "www/index.html"), "utf8"), "no cookie: the origin's page");

  const answer = await fetch(`${base}/__pz/prefs`, {
    method: "POST",
    redirect: "manual",
    // The form is posted from the shop's own page, as a browser says.
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", origin: base },
    // The bookshop's own question: genres, as genres.
    body: "for=self&genre=mystery&consent=yes",
  });
  await answer.arrayBuffer();
  const cookie = answer.headers.get("set-cookie").split(";")[0];
  assert.match(cookie, /^plb=/, "the sample site's own cookie name");

  const html = await (await fetch(`${base}/`, { headers: { ...headers, cookie } })).text();
  assert.match(html, /data-pz-slot="banner" data-pz-shown="mystery-nights"/);

  // A first-time visitor from the poetry evening's link: the banner, and nothing stored.
  const invited = await fetch(`${base}/?utm_campaign=poetry-evening`, { headers });
  assert.match(await invited.text(), /data-pz-slot="banner" data-pz-shown="poetry-evening"(?! data-pz-reason)/);
  assert.equal(invited.headers.get("set-cookie"), null);
  const order = [...html.matchAll(/data-pz-item="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(order, ["bk-3", "bk-7", "bk-1", "bk-2", "bk-4", "bk-6", "bk-8", "bk-5"]);
});
