// What the load runs share: the demo origin and, in front of it, each worker in its own
// workerd process (Miniflare): a pass-through JavaScript worker (the floor), one that streams
// the body through JavaScript unchanged (the floor of any streaming rewriter), the minimal
// lol_html worker of benches/size-floor/ (the floor of any lol_html-based one; built by
// `bash benches/size-floor.sh`), Shelfwise (the built worker, `make worker`) and the linkedom
// peer, which is handed Shelfwise's own decisions and checked to produce the same page.
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { workerOptions, answerQuestions, browserFetch, configWithoutExperiments, repo, BROWSER } from "../../tests/worker/harness.mjs";
import { startOrigin } from "../../tests/support/origin.mjs";
import { children, cpuMs } from "../../tests/support/process.mjs";

export { cpuMs };

export const PAGES = [["home", "/"], ["category (96 items)", "/category/all/"]];
export const HEADERS = { accept: "text/html", "user-agent": BROWSER };

async function start(options) {
  const before = children();
  const mf = new Miniflare({ ...options, host: "127.0.0.1", port: 0 });
  const url = (await mf.ready).href.replace(/\/$/, "");
  const pid = [...children()].find((child) => !before.has(child));
  return { mf, url, pid };
}

function jsWorker(scriptPath, bindings) {
  return { modules: true, scriptPath, compatibilityDate: "2026-04-20", bindings };
}

/** What a personalized page shows: slot variants and the listing's order (any attribute order). */
function decisions(html) {
  const attr = (tag, name) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const slots = {};
  const markup = {};
  for (const match of html.matchAll(/<[a-z]+\b[^>]*\sdata-pz-slot="[^"]*"[^>]*>/g)) {
    const [tag] = match;
    const shown = attr(tag, "data-pz-shown");
    if (!shown) continue;
    slots[attr(tag, "data-pz-slot")] = shown;
    // A shelf's markup (its slot carries no template for it): what the peer is handed.
    if (attr(tag, "class") === "shelf") {
      const start = match.index + tag.length;
      markup[attr(tag, "data-pz-slot")] = html.slice(start, html.indexOf("</section>", start)).replace(/<small class="pz-why"[\s\S]*$/, "");
    }
  }
  const listing = /<[a-z]+\b[^>]*\sdata-pz-listing="[^"]*"[^>]*>/.exec(html);
  if (!listing || !attr(listing[0], "data-pz-shown")) return { slots, markup, order: [] };
  const order = [...html.slice(listing.index).matchAll(/<li\b[^>]*\sdata-pz-item="([^"]+)"/g)].map((m) => m[1]);
  return { slots, markup, order };
}

/**
 * Starts the origin and the workers (the lol_html floor worker only `withLolHtmlFloor`).
 * Returns them with the profile cookie of a gift shopper who loves ceramics, and `close()`.
 */
export async function startWorkers({ withLolHtmlFloor = false } = {}) {
  const origin = await startOrigin({ port: 0, root: resolve(repo, "www") });
  const originUrl = `http://127.0.0.1:${origin.address().port}`;
  const shelfwise = await start(workerOptions({ ORIGIN: originUrl }));
  // The same worker with the demo config's context rules taken out: what a request without
  // a profile cost before context rules, to compare in the same run.
  const withoutContext = JSON.parse(configWithoutExperiments());
  for (const [slot, rules] of Object.entries(withoutContext.slots)) {
    withoutContext.slots[slot] = rules.filter((rule) => !["campaign", "referrer", "country", "device", "path"].some((key) => key in rule.when));
  }
  const shelfwiseNoContextRules = await start(workerOptions({ ORIGIN: originUrl, SHELFWISE_CONFIG: JSON.stringify(withoutContext) }));
  const passThrough = await start(jsWorker(resolve(repo, "benches/peer/pass-through.mjs"), { ORIGIN: originUrl }));
  const streaming = await start(jsWorker(resolve(repo, "benches/peer/streaming-pass-through.mjs"), { ORIGIN: originUrl }));
  let lolHtmlFloor = null;
  if (withLolHtmlFloor) {
    if (!existsSync(resolve(repo, "benches/size-floor/target/bindgen/size_floor_bg.wasm"))) {
      throw new Error("the lol_html floor worker is not built: run `bash benches/size-floor.sh` first");
    }
    lolHtmlFloor = await start(workerOptions({ ORIGIN: originUrl, SHELFWISE_CONFIG: undefined }, "benches/peer/lol-html-floor.mjs"));
  }

  const { cookie } = await answerQuestions({ fetch: browserFetch(shelfwise.mf) }, { for: "gift", craft: "ceramics" });

  // The peer is handed exactly what Shelfwise decided for this profile.
  const plan = {};
  for (const [, path] of PAGES) {
    const html = await (await fetch(`${shelfwise.url}${path}`, { headers: { ...HEADERS, cookie } })).text();
    plan[path] = decisions(html);
  }
  const bundled = resolve(repo, "build/peer/linkedom-worker.js");
  await build({ entryPoints: [resolve(repo, "benches/peer/linkedom-worker.mjs")], bundle: true, format: "esm", platform: "browser", outfile: bundled, logLevel: "warning" });
  const peer = await start(jsWorker(bundled, { ORIGIN: originUrl, PLAN: JSON.stringify(plan) }));
  for (const [, path] of PAGES) {
    const html = await (await fetch(`${peer.url}${path}`, { headers: { ...HEADERS, cookie } })).text();
    const same = JSON.stringify(decisions(html)) === JSON.stringify(plan[path]);
    if (!same) throw new Error(`the peer's ${path} differs from Shelfwise's decisions: ${JSON.stringify(decisions(html))} vs ${JSON.stringify(plan[path])}`);
  }

  return {
    originUrl,
    shelfwise,
    shelfwiseNoContextRules,
    passThrough,
    streaming,
    lolHtmlFloor,
    peer,
    cookie,
    async close() {
      for (const worker of [shelfwise, shelfwiseNoContextRules, passThrough, streaming, lolHtmlFloor, peer]) await worker?.mf.dispose();
      origin.close();
    },
  };
}
