#!/usr/bin/env node
// shelfwise-worker init DIR [--from SPEC]: scaffolds a shop's worker repository in DIR
// from this package's starter. SPEC is how the new package.json depends on this package
// (default: this version from the registry; a tarball path works too).
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
const own = JSON.parse(readFileSync(resolve(here, "package.json"), "utf8"));
const WRANGLER_VERSION = "4.86.0";

function usage(message) {
  if (message) console.error(`shelfwise-worker: ${message}`);
  console.error("usage: shelfwise-worker init DIR [--from SPEC]");
  process.exit(2);
}

const [command, target, ...rest] = process.argv.slice(2);
if (command !== "init" || !target) usage(command && command !== "init" ? `unknown command \`${command}\`` : "");
let from = `^${own.version}`;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--from" && rest[i + 1]) from = rest[++i];
  else usage(`unknown argument \`${rest[i]}\``);
}
if (from.endsWith(".tgz") && !from.startsWith("file:")) from = `file:${resolve(from)}`;

const dir = resolve(target);
if (existsSync(dir) && readdirSync(dir).length > 0) usage(`${target} exists and is not empty`);
cpSync(resolve(here, "starter"), dir, { recursive: true });
renameSync(resolve(dir, "gitignore"), resolve(dir, ".gitignore"));
const packageFile = resolve(dir, "package.json");
const manifest = readFileSync(packageFile, "utf8")
  .replace("SHELFWISE_WORKER_VERSION", from)
  .replace("WRANGLER_VERSION", WRANGLER_VERSION);
writeFileSync(packageFile, manifest);

const shown = relative(process.cwd(), dir) || ".";
console.log(`A Shelfwise shop worker is ready in ${shown}. Next:

  cd ${shown}
  npm install
  npm run origin    # the sample origin (or start your own and set ORIGIN in wrangler.toml)
  npm run dev       # the worker on http://127.0.0.1:8787
  npm test          # the worker in workerd against the sample page
`);
