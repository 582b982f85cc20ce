// Ridgeline's own glue for local-only mode: the worker adds this module and the site config
// (#shelfwise-config) to each page; the package (copied to /assets/shelfwise/) personalizes
// the page and keeps the answers in this browser's storage. The preference form is answered
// here rather than posted, and the page is arranged again from the new answers.
import { createShelfwise, reveal } from "/assets/shelfwise/src/index.js";

try {
  const config = document.getElementById("shelfwise-config").textContent;
  const shelfwise = await createShelfwise({ config });
  shelfwise.personalize(document);
  for (const form of document.querySelectorAll('form[action="/__pz/prefs"]')) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      shelfwise.setAnswers(new FormData(form));
      location.assign(form.elements.return?.value ?? "/");
    });
  }
  window.shelfwise = shelfwise;
} catch (error) {
  console.error("shelfwise:", error);
  reveal();
}
