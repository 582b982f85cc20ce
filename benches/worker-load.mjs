// Latency and CPU per request of the real worker in workerd (Miniflare) in front of the demo
// origin, all on loopback, one request at a time: the pass-through JavaScript worker (the
// floor), one that streams the body through JavaScript unchanged, the minimal lol_html
// worker, Shelfwise without a profile (with a config that has no context rules; with the
// demo's, which has, on a URL no rule matches; and on a campaign link its rule matches),
// Shelfwise with a profile, and the linkedom peer (see peer/setup.mjs).
//
// Wall time on a shared machine is noisy; the CPU time the worker's workerd process spends
// per request (from /proc, so Linux only) is the steadier figure: everything but the
// worker's own code is the same in every process, so the difference from the pass-through
// worker is what the worker's code costs.
//
//   node benches/worker-load.mjs [requests-per-case]   (run `make worker` and
//   `bash benches/size-floor.sh` first; default 500)
import { PAGES, HEADERS, cpuMs, startWorkers } from "./peer/setup.mjs";

const N = Number(process.argv[2] ?? 500);
const WARMUP = 30;

const { shelfwise, shelfwiseNoContextRules, passThrough, streaming, lolHtmlFloor, peer, cookie, close } = await startWorkers({ withLolHtmlFloor: true });

// The cases take turns in blocks of BLOCK requests, so a slower stretch of a shared machine
// falls on all of them alike; each block's CPU is read before and after it.
const BLOCK = 25;

async function request({ url }, path, headers) {
  const started = performance.now();
  const response = await fetch(url + path, { headers: { ...HEADERS, ...headers } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}${path} answered ${response.status}`);
  return performance.now() - started;
}

// A case is [name, worker, request headers, query added to the page's path].
async function timeCases(cases, path) {
  const results = cases.map(() => ({ samples: [], cpu: 0 }));
  for (const [, worker, headers, query = ""] of cases) for (let i = 0; i < WARMUP; i++) await request(worker, path + query, headers);
  for (let done = 0; done < N; done += BLOCK) {
    for (const [k, [, worker, headers, query = ""]] of cases.entries()) {
      const cpuBefore = cpuMs(worker.pid);
      for (let i = done; i < Math.min(N, done + BLOCK); i++) results[k].samples.push(await request(worker, path + query, headers));
      results[k].cpu += cpuMs(worker.pid) - cpuBefore;
    }
  }
  return Object.fromEntries(
    results.map(({ samples, cpu }, k) => {
      samples.sort((a, b) => a - b);
      const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
      return [cases[k][0], { p50: at(0.5), p95: at(0.95), cpu: cpu / N }];
    }),
  );
}

const rows = [];
for (const [page, path] of PAGES) {
  const cases = await timeCases(
    [
      ["pass-through worker", passThrough, {}],
      ["streaming pass-through", streaming, {}],
      ["lol_html floor worker", lolHtmlFloor, {}],
      ["Shelfwise, no profile, config without context rules", shelfwiseNoContextRules, {}],
      ["Shelfwise, no profile", shelfwise, {}],
      ["Shelfwise, no profile, campaign link", shelfwise, {}, "?utm_campaign=winter-gifts"],
      ["Shelfwise, personalized", shelfwise, { cookie }],
      ["linkedom peer, personalized", peer, { cookie }],
    ],
    path,
  );
  rows.push({ page, cases });
}

const ms = (v) => `${v.toFixed(2)} ms`;
console.log(`worker load run: ${N} sequential requests per case (cases taking turns in blocks of ${BLOCK}) after ${WARMUP} warm-up, loopback; profile: gift shopper who loves ceramics`);
console.log("| page | worker | p50 | p95 | workerd CPU per request |");
console.log("|---|---|---|---|---|");
for (const { page, cases } of rows) {
  for (const [name, r] of Object.entries(cases)) console.log(`| ${page} | ${name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.cpu)} |`);
}
for (const { page, cases } of rows) {
  const streamingFloor = cases["streaming pass-through"];
  const oursOverStreaming = cases["Shelfwise, personalized"].cpu - streamingFloor.cpu;
  console.log(`${page}: streaming the body through JavaScript unchanged costs ${ms(streamingFloor.cpu - cases["pass-through worker"].cpu)} CPU over pass-through; Shelfwise's personalization costs ${ms(oursOverStreaming)} CPU over that`);
  const lol = cases["lol_html floor worker"];
  const plain = cases["pass-through worker"];
  console.log(`${page}: the minimal lol_html worker adds ${ms(lol.p50 - plain.p50)} p50 and ${ms(lol.cpu - plain.cpu)} CPU over pass-through`);
}
for (const { page, cases } of rows) {
  const floor = cases["pass-through worker"];
  const ours = cases["Shelfwise, personalized"];
  const theirs = cases["linkedom peer, personalized"];
  const added = (r, key) => r[key] - floor[key];
  console.log(
    `${page}: over pass-through, Shelfwise adds ${ms(added(ours, "p50"))} p50 and ${ms(added(ours, "cpu"))} CPU; ` +
      `the peer adds ${ms(added(theirs, "p50"))} p50 and ${ms(added(theirs, "cpu"))} CPU ` +
      `(${(added(theirs, "cpu") / added(ours, "cpu")).toFixed(1)}× Shelfwise's CPU)`,
  );
}
await close();
