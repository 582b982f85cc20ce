// A load run with autocannon against workers in workerd (Miniflare), all on loopback, in
// front of the demo origin: a pass-through worker (the floor), Shelfwise without and with a
// profile, and the peer a site would otherwise build — a JavaScript worker that buffers the
// page and swaps the same slots and reorders the same listing with linkedom
// (benches/peer/linkedom-worker.mjs, given Shelfwise's decisions ready-made).
//
//   node benches/peer-load.mjs [seconds-per-case]   (run `make worker` first; default 10)
import autocannon from "autocannon";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { resolve } from "node:path";
import { workerOptions, repo, BROWSER } from "../tests/worker/harness.mjs";
import { startOrigin } from "../tests/support/origin.mjs";

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 4;
const PAGES = [["home", "/"], ["category (96 items)", "/category/all/"]];

const origin = await startOrigin({ port: 0, root: resolve(repo, "www") });
const originUrl = `http://127.0.0.1:${origin.address().port}`;
const listen = { host: "127.0.0.1", port: 0 };

async function start(options) {
  const mf = new Miniflare({ ...options, ...listen });
  return { mf, url: (await mf.ready).href.replace(/\/$/, "") };
}

function jsWorker(scriptPath, bindings) {
  return { modules: true, scriptPath, compatibilityDate: "2026-04-20", bindings };
}

const shelfwise = await start(workerOptions({ ORIGIN: originUrl }));
const passThrough = await start(jsWorker(resolve(repo, "benches/peer/pass-through.mjs"), { ORIGIN: originUrl }));

const answer = await fetch(`${shelfwise.url}/__pz/prefs`, {
  method: "POST",
  body: "for=gift&craft=ceramics",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER },
});
await answer.arrayBuffer();
const cookie = answer.headers.get("set-cookie").split(";")[0];
const headers = { accept: "text/html", "user-agent": BROWSER };

/** What a personalized page shows: slot variants and the listing's order (any attribute order). */
function decisions(html) {
  const attr = (tag, name) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const slots = {};
  for (const [tag] of html.matchAll(/<[a-z]+\b[^>]*\sdata-pz-slot="[^"]*"[^>]*>/g)) {
    const shown = attr(tag, "data-pz-shown");
    if (shown) slots[attr(tag, "data-pz-slot")] = shown;
  }
  const listing = /<[a-z]+\b[^>]*\sdata-pz-listing="[^"]*"[^>]*>/.exec(html);
  if (!listing || !attr(listing[0], "data-pz-shown")) return { slots, order: [] };
  const order = [...html.slice(listing.index).matchAll(/<li\b[^>]*\sdata-pz-item="([^"]+)"/g)].map((m) => m[1]);
  return { slots, order };
}

// The peer is handed exactly what Shelfwise decided for this profile.
const plan = {};
for (const [, path] of PAGES) {
  const html = await (await fetch(`${shelfwise.url}${path}`, { headers: { ...headers, cookie } })).text();
  plan[path] = decisions(html);
}
const bundled = resolve(repo, "build/peer/linkedom-worker.js");
await build({ entryPoints: [resolve(repo, "benches/peer/linkedom-worker.mjs")], bundle: true, format: "esm", platform: "browser", outfile: bundled, logLevel: "warning" });
const peer = await start(jsWorker(bundled, { ORIGIN: originUrl, PLAN: JSON.stringify(plan) }));
for (const [, path] of PAGES) {
  const html = await (await fetch(`${peer.url}${path}`, { headers: { ...headers, cookie } })).text();
  const same = JSON.stringify(decisions(html)) === JSON.stringify(plan[path]);
  if (!same) throw new Error(`the peer's ${path} differs from Shelfwise's decisions: ${JSON.stringify(decisions(html))} vs ${JSON.stringify(plan[path])}`);
}

async function load(url, extra = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { ...headers, ...extra } });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const rows = [];
for (const [page, path] of PAGES) {
  const cases = {
    "pass-through worker": await load(`${passThrough.url}${path}`),
    "Shelfwise, no profile": await load(`${shelfwise.url}${path}`),
    "Shelfwise, personalized": await load(`${shelfwise.url}${path}`, { cookie }),
    "linkedom peer, personalized": await load(`${peer.url}${path}`, { cookie }),
  };
  rows.push({ page, cases });
}

console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per case, loopback; profile: gift shopper who loves ceramics`);
console.log("| page | worker | p50 | p99 | req/s | errors |");
console.log("|---|---|---|---|---|---|");
for (const { page, cases } of rows) {
  for (const [name, r] of Object.entries(cases)) {
    console.log(`| ${page} | ${name} | ${r.p50} ms | ${r.p99} ms | ${r.rps.toFixed(0)} | ${r.errors} |`);
  }
}
for (const { page, cases } of rows) {
  const floor = cases["pass-through worker"].p50;
  const ours = cases["Shelfwise, personalized"].p50;
  const theirs = cases["linkedom peer, personalized"].p50;
  console.log(`${page}: Shelfwise adds ${(ours - floor).toFixed(1)} ms p50 over pass-through; the peer adds ${(theirs - floor).toFixed(1)} ms (${((theirs - floor) / Math.max(ours - floor, 0.5)).toFixed(1)}× Shelfwise's overhead); throughput ${(cases["Shelfwise, personalized"].rps / cases["linkedom peer, personalized"].rps).toFixed(1)}× the peer's`);
}

for (const { mf } of [shelfwise, passThrough, peer]) await mf.dispose();
origin.close();
