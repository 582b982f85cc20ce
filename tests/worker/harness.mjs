// Starts the built worker inside workerd (through Miniflare) in front of a local origin.
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { startOrigin } from "../support/origin.mjs";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What a shopper's browser sends; requests without a browser's user agent count as bots. */
export const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/**
 * The demo shop's config with its experiments and holdout switched off. A shopper who allows
 * measurement gets a random bucket, so with them on, a test's shopper could land in a
 * control arm by chance;
 * `config.test.mjs` covers the bundled config with experiments.
 */
export function configWithoutExperiments() {
  const config = JSON.parse(readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8"));
  config.experiments = { holdout_percent: 0, tests: {} };
  return JSON.stringify(config);
}

/** Runs `run(fetch)` against a worker with `config` in front of the origin at `originUrl`, then disposes of it. */
export async function withWorker(originUrl, config, run) {
  const mf = new Miniflare(workerOptions({ ORIGIN: originUrl, SHELFWISE_CONFIG: config }));
  try {
    await run(browserFetch(mf));
  } finally {
    await mf.dispose();
  }
}

/** The profile-signing secret the test worker runs with, as `wrangler secret put` would set it. */
export const SIGNING_KEY = "test-signing-key-not-secret";

/**
 * The worker exactly as wrangler would bundle it: the entry module, the wasm-bindgen JS and
 * the wasm. Unless the bindings say otherwise, it runs the demo config without experiments
 * (see `configWithoutExperiments`) with the signing key `SIGNING_KEY`; pass
 * `SHELFWISE_CONFIG: undefined` for the bundled config, `SHELFWISE_SIGNING_KEY: undefined` for none.
 */
export function workerOptions(bindings, entry = "src/edge/worker.mjs") {
  bindings = { SHELFWISE_CONFIG: configWithoutExperiments(), SHELFWISE_SIGNING_KEY: SIGNING_KEY, ...bindings };
  if (bindings.SHELFWISE_SIGNING_KEY === undefined) delete bindings.SHELFWISE_SIGNING_KEY;
  if (bindings.SHELFWISE_CONFIG === undefined) delete bindings.SHELFWISE_CONFIG;
  return {
    modules: true,
    scriptPath: resolve(repo, entry),
    modulesRoot: repo,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
      // The site config the entry bundles (wrangler hands it over parsed, this as text).
      { type: "Text", include: ["**/*.json"] },
    ],
    compatibilityDate: "2026-04-20",
    bindings,
  };
}

/**
 * Starts the demo origin (serving `root`) and the worker in front of it. With `listen`, the
 * worker also listens on a loopback port (its address is `url`) so a real browser can visit.
 * `bindings` add or override the worker's variables (`SHELFWISE_MODE: "local-only"`);
 * `onOriginRequest(req)` sees every request that reaches the origin; `originHeaders(path)` adds
 * headers to its answers.
 */
export async function startShop({ root = resolve(repo, "www"), listen = false, bindings = {}, onOriginRequest, originHeaders } = {}) {
  const origin = await startOrigin({ port: 0, root, onRequest: onOriginRequest, headers: originHeaders });
  const originUrl = `http://127.0.0.1:${origin.address().port}`;
  const network = listen ? { host: "127.0.0.1", port: 0 } : {};
  const mf = new Miniflare({ ...workerOptions({ ORIGIN: originUrl, ...bindings }), ...network });
  const url = await mf.ready;
  return {
    originUrl,
    url: listen ? url.href.replace(/\/$/, "") : null,
    /** A request to the worker, as a browser would make it. */
    fetch: browserFetch(mf),
    /** The same path straight from the origin, bypassing the worker. */
    async fromOrigin(path) {
      const response = await fetch(originUrl + path);
      return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
    },
    async close() {
      await mf.dispose();
      await new Promise((done) => origin.close(done));
    },
  };
}

/**
 * A `fetch(path, init)` to the worker as a shopper's browser would make it from the shop's
 * own pages: browsers say where a request comes from (`Sec-Fetch-Site`), and the endpoints
 * refuse anything but the shop itself. Pass `"sec-fetch-site": undefined` to leave it out.
 */
export function browserFetch(mf) {
  return (path, init = {}) => {
    const headers = {
      accept: "text/html,application/xhtml+xml",
      "user-agent": BROWSER,
      "sec-fetch-site": "same-origin",
      ...(init.headers ?? {}),
    };
    for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name];
    return mf.dispatchFetch(`http://shop.test${path}`, { redirect: "manual", ...init, headers });
  };
}

/**
 * A page as the edge serves it to anyone: the origin's bytes without the listing items'
 * `data-pz-margin` attributes (business data the ranking reads and then removes).
 */
export function withoutMargins(page) {
  return Buffer.from(page.toString("latin1").replace(/ data-pz-margin="[^"]*"/g, ""), "latin1");
}

/** Answers the preference questions through the worker; returns the `name=value` cookie pair. */
export async function answerQuestions(shop, fields) {
  // A shopper who ticks every purpose (learning from browsing, experiments) unless the
  // fields say otherwise: most tests follow what browsing does to the profile.
  const params = new URLSearchParams(fields);
  for (const purpose of ["interests", "measurement"]) if (!params.has(purpose)) params.set(purpose, "yes");
  const body = params.toString();
  const response = await shop.fetch("/__pz/prefs", {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  await response.arrayBuffer();
  const setCookie = response.headers.get("set-cookie");
  return { response, cookie: setCookie ? setCookie.split(";")[0] : null, setCookie };
}

/** The `data-pz-item` elements of the first listing, in page order, with their exact bytes. */
export function listingItems(html) {
  const start = html.indexOf("data-pz-listing=");
  const end = html.indexOf("</ul>", start);
  const listing = html.slice(start, end);
  return [...listing.matchAll(/<li\b[^>]*data-pz-item="([^"]+)"[^>]*>[\s\S]*?<\/li>/g)].map((m) => ({
    sku: m[1],
    tags: (/data-pz-tags="([^"]*)"/.exec(m[0])?.[1] ?? "").split(","),
    pinned: /data-pz-pin=/.test(m[0]),
    html: m[0],
  }));
}
