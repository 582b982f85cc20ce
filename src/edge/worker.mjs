// This repository's worker entry (`wrangler.toml` and the tests run it): the wasm built by
// `make worker` into build/worker/, with the config bundled at build time. Shops use the
// worker package (`@shelfwise/worker`) instead, which hands over their own config.
import * as shelfwise from "../../build/worker/shelfwise.js";
import wasmModule from "../../build/worker/shelfwise_bg.wasm";
import { createWorker } from "./create-worker.mjs";

shelfwise.initSync({ module: wasmModule });

export default createWorker(shelfwise);
