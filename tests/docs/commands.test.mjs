// Every shell command in the docs is exercised, so the docs cannot rot. Each command in a
// ```sh block of the README, DEVELOPING.md, docs/ or the package README is either run here
// (the CLI examples, against the built `shelfwise` binary; the benchmarks, briefly) or named
// below with the test or CI step that runs it. A new command without either fails this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../..");
const cli = resolve(repo, "target/debug/shelfwise");
const DOCS = ["README.md", "DEVELOPING.md", "package/README.md", "worker-package/README.md", "worker-package/starter/README.md", ...readdirSync(resolve(repo, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** Commands run elsewhere: where, and a string that file must contain. */
const EXERCISED = [
  [/^make demo( MODE=local-only)?$/, "tests/e2e/demo.test.mjs", '"demo"'],
  [/^make test$/, ".ci/run", "make test"],
  [/^make privacy-check$/, ".ci/test.sh", "make privacy-check"],
  [/^make package$/, "Makefile", "package: ##"],
  [/^make worker$/, "Makefile", "worker:"],
  [/^make bench$/, "Makefile", "bench: ##"],
  [/^npm install \.\/build\/package\/shelfwise-browser-[\d.]+\.tgz$/, "tests/package/package.test.mjs", '"npm", ["install"'],
  [/^cargo bench --bench core$/, ".ci/run", "--all-targets"],
  [/^cargo \+nightly fuzz run --fuzz-dir fuzz \w+ -- -runs=\d+$/, ".ci/test.sh", "cargo +nightly fuzz run --fuzz-dir fuzz"],
  [/^bash \.ci\/deploy-check\.sh$/, ".ci/test.sh", "bash .ci/deploy-check.sh"],
  [/^npx wrangler deploy --env production$/, ".ci/deploy-check.sh", "deploy --dry-run"],
  [/^node tests\/support\/origin\.mjs --port 9000 --root tests\/sample-site\/www &$/, "tests/worker/sample-site.test.mjs", "startOrigin({ port: 0, root: resolve(site, \"www\") })"],
  [/^npx wrangler dev --ip 127\.0\.0\.1 --port 8787 --var ORIGIN:/, "tests/worker/sample-site.test.mjs", '"dev"'],
  [/^npx @shelfwise\/worker init my-shop$/, "tests/starter/starter.test.mjs", '"init", shop'],
  [/^cd my-shop( && npm install && npm test)?$/, "tests/starter/starter.test.mjs", '"npm", ["test"]'],
  [/^npm install$/, "tests/starter/starter.test.mjs", '"npm", ["install"'],
  [/^npm test$/, "tests/starter/starter.test.mjs", '"npm", ["test"]'],
  [/^make worker-package$/, "Makefile", "worker-package: ##"],
  [/^npm run dev$/, "worker-package/starter/test/worker.test.mjs", '"wrangler", "dev"'],
  [/^npm run origin$/, "worker-package/starter/test/worker.test.mjs", "serveOrigin("],
];

/** Commands with a placeholder (VALUE) stand for ones shown concretely elsewhere. */
const PLACEHOLDER = /\bVALUE\b/;

function commands() {
  const found = [];
  for (const doc of DOCS) {
    const text = readFileSync(resolve(repo, doc), "utf8");
    for (const block of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
      const joined = block[1].replace(/\\\n\s*/g, "");
      for (const line of joined.split("\n")) {
        const command = line.replace(/\s+#.*$/, "").trim();
        if (command) found.push({ doc, command });
      }
    }
  }
  return found;
}

test("every documented command is run here or by a named test", () => {
  const all = commands();
  assert.ok(all.length > 20, `found ${all.length} commands`);
  const unexercised = [];
  for (const { doc, command } of all) {
    if (PLACEHOLDER.test(command) || command.includes("cargo run -q --") || /^(node|bash) benches\//.test(command)) continue;
    const entry = EXERCISED.find(([pattern]) => pattern.test(command));
    if (!entry) {
      unexercised.push(`${doc}: ${command}`);
      continue;
    }
    const [, file, token] = entry;
    assert.ok(existsSync(resolve(repo, file)) && readFileSync(resolve(repo, file), "utf8").includes(token), `${command}: ${file} should contain ${token}`);
  }
  assert.deepEqual(unexercised, []);
});

test("the CLI examples in the docs run and succeed", () => {
  const examples = commands().filter(({ command }) => command.includes("cargo run -q --") && !PLACEHOLDER.test(command));
  assert.ok(examples.length >= 8, `found ${examples.length}`);
  try {
    for (const { doc, command } of examples) {
      const shell = command.replaceAll("cargo run -q --", JSON.stringify(cli));
      const output = execFileSync("bash", ["-euo", "pipefail", "-c", shell], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] }).toString();
      if (!shell.includes(">")) assert.ok(output.trim().length > 0, `${doc}: ${command} printed nothing`);
    }
  } finally {
    rmSync(resolve(repo, "personalized.html"), { force: true });
  }
});

test("the benchmark scripts in the docs run (briefly)", { timeout: 900_000 }, () => {
  const benches = commands().filter(({ command }) => /^(node|bash) benches\//.test(command));
  assert.ok(benches.length >= 5);
  for (const { command } of benches) {
    const [program, script] = command.split(/\s+/);
    // One iteration, request or second per case: enough to prove the command works.
    const output = execFileSync(program, [script, "1"], { cwd: repo, stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 }).toString();
    assert.match(output, /\| .* \||gzipped/, `${script} prints its figures`);
  }
});

test("make bench reruns every documented benchmark", () => {
  const makefile = readFileSync(resolve(repo, "Makefile"), "utf8");
  const recipe = /^bench:.*\n((?:\t.*\n)+)/m.exec(makefile)?.[1] ?? "";
  const inRecipe = recipe.split("\n").map((line) => line.trim()).filter(Boolean);
  const scripts = (lines) => new Set(lines.map((line) => line.split(/\s+/).slice(0, 2).join(" ")));
  const documented = scripts(commands().map(({ command }) => command).filter((c) => /^(node|bash) benches\/|^cargo bench/.test(c)));
  const rerun = scripts(inRecipe);
  for (const bench of documented) assert.ok(rerun.has(bench), `make bench does not run ${bench}`);
});
