// This repository's worker entry (`wrangler.toml` and the tests run it): the wasm built by
// `make worker` into build/worker/, and the site config it copied there (the demo shop's,
// or the file `SHELFWISE_CONFIG` named at build time), bundled with this module and handed
// over. Shops use the worker package (`@shelfwise/worker`) instead, which hands over theirs.
import * as shelfwise from "../../build/worker/shelfwise.js";
import wasmModule from "../../build/worker/shelfwise_bg.wasm";
import config from "../../build/worker/site-config.json";
import { createWorker } from "./create-worker.mjs";

shelfwise.initSync({ module: wasmModule });

export default createWorker(shelfwise, { config });
