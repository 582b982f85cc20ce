// The Shelfwise markup the demo shop carries, in one place: what a site owner adds to
// their own pages. A slot is a section whose children are the default content, with each
// variant in a <template>; a listing is a list whose items carry the product's key, tags,
// price, stock and margin (and a pin for the item that keeps its place); `<body>` names
// the keys a view of the page counts for.
import { esc } from "./helpers.mjs";

/** A personalization slot: default content, then each variant as a template. */
export function slot(name, className, defaultContent, variants) {
  const templates = variants
    .map(([id, content]) => `    <template data-pz-variant="${id}">${content}</template>`)
    .join("\n");
  return `  <section data-pz-slot="${name}" class="${className}">
    ${defaultContent}
${templates}
  </section>`;
}

/**
 * The attributes of a listing item for product `p`; `pinned` keeps it in place. `margin`
 * is for listings whose policy has a margin floor (the edge strips it from every page).
 */
export function itemAttributes(p, { pinned = false, margin = true } = {}) {
  const attrs = [
    `data-pz-item="${esc(p.sku)}"`,
    `data-pz-tags="${esc(p.tags.join(","))}"`,
    `data-pz-price="${p.price}"`,
    `data-pz-stock="${p.stock}"`,
  ];
  if (margin) attrs.push(`data-pz-margin="${p.margin}"`);
  if (pinned) attrs.push(`data-pz-pin="1"`);
  return attrs.join(" ");
}

/** The attribute that opens a listing to reordering. */
export function listingAttribute(name) {
  return `data-pz-listing="${name}"`;
}

/** The `<body>` attribute naming the keys a view of the page counts for. */
export function viewAttribute(keys) {
  return keys ? ` data-pz-view="${esc(keys)}"` : "";
}
