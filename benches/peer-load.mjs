// A load run with autocannon against workers in workerd (Miniflare), all on loopback, in
// front of the demo origin: a pass-through worker (the floor), Shelfwise without and with a
// profile, and the peer a site would otherwise build — a JavaScript worker that buffers the
// page and swaps the same slots and reorders the same listing with linkedom
// (benches/peer/linkedom-worker.mjs, given Shelfwise's decisions ready-made).
//
//   node benches/peer-load.mjs [seconds-per-case]   (run `make worker` first; default 10)
import autocannon from "autocannon";
import { PAGES, HEADERS as headers, startWorkers } from "./peer/setup.mjs";

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 4;

const { shelfwise, passThrough, peer, cookie, close } = await startWorkers();

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

await close();
