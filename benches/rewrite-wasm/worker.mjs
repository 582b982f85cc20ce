// The rewrite benchmark inside workerd: the same wasm exports as in Node, called in a loop
// per request (`?page=home|category&kind=floor|personalize&n=50`). Inside a Worker the clock
// stands still while code runs, so benches/rewrite-wasm.mjs times the requests from outside.
import { initSync, Bench, floor } from "./target/bindgen-web/rewrite_wasm.js";
import wasmModule from "./target/bindgen-web/rewrite_wasm_bg.wasm";

initSync({ module: wasmModule });
let state = null;

export default {
  fetch(request, env) {
    if (state === null) {
      const encode = (text) => new TextEncoder().encode(text);
      state = {
        bench: new Bench(env.CONFIG, env.COOKIE, Number(env.TODAY)),
        pages: { home: encode(env.HOME), category: encode(env.CATEGORY) },
      };
    }
    const query = new URL(request.url).searchParams;
    const page = state.pages[query.get("page")];
    const chunk = Number(env.CHUNK);
    let bytes = 0;
    for (let i = 0; i < Number(query.get("n")); i++) {
      bytes += query.get("kind") === "floor" ? floor(page, chunk) : state.bench.personalize(page, chunk);
    }
    return new Response(String(bytes));
  },
};
