// The least a worker built on lol_html in wasm pays: the size floor's worker
// (benches/size-floor/, a hello-world workers-rs worker that runs each page through lol_html
// with one handler that never matches), as built by `bash benches/size-floor.sh`.
import * as floor from "../size-floor/target/bindgen/size_floor.js";
import wasmModule from "../size-floor/target/bindgen/size_floor_bg.wasm";

floor.initSync({ module: wasmModule });

export default {
  fetch: (request, env, ctx) => floor.fetch(request, env, ctx),
};
