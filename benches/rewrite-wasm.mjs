// Shelfwise's rewrite compiled to wasm, timed in Node (V8, the engine workerd runs): the
// demo home and category pages personalized for the gift-ceramics cookie vector, against a
// plain lol_html pass-through in the same module, fed in 8 KiB chunks.
//
//   node benches/rewrite-wasm.mjs [iterations]   (builds benches/rewrite-wasm/ first)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Miniflare } from "miniflare";

const repo = resolve(import.meta.dirname, "..");
const N = Number(process.argv[2] ?? 200);
const crate = resolve(repo, "benches/rewrite-wasm");
// Compiled and optimized as the deployed worker is (.ci/worker-wasm.sh).
const workerWasm = (commands) => execFileSync("bash", ["-c", `set -euo pipefail; source .ci/worker-wasm.sh\n${commands}`], { cwd: repo, stdio: "inherit" });
const built = "benches/rewrite-wasm/target/wasm32-unknown-unknown/release/rewrite_wasm.wasm";
workerWasm(`worker_cargo_build --manifest-path benches/rewrite-wasm/Cargo.toml
  wasm-bindgen --target nodejs --out-dir benches/rewrite-wasm/target/bindgen ${built}
  wasm-bindgen --target web --out-dir benches/rewrite-wasm/target/bindgen-web ${built}
  worker_wasm_opt benches/rewrite-wasm/target/bindgen/rewrite_wasm_bg.wasm
  worker_wasm_opt benches/rewrite-wasm/target/bindgen-web/rewrite_wasm_bg.wasm`);
// wasm-bindgen's Node target is CommonJS; the repository's package.json says "module".
writeFileSync(resolve(crate, "target/bindgen/package.json"), '{ "type": "commonjs" }\n');
const { Bench, floor } = createRequire(import.meta.url)(resolve(crate, "target/bindgen/rewrite_wasm.js"));

const vectors = JSON.parse(readFileSync(resolve(repo, "tests/data/cookie-vectors.json"), "utf8"));
const vector = vectors.valid.find((v) => v.name === "gift-ceramics") ?? vectors.valid[0];
const config = readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8");
const bench = new Bench(config, vector.cookie, vector.profile.written);
const CHUNK = 8192;

const median = (samples) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];

// The floor and Shelfwise are timed in alternation, so a slower stretch of a shared machine
// falls on both alike and the ratio stays fair.
function timePair(bare, ours) {
  for (let i = 0; i < Math.min(20, N); i++) (bare(), ours());
  const samples = [[], []];
  for (let i = 0; i < N; i++) {
    [bare, ours].forEach((run, k) => {
      const t = performance.now();
      run();
      samples[k].push(performance.now() - t);
    });
  }
  return samples.map(median);
}

const PAGES = [["home", "home", "www/index.html"], ["category (96 items)", "category", "www/category/all/index.html"]];

// Inside workerd: the same module behind a Worker that loops over the call; each batch is
// timed from outside, less the round trip of an empty batch, floor and Shelfwise alternating.
const mf = new Miniflare({
  modules: true,
  scriptPath: resolve(crate, "worker.mjs"),
  modulesRoot: crate,
  modulesRules: [
    { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
    { type: "CompiledWasm", include: ["**/*.wasm"] },
  ],
  compatibilityDate: "2026-04-20",
  bindings: {
    CONFIG: config,
    COOKIE: vector.cookie,
    TODAY: String(vector.profile.written),
    CHUNK: String(CHUNK),
    HOME: readFileSync(resolve(repo, PAGES[0][2]), "utf8"),
    CATEGORY: readFileSync(resolve(repo, PAGES[1][2]), "utf8"),
  },
});
await mf.ready;
const BATCH = Math.min(20, N);
async function batch(page, kind, n) {
  const started = performance.now();
  await (await mf.dispatchFetch(`http://bench.test/?page=${page}&kind=${kind}&n=${n}`)).text();
  return performance.now() - started;
}
async function timePairInWorkerd(page) {
  for (let i = 0; i < 3; i++) (await batch(page, "floor", BATCH), await batch(page, "personalize", BATCH));
  const samples = [[], []];
  for (let i = 0; i < Math.max(3, Math.ceil(N / BATCH)); i++) {
    for (const [k, kind] of ["floor", "personalize"].entries()) {
      const empty = await batch(page, kind, 0);
      samples[k].push((await batch(page, kind, BATCH)) - empty);
    }
  }
  return samples.map((times) => median(times) / BATCH);
}

const ratio = (ours, bare) => `${(ours / bare).toFixed(2)}×`;
console.log(`rewrite in wasm, median of ${N} pages in Node ${process.version} and in workerd (batches of ${BATCH}); cookie vector "${vector.name}"; ${CHUNK}-byte chunks`);
console.log("| page | runtime | floor (lol_html pass-through) | Shelfwise personalized (plan + rewrite) | ratio |");
console.log("|---|---|---|---|---|");
for (const [name, key, file] of PAGES) {
  const page = readFileSync(resolve(repo, file));
  const label = `${name} (${(page.length / 1024).toFixed(0)} KB)`;
  const [bare, ours] = timePair(() => floor(page, CHUNK), () => bench.personalize(page, CHUNK));
  console.log(`| ${label} | Node | ${bare.toFixed(2)} ms | ${ours.toFixed(2)} ms | ${ratio(ours, bare)} |`);
  const [bareW, oursW] = await timePairInWorkerd(key);
  console.log(`| ${label} | workerd | ${bareW.toFixed(2)} ms | ${oursW.toFixed(2)} ms | ${ratio(oursW, bareW)} |`);
}
await mf.dispose();
