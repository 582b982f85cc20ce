// A shop adopts Shelfwise from its own repository: the worker package is packed
// (.ci/build-worker-package.sh), its starter scaffolds a fresh shop in a temporary folder,
// the package is installed there from its tarball, and the shop's own test runs its worker in
// workerd against the sample page — with no Rust toolchain on the PATH.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, delimiter } from "node:path";
import { repo } from "../worker/harness.mjs";

const built = resolve(repo, "build/worker-package");
let dir;
let tarball;
let unpacked;

before(() => {
  assert.ok(existsSync(built), "run .ci/build-worker-package.sh first");
  tarball = resolve(built, readdirSync(built).find((file) => file.endsWith(".tgz")));
  dir = mkdtempSync(join(tmpdir(), "shelfwise-shop-"));
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  unpacked = join(dir, "package");
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The environment a shop without Rust has: no cargo, rustc or rustup on the PATH. */
function withoutRust() {
  const path = process.env.PATH.split(delimiter)
    .filter((entry) => !existsSync(join(entry, "cargo")) && !existsSync(join(entry, "rustc")))
    .join(delimiter);
  const env = { ...process.env, PATH: path, WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false" };
  // The shop's `node --test` reports as a test run of its own, not as part of this one.
  delete env.NODE_TEST_CONTEXT;
  return env;
}

test("the package's version, the wasm inside it and the CLI agree", async () => {
  const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"));
  const cli = execFileSync(resolve(repo, "target/debug/shelfwise"), ["--version"]).toString().trim();
  assert.equal(cli, `shelfwise ${manifest.version}`);
  const glue = await import(join(unpacked, "wasm/shelfwise.js"));
  glue.initSync({ module: new WebAssembly.Module(readFileSync(join(unpacked, "wasm/shelfwise_bg.wasm"))) });
  assert.equal(glue.version(), manifest.version);
  // The wasm inside is the deployable worker's, byte for byte (same build, same size check).
  assert.deepEqual(readFileSync(join(unpacked, "wasm/shelfwise_bg.wasm")), readFileSync(resolve(repo, "build/worker/shelfwise_bg.wasm")));
});

test("the starter makes a shop whose own test runs its worker in workerd", { timeout: 600_000 }, () => {
  const shop = join(dir, "my-shop");
  const env = withoutRust();
  const init = spawnSync(process.execPath, [join(unpacked, "bin/shelfwise-worker.mjs"), "init", shop, "--from", tarball], { env, encoding: "utf8" });
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /npm run dev/);
  for (const file of ["package.json", "wrangler.toml", "src/index.mjs", "shelfwise.config.json", ".vscode/settings.json", ".gitignore", "origin/index.html", "test/worker.test.mjs"]) {
    assert.ok(existsSync(join(shop, file)), `${file} scaffolded`);
  }
  const again = spawnSync(process.execPath, [join(unpacked, "bin/shelfwise-worker.mjs"), "init", shop], { env, encoding: "utf8" });
  assert.notEqual(again.status, 0, "init never writes over a folder in use");

  const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: shop, env, encoding: "utf8" });
  assert.equal(install.status, 0, install.stderr);
  const schema = JSON.parse(readFileSync(join(shop, "node_modules/@shelfwise/worker/config.schema.json"), "utf8"));
  assert.equal(schema.title, "Shelfwise site config");

  const shopTest = spawnSync("npm", ["test"], { cwd: shop, env, encoding: "utf8" });
  assert.equal(shopTest.status, 0, shopTest.stdout + shopTest.stderr);
  assert.match(shopTest.stdout, /# pass 3/);
});
