// @shelfwise/browser: the Shelfwise core as WebAssembly, personalizing a page in the
// shopper's own browser. The profile is kept in localStorage, on the device, and is never
// sent anywhere by this package: it makes no network request except loading its own wasm.
//
//   import { createShelfwise } from "@shelfwise/browser";
//   const shelfwise = await createShelfwise({ config });
//   shelfwise.personalize(document);

import initWasm, { Engine } from "../wasm/shelfwise.js";
import { dispatchExposures } from "./exposures.js";

/** The class the anti-flicker snippet puts on `<html>` until the page is personalized. */
export const PENDING_CLASS = "pz-pending";

let wasmReady;

function loadWasm(wasm) {
  wasmReady ??= wasmSource(wasm)
    .then((source) => initWasm({ module_or_path: source }))
    .catch((error) => {
      wasmReady = undefined;
      throw error;
    });
  return wasmReady;
}

/**
 * What the wasm is instantiated from. Bytes, a compiled module, a `Request` or a `Response`
 * are used as given. An address (default: next to the package) is fetched here, so that an
 * address answering something else — a web page, a 404 — gets a clear error instead of the
 * engine's "expected magic word"; in Node (server-side rendering) the file is read from disk.
 */
async function wasmSource(wasm) {
  if (wasm !== undefined && typeof wasm !== "string" && !(wasm instanceof URL)) return wasm;
  const url =
    wasm === undefined
      ? new URL("../wasm/shelfwise_bg.wasm", import.meta.url)
      : new URL(wasm, globalThis.document?.baseURI ?? import.meta.url);
  if (url.protocol === "file:") {
    const fs = globalThis.process?.getBuiltinModule?.("node:fs");
    if (fs) return fs.promises.readFile(url);
  }
  const response = await fetch(url);
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  if (!response.ok || type === "text/html") {
    throw new Error(
      `shelfwise: the wasm was not found at ${url} (the server answered ${response.status}` +
        `${type ? ` with ${type}` : ""}); serve shelfwise_bg.wasm there or pass its address as \`wasm\``,
    );
  }
  return response;
}

/** Local addresses, where a developer is at work: explanations go to the console. */
function inDevelopment() {
  const host = globalThis.location?.hostname ?? "";
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
}

let explainedRefusal = false;

function gpcFromNavigator() {
  return globalThis.navigator?.globalPrivacyControl === true;
}

/** What the page itself says, for context rules: where it is, where the visitor came
 * from, and the device. The URLs are taken apart here, by the browser's own parser. */
function pageFacts() {
  try {
    const location = globalThis.location;
    const referrer = globalThis.document?.referrer;
    const agentData = globalThis.navigator?.userAgentData;
    return {
      path: location?.pathname ?? "/",
      query: location?.search ?? "",
      host: location?.hostname,
      referrerHost: referrer ? new URL(referrer).hostname : undefined,
      mobile: typeof agentData?.mobile === "boolean" ? (agentData.mobile ? "?1" : "?0") : undefined,
      userAgent: globalThis.navigator?.userAgent,
      // What the shopper reads is said in the page's language, else the browser's.
      language: globalThis.document?.documentElement?.lang || undefined,
      preferredLanguages: globalThis.navigator?.languages?.join(",") || undefined,
    };
  } catch {
    return { path: "/", query: "" };
  }
}

function cookiesFromDocument() {
  try {
    return globalThis.document?.cookie ?? undefined;
  } catch {
    return undefined;
  }
}

/** Form fields as the engine takes them: URL-encoded, like the edge's endpoints. */
function encodeAnswers(answers) {
  if (answers instanceof URLSearchParams) return answers.toString();
  if (typeof FormData !== "undefined" && answers instanceof FormData) {
    const params = new URLSearchParams();
    for (const [key, value] of answers) if (typeof value === "string") params.append(key, value);
    return params.toString();
  }
  // An object: the purposes' ticks as booleans, `part` as given, and every other key a
  // question's key with its choice or list of choices (`crafts` is the earlier questions'
  // `craft`).
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(answers)) {
    if (key === "consent" || key === "interests" || key === "measurement") {
      if (value) params.set(key, "yes");
    } else if (key === "part") {
      if (value) params.set("part", String(value));
    } else {
      const field = key === "crafts" ? "craft" : key;
      for (const choice of Array.isArray(value) ? value : [value]) {
        if (typeof choice === "string" && choice !== "") params.append(field, choice);
      }
    }
  }
  return params.toString();
}

/** `localStorage`, or null where the browser blocks it (then nothing is kept). */
function defaultStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

// A random number, for an experiment bucket when the engine needs one.
function randomNumber() {
  const value = new Uint32Array(1);
  globalThis.crypto.getRandomValues(value);
  return value[0];
}

/**
 * Shows the page: removes the anti-flicker class, if the page uses the snippet.
 * Call it yourself only if you never call `personalize`.
 */
export function reveal(doc = globalThis.document) {
  doc?.documentElement?.classList.remove(PENDING_CLASS);
}

/** Personalization on the shopper's device, for one site config. */
export class Shelfwise {
  #engine;
  #storage;
  #country;
  #region;
  #gpc;

  /** Use `createShelfwise`, which loads the wasm first. */
  constructor(engine, { storage, country, region, gpc }) {
    this.#engine = engine;
    this.#storage = storage;
    this.#country = country;
    this.#region = region;
    this.#gpc = gpc;
    this.#reload();
  }

  #stored() {
    try {
      return this.#storage?.getItem(this.#engine.storageKey) ?? undefined;
    } catch {
      return undefined;
    }
  }

  #store(value) {
    if (value === undefined || !this.#storage) return false;
    try {
      this.#storage?.setItem(this.#engine.storageKey, value);
      return true;
    } catch {
      // Storage full or blocked: the page still works, unpersonalized next time.
      return false;
    }
  }

  #reload() {
    this.#engine.load(this.#stored(), cookiesFromDocument(), this.#gpc(), this.#country);
    const page = pageFacts();
    this.#engine.setVisit(page.path, page.query, page.host, page.referrerHost, this.#country, this.#region, page.mobile, page.userAgent);
    this.#engine.setLanguages(page.language, page.preferredLanguages);
    // Unreadable or past retention: gone from the device, not just ignored.
    if (this.#engine.stale) this.#remove();
  }

  #remove() {
    try {
      this.#storage?.removeItem(this.#engine.storageKey);
    } catch {
      // Blocked storage holds nothing to erase.
    }
  }

  /** The `localStorage` key the profile lives under. */
  get storageKey() {
    return this.#engine.storageKey;
  }

  /** True when a stored profile may personalize pages. */
  get hasProfile() {
    return this.#engine.hasProfile;
  }

  /**
   * Fills slots and reorders listings in `root` (a document or element), records the page
   * view, and reveals the page. Never throws: on any error the page stays as it came.
   */
  personalize(root = globalThis.document) {
    const result = { slots: [], listings: [], recorded: false };
    let exposures;
    try {
      this.#reload();
      // The engine applies its decisions to the DOM itself (for a visitor without a
      // profile, only what the config's context rules decide) and records the view.
      const changes = this.#engine.applyTo(root);
      result.slots = changes.slots;
      result.listings = changes.listings;
      result.recorded = this.#store(changes.stored);
      exposures = changes.exposures;
      changes.free();
    } catch (error) {
      console.error("shelfwise: personalization skipped:", error);
    } finally {
      reveal(root?.ownerDocument ?? root);
    }
    // After the page is shown; only what the core allows (consent to statistics).
    dispatchExposures(exposures, root?.ownerDocument ?? root);
    return result;
  }

  /**
   * Records a wishlist, basket, purchase or dwell signal. `keys` name what it was about
   * (the site's tags); `value` is a purchase's total, or for `dwell` the seconds the page
   * has been visible so far, with `from` the seconds already reported for the same page
   * view. Returns true when it was stored; false when consent or Global Privacy Control
   * does not allow it, there is no profile yet, or a dwell reached no new step.
   */
  recordSignal(kind, keys = [], value = undefined, from = undefined) {
    const fields = new URLSearchParams({ kind, keys: Array.isArray(keys) ? keys.join(",") : String(keys) });
    if (value !== undefined) fields.set("value", String(value));
    if (from !== undefined) fields.set("from", String(from));
    this.#reload();
    return this.#store(this.#engine.recordSignal(fields.toString()));
  }

  /**
   * Stores the shopper's answers: a form (`FormData`, `URLSearchParams`) with the fields of
   * the preference form, or an object of question keys and their choices (a string, or a
   * list for a multiple-choice question) with `consent`, `interests` and `measurement` as
   * booleans and `part: "purchase"` for the question asked at first purchase:
   * `{ activity: ["hiking"], fit: "relaxed", consent: true }`.
   * Answering allows using the answers; `interests` (learning from what the shopper views and
   * buys) and `measurement` (experiments) are each granted only when true, and never
   * withdrawn here (see `setPurposes`). Returns true when stored; false when consent does not
   * allow it (for example an opt-in region without `consent`). Throws an Error for an answer
   * the config does not offer.
   */
  setAnswers(answers) {
    this.#reload();
    const stored = this.#store(this.#engine.setAnswers(encodeAnswers(answers), randomNumber()));
    if (!stored && this.#engine.lastRefusal === "opt-in-required" && inDevelopment() && !explainedRefusal) {
      explainedRefusal = true;
      console.info(
        "shelfwise: the answers were not stored: the shopper may be where opt-in is required " +
          "(a country that is not passed counts as one), so the answers need `consent: true`. " +
          "Pass `country` to createShelfwise when the site knows it, or ask for consent.",
      );
    }
    return stored;
  }

  /**
   * Sets what the stored profile may be used for, as the privacy centre offers it:
   * `{ interests, measurement }` (each true or false; the answers are always used).
   * Withdrawing `interests` drops what was learnt from browsing; withdrawing `measurement`
   * drops the experiment group. Returns true when stored; false when there is no profile.
   */
  setPurposes({ interests = false, measurement = false } = {}) {
    this.#reload();
    const fields = new URLSearchParams();
    if (interests) fields.set("interests", "yes");
    if (measurement) fields.set("measurement", "yes");
    return this.#store(this.#engine.setPurposes(fields.toString(), randomNumber()));
  }

  /** The purposes the stored profile may be used for, `{ answers, interests, measurement }`, or undefined without one. */
  get purposes() {
    this.#reload();
    return this.#engine.report().purposes;
  }

  /** True when personalization is paused (the answers are kept but not used). */
  get paused() {
    this.#reload();
    return this.#engine.paused;
  }

  /**
   * Pauses (`true`) or resumes (`false`) personalization, keeping the answers: while
   * paused, pages are left as everyone sees them and nothing is recorded. Returns true
   * when stored; false when there is no profile.
   */
  setPaused(paused) {
    this.#reload();
    return this.#store(this.#engine.setPaused(Boolean(paused)));
  }

  /**
   * Removes one item (its catalog id) from the recently viewed, as the privacy centre lets
   * the shopper do one by one. Returns true when stored; false when it was not kept.
   */
  forgetViewed(id) {
    this.#reload();
    return this.#store(this.#engine.forgetViewed(String(id)));
  }

  /** Everything stored, in plain words: `{ stored, expires, paused, purposes, consented_on, started_on, facts: [{ kind, text, expires }], decisions, viewed: [{ id, title, url, viewed_on, expires }], profile }`. */
  profile() {
    this.#reload();
    return this.#engine.report();
  }

  /** Erases the profile from this device. */
  forget() {
    this.#remove();
    this.#engine.forget();
  }
}

/**
 * Loads the wasm (once per page) and returns a Shelfwise for `config` (the site config,
 * as an object or JSON text). Options: `storage` (default `localStorage`), `country` (ISO
 * code, when the site knows it; unknown counts as an opt-in region), `wasm` (where to load
 * `shelfwise_bg.wasm` from, default next to the package), `now` (ms, default `Date.now()`).
 */
export async function createShelfwise({ config, storage, country, region, wasm, now, gpc } = {}) {
  await loadWasm(wasm);
  const text = typeof config === "string" ? config : JSON.stringify(config ?? {});
  let engine;
  try {
    engine = new Engine(text, now ?? Date.now());
  } catch (error) {
    throw new Error(`shelfwise: ${error.message ?? error}`);
  }
  return new Shelfwise(engine, {
    storage: storage === undefined ? defaultStorage() : storage,
    country,
    region,
    gpc: typeof gpc === "boolean" ? () => gpc : gpcFromNavigator,
  });
}
