// Types of @shelfwise/browser.

/** The site config: the same JSON the edge worker uses (see docs/config.md). */
export type SiteConfig = Record<string, unknown> | string;

/** Where `shelfwise_bg.wasm` comes from, when not next to the package. */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

export interface CreateOptions {
  /** The site config, as an object or JSON text. Invalid configs reject with an Error. */
  config: SiteConfig;
  /** Where the profile is kept. Default `localStorage`; `null` keeps nothing. */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
  /** The shopper's country (ISO 3166-1 alpha-2), when the site knows it. Unknown counts as an opt-in region. */
  country?: string;
  /** The region within that country (the ISO 3166-2 code's second part, `CA` for California), for region rules. */
  region?: string;
  /** Global Privacy Control; default `navigator.globalPrivacyControl`. */
  gpc?: boolean;
  /** Where to load the wasm from; default next to the package's JavaScript. */
  wasm?: WasmSource;
  /** The current time in ms (default `Date.now()`), for the shop's calendar and retention. */
  now?: number;
}

/** What `personalize` changed. */
export interface PersonalizeResult {
  /** Slots now showing a variant. */
  slots: string[];
  /** Listings reordered (or marked, in an experiment's control arm). */
  listings: string[];
  /** The page view was written to the stored profile. */
  recorded: boolean;
}

/**
 * The answers of the preference form: every key other than the ones below is a question's
 * key (the config's `questions`) with its choice, or a list of choices for a
 * multiple-choice question (`{ genre: ["mystery"], for: "gift" }`; `crafts` is read as the
 * earlier questions' `craft`).
 */
export interface Answers {
  [question: string]: string | string[] | boolean | undefined;
  /** `"purchase"` for the question asked at first purchase (`"occasion"` as forms for the earlier questions send); omit for the others. */
  part?: "purchase" | "occasion";
  /** The shopper ticked the explicit opt-in (required in opt-in regions). */
  consent?: boolean;
  /** The shopper allows learning from what they view, save and buy on this device. */
  interests?: boolean;
  /** The shopper allows being placed in the shop's experiments. */
  measurement?: boolean;
}

/** What a profile may be used for, each purpose granted on its own. */
export interface Purposes {
  /** The stated answers personalize pages (always, for a stored profile). */
  answers: boolean;
  /** Behaviour on this device is learnt from. */
  interests: boolean;
  /** The shopper is placed in experiments. */
  measurement: boolean;
}

export type SignalKind = "wishlist" | "cart" | "purchase" | "dwell";

/** One stored fact, in plain words. */
export interface Fact {
  kind: "stated" | "inferred" | "lifecycle" | "intent" | "setting";
  text: string;
  /** ISO date the fact is dropped, if it expires on its own. */
  expires?: string;
}

/** Everything stored about the shopper. */
export interface ProfileReport {
  stored: boolean;
  /** The language the facts and explanations are said in: the page's `<html lang>`, else the browser's languages, else the config's `language`. */
  language: string;
  /** The storage key (the config's cookie name). */
  cookie: string;
  /** ISO date the whole profile expires unless renewed. */
  expires?: string;
  facts: Fact[];
  /** Personalization is paused (answers kept, nothing used or recorded). */
  paused?: boolean;
  /** What the profile may be used for. */
  purposes?: Purposes;
  /** ISO date the purposes were last given or changed. */
  consented_on?: string;
  /** ISO date the profile was started; it ends `privacy.max_profile_age_days` later at the latest. */
  started_on?: string;
  /** What each slot shows today and why (empty while paused). */
  decisions?: { slot: string; listing: boolean; variant: string; because: string }[];
  /** Recently viewed catalog items, latest first, each removable with `forgetViewed(id)`. */
  viewed?: { id: string; title: string; url: string; viewed_on: string; expires: string }[];
  /** The raw decoded profile. */
  profile?: Record<string, unknown>;
}

export declare const PENDING_CLASS: "pz-pending";

/** Shows a page hidden by the anti-flicker snippet. */
export declare function reveal(doc?: Document): void;

export declare class Shelfwise {
  private constructor();
  /** The `localStorage` key the profile lives under. */
  readonly storageKey: string;
  /** True when a stored profile may personalize pages. */
  readonly hasProfile: boolean;
  /** Fills slots, reorders listings, records the view, reveals the page. Never throws. */
  personalize(root?: Document | Element): PersonalizeResult;
  /** Records a signal; true when stored. */
  recordSignal(kind: SignalKind, keys?: string[] | string, value?: number, from?: number): boolean;
  /** Stores the answers; true when stored, false when consent does not allow it. */
  setAnswers(answers: Answers | FormData | URLSearchParams): boolean;
  /** Sets what the profile may be used for; withdrawing drops what the purpose kept. True when stored. */
  setPurposes(purposes: { interests?: boolean; measurement?: boolean }): boolean;
  /** The purposes the stored profile may be used for, or undefined without one. */
  readonly purposes: Purposes | undefined;
  /** True when personalization is paused (the answers are kept but not used). */
  readonly paused: boolean;
  /** Pauses (true) or resumes (false) personalization, keeping the answers; true when stored. */
  setPaused(paused: boolean): boolean;
  /** Removes one item (its catalog id) from the recently viewed; true when stored. */
  forgetViewed(id: string): boolean;
  /** Everything stored, in plain words. */
  profile(): ProfileReport;
  /** Erases the profile from this device. */
  forget(): void;
}

/** Loads the wasm (once per page) and returns a Shelfwise for the config. */
export declare function createShelfwise(options: CreateOptions): Promise<Shelfwise>;
