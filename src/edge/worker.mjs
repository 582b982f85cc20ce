// The worker's module entry: instantiates the Shelfwise wasm once per isolate and hands
// every request to it. If the module throws or traps, the shopper still gets the origin's
// page: this file fetches it directly and a fresh instance serves the next request.
import * as shelfwise from "../../build/worker/shelfwise.js";
import wasmModule from "../../build/worker/shelfwise_bg.wasm";

let instantiated = false;

function instantiate() {
  shelfwise.initSync({ module: wasmModule });
  instantiated = true;
}

function needsFreshInstance() {
  return !instantiated || globalThis.__worker_init_state?.criticalError === true;
}

// Fail-open path: the same origin request the core would have made, unpersonalized.
async function originOnly(request, env) {
  const incoming = new URL(request.url);
  if (incoming.pathname.startsWith("/__pz/")) {
    return new Response("Shelfwise is unavailable right now.", { status: 503 });
  }
  const target = new URL(incoming.pathname + incoming.search, env.ORIGIN);
  return fetch(new Request(target, request));
}

export default {
  async fetch(request, env, ctx) {
    const retry = request.method === "GET" || request.method === "HEAD" ? request.clone() : null;
    try {
      if (needsFreshInstance()) {
        instantiate();
      }
      return await shelfwise.fetch(request, env, ctx);
    } catch (error) {
      console.error("shelfwise: failing open:", error && error.message ? error.message : error);
      instantiated = false;
      if (retry === null) {
        return new Response("Shelfwise could not handle this request.", { status: 502 });
      }
      return originOnly(retry, env);
    }
  },
};
