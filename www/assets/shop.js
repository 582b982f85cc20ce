// Shelfwise Crafts: the little the demo shop does in the browser.
//
// 1. Buttons with `data-pz-signal` (product pages) tell the worker about a wishlist add, a
//    basket add or a purchase: POST /__pz/signal, which answers 204 and updates the profile
//    cookie. Nothing leaves the shopper's own cookie.
// 2. The privacy centre (`#privacy-facts`) lists what that cookie holds, from GET /__pz/profile.
//
// In local-only mode (the page carries #shelfwise-config) the same features run on the
// device through @shelfwise/browser: signals, answers, the privacy centre and "forget" use
// localStorage and send nothing.
//
// 4. Time on a product page: the seconds the tab is visible are reported as they pass marks
//    (POST /__pz/signal `kind=dwell`, or the package in local-only mode); the config's dwell
//    steps decide what they count for.
//
// 3. Exposure events for the shop's analytics: in edge mode the worker writes the page's
//    exposures into it (only when the config asks and the shopper's consent allows
//    statistics); the package's small `exposures` module delivers them as
//    `shelfwise:exposure` events (and `dataLayer` pushes). In local-only mode the package
//    delivers them itself.
//
// Text from the server is only ever set with textContent, never parsed as HTML.

import "/assets/shelfwise/src/exposures.js";

/** Local-only mode: resolves to the page's Shelfwise instance (null if it failed to load). */
const local = document.getElementById("shelfwise-config")
  ? import("/assets/shelfwise-local.js").then((module) => module.ready)
  : null;

const SIGNAL_DONE = {
  wishlist: "Added to your wishlist — remembered only in your browser.",
  cart: "Added to your basket.",
  purchase: "Thanks! Purchase recorded.",
};
const SIGNAL_FAILED = "Sorry, that didn't work. Please try again.";

/**
 * The privacy centre's own words, in the page's language (`<html lang>`); what Shelfwise
 * says (the facts, the explanations) comes in the same language from the report.
 */
const LANG = (document.documentElement.lang || "en").split("-")[0] === "de" ? "de" : "en";
const WORDS = {
  en: {
    kinds: { stated: "You told us", inferred: "Inferred from browsing", lifecycle: "Visits and purchases", intent: "Wishlist and basket", setting: "Setting" },
    other: "Other",
    chosen: (report) => `You made these choices on ${report.consented_on}. Your profile was started on ${report.started_on}.`,
    nothing: "Nothing is stored about you.",
    noFacts: "The cookie is set, but it holds no facts about you.",
    keptUntil: (day) => `Kept until ${day}`,
    paused: "Personalization is paused: your answers are kept, but every page shows what everyone sees and nothing new is recorded.",
    why: "Why you see what you see",
    expires: ["Your profile cookie ", (day) => ` expires on ${day} unless renewed.`],
    raw: "The raw profile",
    remove: "Remove",
    removeLabel: (title) => `Remove ${title} from recently viewed`,
    viewedOn: (entry) => `Viewed on ${entry?.viewed_on ?? ""}, kept until ${entry?.expires ?? ""}`,
    viewed: "Recently viewed",
    loading: "Looking up what is stored…",
    failed: "We couldn't load your profile just now. ",
    asJson: "Read it as JSON instead",
  },
  de: {
    kinds: { stated: "Von Ihnen gesagt", inferred: "Aus Ihrem Stöbern", lifecycle: "Besuche und Käufe", intent: "Wunschzettel und Warenkorb", setting: "Einstellung" },
    other: "Sonstiges",
    chosen: (report) => `Diese Auswahl haben Sie am ${report.consented_on} getroffen. Ihr Profil wurde am ${report.started_on} angelegt.`,
    nothing: "Über Sie ist nichts gespeichert.",
    noFacts: "Das Cookie ist gesetzt, enthält aber nichts über Sie.",
    keptUntil: (day) => `Gespeichert bis ${day}`,
    paused: "Die Personalisierung ist pausiert: Ihre Antworten bleiben, aber jede Seite zeigt, was alle sehen, und nichts Neues wird aufgezeichnet.",
    why: "Warum Sie sehen, was Sie sehen",
    expires: ["Ihr Profil-Cookie ", (day) => ` läuft am ${day} ab, wenn es nicht erneuert wird.`],
    raw: "Das Profil im Rohformat",
    remove: "Entfernen",
    removeLabel: (title) => `${title} aus „Zuletzt angesehen“ entfernen`,
    viewedOn: (entry) => `Angesehen am ${entry?.viewed_on ?? ""}, gespeichert bis ${entry?.expires ?? ""}`,
    viewed: "Zuletzt angesehen",
    loading: "Wir sehen nach, was gespeichert ist …",
    failed: "Ihr Profil konnte gerade nicht geladen werden. ",
    asJson: "Lesen Sie es stattdessen als JSON",
  },
}[LANG];
const KIND_LABELS = WORDS.kinds;
/** The privacy centre's own address in this language, where its forms come back to. */
const PRIVACY_PAGE = LANG === "de" ? "/de/privacy/" : "/privacy/";

/** Creates an element with a class and text content. */
function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------------------------------------
// Signals

/** The element around a signal button that holds its status line and occasion form. */
function signalScope(button) {
  return button.closest(".signal-box") ?? document;
}

const SIGNAL_NOT_STORED =
  "Nothing was stored: answer the two questions under \u201cYour preferences\u201d to let this shop remember what you like.";

function showStatus(scope, text, failed) {
  const status = scope.querySelector(".signal-status");
  if (!status) return;
  status.textContent = text;
  status.classList.toggle("is-error", failed);
}

async function sendSignal(button) {
  const kind = button.dataset.pzSignal;
  if (!Object.hasOwn(SIGNAL_DONE, kind)) return;
  const fields = { kind, keys: button.dataset.pzKeys ?? "" };
  // The order total only means something for a purchase.
  if (kind === "purchase" && button.dataset.pzValue) fields.value = button.dataset.pzValue;
  const scope = signalScope(button);
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  let ok = false;
  let recorded = false;
  try {
    if (local) {
      const shelfwise = await local;
      ok = shelfwise !== null;
      recorded = ok && shelfwise.recordSignal(kind, fields.keys, fields.value === undefined ? undefined : Number(fields.value));
      return;
    }
    const response = await fetch("/__pz/signal", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    });
    ok = response.status === 204;
    // The worker says whether anything was stored: nothing is, before the shopper agrees.
    recorded = response.headers.get("x-pz-recorded") === "yes";
  } catch {
    ok = false;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    showSignalOutcome(scope, kind, ok, recorded);
  }
}

function showSignalOutcome(scope, kind, ok, recorded) {
  if (!ok) {
    showStatus(scope, SIGNAL_FAILED, true);
    return;
  }
  if (!recorded) {
    showStatus(scope, SIGNAL_NOT_STORED, false);
    return;
  }
  showStatus(scope, SIGNAL_DONE[kind], false);
  if (kind === "purchase") {
    const form = scope.querySelector(".occasion-form");
    if (form) form.hidden = false;
  }
}

function setUpSignals() {
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-pz-signal]") : null;
    if (!button || button.disabled) return;
    event.preventDefault();
    sendSignal(button);
  });
}

// ---------------------------------------------------------------------------------------------
// Privacy centre

function profileLink(text) {
  const link = make("a", "", text);
  link.href = `/__pz/profile?lang=${LANG}`;
  return link;
}

// The purposes form shows the stored choices, and the day they were given.
function showChoices(report) {
  const form = document.querySelector("form.privacy-purposes");
  if (!form) return;
  const stored = report?.stored === true;
  form.hidden = !stored;
  if (!stored) return;
  const purposes = report.purposes ?? {};
  for (const name of ["interests", "measurement"]) {
    const box = form.querySelector(`input[name="${name}"]`);
    if (box) box.checked = purposes[name] === true;
  }
  const line = form.querySelector("#privacy-consented");
  if (line) line.textContent = WORDS.chosen(report);
}

function renderFacts(report) {
  const parts = [];
  if (!report || report.stored !== true) {
    showChoices(report);
    parts.push(make("p", "privacy-empty", WORDS.nothing));
    return parts;
  }
  const facts = Array.isArray(report.facts) ? report.facts : [];
  if (facts.length === 0) {
    parts.push(make("p", "privacy-empty", WORDS.noFacts));
  } else {
    const list = make("ul", "fact-list");
    for (const fact of facts) {
      const kind = String(fact?.kind ?? "");
      const known = Object.hasOwn(KIND_LABELS, kind);
      const item = make("li", `fact fact-${known ? kind : "other"}`);
      item.append(
        make("span", "fact-kind", known ? KIND_LABELS[kind] : kind || WORDS.other),
        make("span", "fact-text", String(fact?.text ?? "")),
      );
      if (fact?.expires) item.append(make("span", "fact-expires", WORDS.keptUntil(fact.expires)));
      list.append(item);
    }
    parts.push(list);
  }
  const viewed = Array.isArray(report.viewed) ? report.viewed : [];
  if (viewed.length > 0) parts.push(...renderViewed(viewed));
  showChoices(report);
  if (report.paused === true) {
    parts.push(make("p", "privacy-paused", WORDS.paused));
  }
  const decisions = Array.isArray(report.decisions) ? report.decisions : [];
  if (decisions.length > 0) {
    parts.push(make("h3", "privacy-why-title", WORDS.why));
    const list = make("ul", "decision-list");
    for (const decision of decisions) {
      const item = make("li", "decision");
      const slot = String(decision?.slot ?? "").replace(/[-_]+/g, " ");
      item.append(make("span", "decision-slot", slot.charAt(0).toUpperCase() + slot.slice(1)), make("span", "decision-because", String(decision?.because ?? "")));
      list.append(item);
    }
    parts.push(list);
  }
  if (report.expires) {
    const line = make("p", "privacy-expiry");
    line.append(WORDS.expires[0], make("code", "", String(report.cookie ?? "pz")), WORDS.expires[1](report.expires));
    parts.push(line);
  }
  const raw = make("details", "privacy-raw");
  raw.append(make("summary", "", WORDS.raw), make("pre", "", JSON.stringify(report.profile ?? null, null, 2)));
  parts.push(raw);
  return parts;
}

/** The recently viewed items, each with a button that removes it (and only it). */
function renderViewed(viewed) {
  const list = make("ul", "viewed-list");
  for (const entry of viewed) {
    const item = make("li", "viewed-item");
    const link = make("a", "viewed-title", String(entry?.title ?? ""));
    const url = String(entry?.url ?? "");
    if (url.startsWith("/") && !url.startsWith("//")) link.href = url;
    const form = make("form", "viewed-remove");
    form.method = "post";
    form.action = "/__pz/viewed";
    const id = make("input");
    Object.assign(id, { type: "hidden", name: "remove", value: String(entry?.id ?? "") });
    const back = make("input");
    Object.assign(back, { type: "hidden", name: "return", value: PRIVACY_PAGE });
    const button = make("button", "button button-ghost button-small", WORDS.remove);
    button.type = "submit";
    button.setAttribute("aria-label", WORDS.removeLabel(link.textContent));
    form.append(id, back, button);
    item.append(link, make("span", "fact-expires", WORDS.viewedOn(entry)), form);
    list.append(item);
  }
  return [make("h3", "privacy-viewed-title", WORDS.viewed), list];
}

async function showPrivacyFacts(container) {
  container.replaceChildren(make("p", "privacy-loading", WORDS.loading));
  container.setAttribute("aria-busy", "true");
  let parts;
  try {
    if (local) {
      const shelfwise = await local;
      if (!shelfwise) throw new Error("the browser package did not load");
      container.replaceChildren(...renderFacts(shelfwise.profile()));
      container.removeAttribute("aria-busy");
      return;
    }
    // The report has no page of its own: it is asked for in this page's language.
    const response = await fetch(`/__pz/profile?lang=${LANG}`, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error(`status ${response.status}`);
    parts = renderFacts(await response.json());
  } catch {
    const failed = make("p", "privacy-error", WORDS.failed);
    failed.append(profileLink(WORDS.asJson), ".");
    parts = [failed];
  }
  container.replaceChildren(...parts);
  container.removeAttribute("aria-busy");
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Forms in local-only mode: answers and "forget" stay on the device

const NOT_STORED_WITHOUT_CONSENT =
  "Nothing was stored: tick the box to agree that this shop may remember your answers.";

function setUpLocalForms() {
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const action = form.getAttribute("action");
    if (!["/__pz/prefs", "/__pz/forget", "/__pz/pause", "/__pz/purposes", "/__pz/viewed"].includes(action)) return;
    event.preventDefault();
    const shelfwise = await local;
    if (!shelfwise) return;
    if (action === "/__pz/forget") {
      shelfwise.forget();
      location.assign("/");
      return;
    }
    const fields = new FormData(form, event.submitter);
    if (action === "/__pz/pause") {
      shelfwise.setPaused(fields.get("paused") === "yes");
      location.assign(PRIVACY_PAGE);
      return;
    }
    if (action === "/__pz/viewed") {
      shelfwise.forgetViewed(String(fields.get("remove") ?? ""));
      location.assign(PRIVACY_PAGE);
      return;
    }
    if (action === "/__pz/purposes") {
      shelfwise.setPurposes({ interests: fields.get("interests") === "yes", measurement: fields.get("measurement") === "yes" });
      location.assign(PRIVACY_PAGE);
      return;
    }
    let stored = false;
    try {
      stored = shelfwise.setAnswers(fields);
    } catch (error) {
      console.error("shelfwise:", error);
    }
    if (!stored) {
      let status = form.querySelector(".form-status");
      if (!status) {
        status = make("p", "form-status signal-status");
        status.setAttribute("role", "status");
        form.append(status);
      }
      status.textContent = NOT_STORED_WITHOUT_CONSENT;
      return;
    }
    const back = String(fields.get("return") ?? "/");
    location.assign(back.startsWith("/") && !back.startsWith("//") ? back : "/");
  });
}

setUpSignals();
if (local) setUpLocalForms();
const facts = document.getElementById("privacy-facts");
if (facts) showPrivacyFacts(facts);

// ---------------------------------------------------------------------------------------------
// Dwell: visible seconds on a product page

/**
 * Visible seconds at which the time so far is reported. Reports go while the page is open
 * (one sent as a page is left can be lost), each saying how far the time went since the
 * last; the config's dwell steps decide what the time counts for, once per page view.
 */
const DWELL_MARKS = [10, 20, 30, 45, 60, 90, 120, 180, 300, 600];

function trackDwell() {
  const keys = document.body.dataset.pzView;
  if (!keys) return;
  let visible = 0;
  let since = null;
  let reported = 0;
  const now = () => visible + (since === null ? 0 : (performance.now() - since) / 1000);
  const report = (seconds) => {
    const from = reported;
    reported = seconds;
    if (local) {
      local.then((shelfwise) => shelfwise?.recordSignal("dwell", keys.split(","), seconds, from));
    } else {
      const body = new URLSearchParams({ kind: "dwell", keys, value: String(seconds), from: String(from) });
      fetch("/__pz/signal", { method: "POST", body, keepalive: true }).catch(() => {});
    }
  };
  const check = () => {
    const mark = DWELL_MARKS.filter((m) => m <= now() && m > reported).pop();
    if (mark !== undefined) report(mark);
  };
  const show = () => {
    if (since === null) since = performance.now();
  };
  const hide = () => {
    if (since !== null) visible += (performance.now() - since) / 1000;
    since = null;
  };
  if (document.visibilityState === "visible") show();
  document.addEventListener("visibilitychange", () => (document.visibilityState === "visible" ? show() : hide()));
  window.addEventListener("pageshow", (event) => {
    // Back from the back-forward cache: a new view of the page, counted afresh.
    if (event.persisted) {
      visible = 0;
      reported = 0;
      since = null;
      show();
    }
  });
  setInterval(check, 1000);
}

if (document.body.classList.contains("page-product")) trackDwell();
