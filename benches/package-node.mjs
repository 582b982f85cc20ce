// The browser package's wasm timed in Node (V8, the engine of Chromium and of workerd):
// each Engine call the package makes while personalizing a page, with the demo config and
// the demo's 96-item category listing.
//
//   node benches/package-node.mjs [iterations]   (run `make package` first)
import { readFileSync } from "node:fs";
import { initSync, Engine } from "../package/wasm/shelfwise.js";
import { configWithoutExperiments } from "../tests/worker/harness.mjs";

const N = Number(process.argv[2] ?? 2000);
const started = performance.now();
initSync({ module: readFileSync(new URL("../package/wasm/shelfwise_bg.wasm", import.meta.url)) });
const compile = performance.now() - started;

const config = configWithoutExperiments();
const html = readFileSync(new URL("../www/category/all/index.html", import.meta.url), "utf8");
const fields = [];
for (const [tag] of html.matchAll(/<li\b[^>]*data-pz-item=[^>]*>/g)) {
  const attr = (name) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1] ?? "";
  fields.push(attr("data-pz-item"), attr("data-pz-tags"), attr("data-pz-price"), attr("data-pz-stock"), attr("data-pz-margin"));
  fields.push(/data-pz-pin/.test(tag) ? "1" : "");
}
const items = fields.length / 6;

const setup = new Engine(config, Date.now());
setup.load(undefined, undefined, false, "US");
const stored = setup.setAnswers("for=gift&craft=ceramics&craft=glass", 7);

function time(label, run) {
  for (let i = 0; i < Math.min(200, N); i++) run();
  const samples = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000;
  return { label, median: at(0.5), p95: at(0.95) };
}

const engine = new Engine(config, Date.now());
const rows = [
  time("new Engine(config) (parse + validate the demo config)", () => new Engine(config, Date.now()).free()),
  time("load(profile) + plan + 3 slots", () => {
    engine.load(stored, undefined, false, "US");
    for (const slot of ["home-hero", "featured-collection", "editorial"]) engine.slot(slot)?.free();
  }),
  time(`order(${items} items) (boundary crossing + ranking)`, () => {
    engine.load(stored, undefined, false, "US");
    engine.order("category", fields.join("\u001f"))?.free();
  }),
  time("finishPage(view) (record the view, encode the profile)", () => {
    engine.load(stored, undefined, false, "US");
    engine.finishPage("ceramics,mugs", []);
  }),
];
console.log(`package wasm in Node ${process.version}: compile + instantiate ${compile.toFixed(1)} ms; ${N} iterations per row`);
console.log("| call | median | p95 |");
console.log("|---|---|---|");
for (const { label, median, p95 } of rows) console.log(`| ${label} | ${median.toFixed(1)} µs | ${p95.toFixed(1)} µs |`);
