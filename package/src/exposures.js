// Exposure events for the site's analytics: one `shelfwise:exposure` CustomEvent on
// `document` per slot or listing the page shows with exposure marks (a control arm's and the
// holdout's default included), and, when the config names a dataLayer event, one push to
// `window.dataLayer` each. Once per page view, after the page is visible. What is reported,
// and whether anything is (the shopper's consent to statistics), is decided by the Shelfwise
// core; this module only delivers it.
//
// In edge mode, import this module alone (`import "@shelfwise/browser/exposures"`): the worker
// wrote the page's exposures into it as JSON data. The package itself uses `dispatchExposures`
// after personalizing.

/** The name of the events dispatched on `document`. */
export const EXPOSURE_EVENT = "shelfwise:exposure";

/** Runs `deliver` once the page is visible (now, if it is; else when it becomes so). */
function whenVisible(doc, deliver) {
  const now = () => (globalThis.requestAnimationFrame ?? ((f) => setTimeout(f, 0)))(() => deliver());
  if (doc.visibilityState !== "hidden") {
    now();
    return;
  }
  const onChange = () => {
    if (doc.visibilityState === "hidden") return;
    doc.removeEventListener("visibilitychange", onChange);
    now();
  };
  doc.addEventListener("visibilitychange", onChange);
}

/**
 * Delivers a page's exposures (`{ event, exposures }`, as the core reports them) once the
 * page is visible: a `shelfwise:exposure` event per exposure on `doc`, and a `dataLayer` push
 * per exposure when `event` is set.
 */
export function dispatchExposures(report, doc = globalThis.document) {
  if (!report || !Array.isArray(report.exposures) || report.exposures.length === 0 || !doc) return;
  whenVisible(doc, () => {
    for (const exposure of report.exposures) {
      doc.dispatchEvent(new CustomEvent(EXPOSURE_EVENT, { detail: { ...exposure } }));
      if (report.event) {
        globalThis.dataLayer = globalThis.dataLayer ?? [];
        globalThis.dataLayer.push({ event: report.event, ...exposure });
      }
    }
  });
}

/**
 * Edge mode: reads the exposures the worker wrote into the page (only where the shopper's
 * consent allows statistics) and delivers them, once.
 */
export function reportPageExposures(doc = globalThis.document) {
  const element = doc?.getElementById("shelfwise-exposures");
  if (!element || element.hasAttribute("data-pz-reported")) return;
  element.setAttribute("data-pz-reported", "");
  try {
    dispatchExposures(JSON.parse(element.textContent), doc);
  } catch (error) {
    console.error("shelfwise: the page's exposures could not be read:", error);
  }
}

if (globalThis.document) {
  if (globalThis.document.readyState === "loading") {
    globalThis.document.addEventListener("DOMContentLoaded", () => reportPageExposures(), { once: true });
  } else {
    reportPageExposures();
  }
}
