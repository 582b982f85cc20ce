// docs/config.schema.json (generated from the config's types; src/config/schema.rs keeps it
// current) describes the configs the product accepts: every config in the repository
// validates, and broken ones the loader rejects are rejected by the schema too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path) => JSON.parse(readFileSync(resolve(repo, path), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(read("docs/config.schema.json"));

test("every config in the repository matches the schema", () => {
  for (const [name, config] of [
    ["www/shelfwise.config.json", read("www/shelfwise.config.json")],
    ["tests/data/golden/config.json", read("tests/data/golden/config.json")],
    ["tests/sample-site/shelfwise.config.json", read("tests/sample-site/shelfwise.config.json")],
    ["tests/outdoor-site/shelfwise.config.json", read("tests/outdoor-site/shelfwise.config.json")],
    ["decision vectors", read("tests/data/decision-vectors.json").config],
  ]) {
    assert.ok(validate(config), `${name}: ${JSON.stringify(validate.errors)}`);
  }
});

test("broken configs are rejected by the schema", () => {
  const demo = read("www/shelfwise.config.json");
  const broken = [
    { ...demo, unknown: 1 },
    { ...demo, $schema: "./docs/config.schema.json" },
    { ...demo, cookie: { name: "pz", max_age_days: 365 } },
    { ...demo, questions: { crafts: ["Not A Key"] } },
    { ...demo, slots: { "home-hero": [{ variant: "gift-guide", when: { answered: { for: "gift" } } }] } },
    { ...demo, questions: [] },
    { ...demo, questions: [{ key: "Fit", choices: [{ key: "relaxed" }] }] },
    { ...demo, questions: [{ key: "fit", multiple: true, max: 9, choices: [{ key: "relaxed" }] }] },
    { ...demo, questions: [{ key: "fit", choices: [] }] },
    { ...demo, experiments: { holdout_percent: 150, tests: {} } },
    { ...demo, episodes: { winter: { from: "Dec 1", until: "12-24" } } },
    { ...demo, segments: { loyal: { when: { consent: "maybe" }, explanation: "x" } } },
  ];
  for (const config of broken) {
    assert.equal(validate(config), false, JSON.stringify(config).slice(0, 120));
  }
});
