// Local-only mode: the shop personalizes itself in the shopper's browser with
// @shelfwise/browser (copied to /assets/shelfwise/ like any static asset). The worker adds
// this module, the site config (#shelfwise-config) and the anti-flicker snippet to each
// page's <head>; the profile lives in localStorage and is never sent anywhere.
import { createShelfwise, reveal } from "/assets/shelfwise/src/index.js";

function siteConfig() {
  const element = document.getElementById("shelfwise-config");
  if (!element) throw new Error("the page carries no #shelfwise-config");
  return element.textContent;
}

/** Resolves to the Shelfwise instance once the page is personalized (null if it failed). */
export const ready = (async () => {
  try {
    const shelfwise = await createShelfwise({ config: siteConfig() });
    shelfwise.personalize(document);
    return shelfwise;
  } catch (error) {
    console.error("shelfwise:", error);
    reveal();
    return null;
  }
})();
