// @shelfwise/worker: the Shelfwise worker for a shop's own Cloudflare Worker. The wasm is
// prebuilt and size-checked; the shop's worker is a few lines:
//
//   import { shelfwise } from "@shelfwise/worker";
//   import config from "../shelfwise.config.json";
//   export default shelfwise({ config });
import * as glue from "./wasm/shelfwise.js";
import wasmModule from "./wasm/shelfwise_bg.wasm";
import { createWorker } from "./lib/create-worker.mjs";

glue.initSync({ module: wasmModule });

/** The version of Shelfwise inside (the package's, the wasm's and the CLI's agree). */
export const version = glue.version();

/**
 * The worker's `{ fetch }` handler for the shop's site `config` (the parsed JSON, or its
 * text). The `ORIGIN` variable says where pages come from; the other variables
 * (`SHELFWISE_MODE`, `SHELFWISE_LOG`, …), `SHELFWISE_CONFIG` and a `SHELFWISE_KV` namespace
 * work as documented in the config reference.
 */
export function shelfwise({ config } = {}) {
  if (config === undefined || config === null) {
    throw new TypeError(
      "shelfwise({ config }): the site config is required, e.g. `import config from \"../shelfwise.config.json\"`",
    );
  }
  return createWorker(glue, { config });
}

export default shelfwise;
