// The worker's request handling around the Shelfwise wasm, shared by this repository's
// worker (`worker.mjs`) and the worker package (`@shelfwise/worker`): every request goes to
// the module; if it throws or traps, the shopper still gets the origin's page, fetched here.
// After a trap the wasm-bindgen glue replaces the instance on the next call, so later
// requests are unaffected.

/**
 * The worker's `{ fetch }` handler around `shelfwise`, the initialized wasm-bindgen module.
 * `config` (an object or JSON text), when given, is the site config that stands where the one
 * bundled at build time would (the `SHELFWISE_CONFIG` variable and KV still take precedence).
 */
export function createWorker(shelfwise, { config } = {}) {
  if (config !== undefined) {
    shelfwise.setBundledConfig(typeof config === "string" ? config : JSON.stringify(config));
  }
  // A Rust panic traps the wasm inside a pending task, so the module's promise would never
  // settle. The workers-rs panic hook sets `criticalError` on this shared state object first:
  // turning that property into a setter lets every request in flight fail open at once.
  const inFlight = new Set();
  const initState = globalThis.__worker_init_state;
  if (initState) {
    let critical = false;
    Object.defineProperty(initState, "criticalError", {
      configurable: true,
      get: () => critical,
      set: (value) => {
        critical = value;
        if (value) {
          for (const reject of inFlight) reject(new Error("the Shelfwise module panicked"));
          inFlight.clear();
          critical = false;
        }
      },
    });
  }

  function panicSignal() {
    let reject;
    const promise = new Promise((_, fail) => {
      reject = fail;
    });
    inFlight.add(reject);
    return { promise, done: () => inFlight.delete(reject) };
  }


  // The origin never sees the profile cookie, in either mode and not even on the fail-open
  // path: its name is asked of the module once per isolate, before anything can fail.
  let profileCookie = null;

  // The same rule as `request::without_profile_cookie` (this path runs when the module
  // cannot): drop every `name=value` pair whose name is the profile cookie's, keep the rest
  // as they came. Several Cookie headers arrive joined by ", ", so a comma, a space and
  // another `name=` also start a pair.
  function withoutCookie(header, name) {
    const pairs = header.split(";").flatMap((segment) => segment.split(/, (?=\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=)/));
    const isProfile = (pair) => pair.includes("=") && pair.slice(0, pair.indexOf("=")).trim() === name;
    return pairs
      .map((pair) => pair.trim())
      .filter((pair) => pair !== "" && !isProfile(pair))
      .join("; ");
  }

  // Fail-open path: the same origin request the core would have made, unpersonalized.
  async function originOnly(request, env) {
    const incoming = new URL(request.url);
    if (incoming.pathname.startsWith("/__pz/")) {
      return new Response("Shelfwise is unavailable right now.", { status: 503 });
    }
    const target = new URL(incoming.pathname + incoming.search, env.ORIGIN);
    const forwarded = new Request(target, request);
    const cookie = forwarded.headers.get("cookie");
    if (profileCookie !== null && cookie !== null) {
      const kept = withoutCookie(cookie, profileCookie);
      if (kept === "") forwarded.headers.delete("cookie");
      else forwarded.headers.set("cookie", kept);
    }
    return fetch(forwarded);
  }

  return {
    async fetch(request, env, ctx) {
      if (profileCookie === null) {
        try {
          profileCookie = shelfwise.profileCookieName(env.SHELFWISE_CONFIG);
        } catch {
          profileCookie = "pz"; // the default cookie name (`CookieSettings::default`)
        }
      }
      // A GET or HEAD has no body for the module to consume, so the same request can be
      // retried as it is, without the cost of cloning it on every request.
      const retry = request.method === "GET" || request.method === "HEAD" ? request : null;
      const panic = panicSignal();
      try {
        return await Promise.race([shelfwise.fetch(request, env, ctx), panic.promise]);
      } catch (error) {
        console.error("shelfwise: failing open:", error && error.message ? error.message : error);
        if (retry === null) {
          return new Response("Shelfwise could not handle this request.", { status: 502 });
        }
        return originOnly(retry, env);
      } finally {
        panic.done();
      }
    },
  };
}
