// A load run against the real worker in workerd (Miniflare) in front of the demo origin,
// all on loopback. Times whole requests (worker + origin fetch + streaming) and compares
// them with the origin alone and with the worker passing pages through untouched.
//
//   node benches/worker-load.mjs [requests-per-case]   (run `make worker` first)
import { Miniflare } from "miniflare";
import { workerOptions, BROWSER } from "../tests/worker/harness.mjs";
import { startOrigin } from "../tests/support/origin.mjs";

const N = Number(process.argv[2] ?? 300);
const WARMUP = 30;

const origin = await startOrigin({ port: 0, root: "www" });
const originUrl = `http://127.0.0.1:${origin.address().port}`;
const mf = new Miniflare({ ...workerOptions({ ORIGIN: originUrl }), host: "127.0.0.1", port: 0 });
const workerUrl = (await mf.ready).href.replace(/\/$/, "");

async function cookieFor(body) {
  const response = await fetch(`${workerUrl}/__pz/prefs`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER },
  });
  await response.arrayBuffer();
  return response.headers.get("set-cookie").split(";")[0];
}

async function time(url, headers) {
  const samples = [];
  for (let i = 0; i < WARMUP + N; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { accept: "text/html", "user-agent": BROWSER, ...headers } });
    await response.arrayBuffer();
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p95: at(0.95) };
}

const cookie = await cookieFor("for=gift&craft=ceramics");
const rows = [];
for (const [page, path] of [["home", "/"], ["category (96 items)", "/category/all/"]]) {
  const direct = await time(`${originUrl}${path}`, {});
  const passThrough = await time(`${workerUrl}${path}`, {});
  const personalized = await time(`${workerUrl}${path}`, { cookie });
  rows.push({ page, direct, passThrough, personalized });
}

const ms = (v) => `${v.toFixed(2)} ms`;
console.log(`worker load run: ${N} sequential requests per case after ${WARMUP} warm-up, loopback`);
console.log("| page | origin alone (median / p95) | worker, no cookie | worker, personalized | personalization over pass-through (median) |");
console.log("|---|---|---|---|---|");
for (const { page, direct, passThrough, personalized } of rows) {
  console.log(
    `| ${page} | ${ms(direct.median)} / ${ms(direct.p95)} | ${ms(passThrough.median)} / ${ms(passThrough.p95)} | ${ms(personalized.median)} / ${ms(personalized.p95)} | +${ms(personalized.median - passThrough.median)} |`,
  );
}
await mf.dispose();
origin.close();
