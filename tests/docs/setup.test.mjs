// The first command installs only what the demo needs: `make demo` sets up the toolchain,
// the wasm-bindgen CLI and the npm packages, never the nightly toolchain or cargo-fuzz
// (minutes of compiling a newcomer does not need); the test command installs those too.
// The setup script runs against stand-in `rustup`, `cargo` and `wasm-bindgen` commands
// that record what they were asked to do and report nothing installed for fuzzing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../..");

/** The recipe `make TARGET` runs, as make itself prints it. */
function recipe(target) {
  return execFileSync("make", ["--dry-run", target], { cwd: repo }).toString();
}

/** Runs `.ci/setup.sh ARGS` with recording stand-ins; returns what they were asked. */
function setupAsks(args) {
  const bin = mkdtempSync(join(tmpdir(), "shelfwise-setup-"));
  const log = join(bin, "log");
  const bindgen = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(readFileSync(resolve(repo, "Cargo.lock"), "utf8"))[1];
  const stand_ins = {
    // The pinned toolchain and its wasm target are there; nightly is not.
    rustup: `echo "rustup $*" >> ${log}
case "$1 $2" in
  "run nightly") exit 1 ;;
  "run "*) echo "rustc 1.95.0" ;;
  "target list") echo wasm32-unknown-unknown ;;
esac`,
    // cargo-fuzz is not installed; anything else cargo is asked is only recorded.
    cargo: `echo "cargo $*" >> ${log}
[ "$1" = fuzz ] && exit 1
exit 0`,
    "wasm-bindgen": `echo "wasm-bindgen ${bindgen}"`,
    npm: `echo "npm $*" >> ${log}`,
  };
  for (const [name, body] of Object.entries(stand_ins)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(log, "");
  try {
    execFileSync("bash", [".ci/setup.sh", ...args], {
      cwd: repo,
      env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
      stdio: ["ignore", "ignore", "inherit"],
    });
    return readFileSync(log, "utf8");
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

test("make demo sets up without the fuzzing tools; make test sets them up", () => {
  assert.match(recipe("demo"), /bash \.ci\/setup\.sh\n/);
  assert.match(recipe("test"), /bash \.ci\/setup\.sh --browser --fuzz\n/);

  const demo = setupAsks([]);
  assert.doesNotMatch(demo, /toolchain install nightly/, "the demo's setup installs no nightly toolchain");
  assert.doesNotMatch(demo, /cargo install cargo-fuzz/, "the demo's setup installs no cargo-fuzz");

  const tests = setupAsks(["--fuzz"]);
  assert.match(tests, /rustup toolchain install nightly/);
  assert.match(tests, /cargo install cargo-fuzz/);
});

test("the setup script refuses a flag it does not know", () => {
  assert.throws(() => execFileSync("bash", [".ci/setup.sh", "--everything"], { cwd: repo, stdio: "ignore" }));
});
