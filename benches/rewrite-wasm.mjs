// Shelfwise's rewrite compiled to wasm, timed in Node (V8, the engine workerd runs): the
// demo home and category pages personalized for the gift-ceramics cookie vector, against a
// plain lol_html pass-through in the same module, fed in 8 KiB chunks.
//
//   node benches/rewrite-wasm.mjs [iterations]   (builds benches/rewrite-wasm/ first)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");
const N = Number(process.argv[2] ?? 200);
const crate = resolve(repo, "benches/rewrite-wasm");
execFileSync("cargo", ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path", resolve(crate, "Cargo.toml")], { stdio: "inherit" });
execFileSync("wasm-bindgen", ["--target", "nodejs", "--out-dir", resolve(crate, "target/bindgen"), resolve(crate, "target/wasm32-unknown-unknown/release/rewrite_wasm.wasm")], { stdio: "inherit" });
// wasm-bindgen's Node target is CommonJS; the repository's package.json says "module".
writeFileSync(resolve(crate, "target/bindgen/package.json"), '{ "type": "commonjs" }\n');
const { Bench, floor } = createRequire(import.meta.url)(resolve(crate, "target/bindgen/rewrite_wasm.js"));

const vectors = JSON.parse(readFileSync(resolve(repo, "tests/data/cookie-vectors.json"), "utf8"));
const vector = vectors.valid.find((v) => v.name === "gift-ceramics") ?? vectors.valid[0];
const config = readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8");
const bench = new Bench(config, vector.cookie, vector.profile.written);
const CHUNK = 8192;

function time(run) {
  for (let i = 0; i < Math.min(20, N); i++) run();
  const samples = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

console.log(`rewrite in wasm, Node ${process.version}, ${N} iterations, median; cookie vector "${vector.name}"`);
console.log("| page | floor (lol_html pass-through) | Shelfwise personalized | ratio |");
console.log("|---|---|---|---|");
for (const [name, file] of [["home", "www/index.html"], ["category (96 items)", "www/category/all/index.html"]]) {
  const page = readFileSync(resolve(repo, file));
  const bare = time(() => floor(page, CHUNK));
  const ours = time(() => bench.personalize(page, CHUNK));
  console.log(`| ${name} (${(page.length / 1024).toFixed(0)} KB) | ${bare.toFixed(2)} ms | ${ours.toFixed(2)} ms | ${(ours / bare).toFixed(2)}× |`);
}
