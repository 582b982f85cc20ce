// Applies an Engine's decisions to a live DOM, following the same markup contract as the
// edge's streaming rewriter: `data-pz-slot` elements with `<template data-pz-variant>`
// children, `data-pz-listing` elements with `data-pz-item` children, and one
// `data-pz-view` marker. Anything unusual (a slot inside a slot, a listing inside a
// listing, a missing template) is left exactly as the page has it, as at the edge.
//
// Values from the engine are set as attributes or text; the only markup ever parsed is the
// site's own: its templates, or a content-library entry from the site config.

/** Separates the values handed to `Engine.order` (U+001F, see src/browser/mod.rs). */
const FIELD_SEPARATOR = "\u001f";

/** Stands for an attribute an item does not carry (U+001E, see src/browser/mod.rs). */
const ABSENT = "\u001e";

function setMarks(element, marks) {
  for (let i = 0; i + 1 < marks.length; i += 2) element.setAttribute(marks[i], marks[i + 1]);
}

function variantContent(slot, choice) {
  for (const child of slot.children) {
    if (child.localName === "template" && child.getAttribute("data-pz-variant") === choice.variant) {
      return child.content.cloneNode(true);
    }
  }
  if (choice.html === undefined) return null;
  const template = slot.ownerDocument.createElement("template");
  template.innerHTML = choice.html;
  return template.content;
}

/** Fills every slot the engine has a variant for; returns the names of the filled slots. */
export function fillSlots(engine, root) {
  const filled = [];
  for (const slot of root.querySelectorAll("[data-pz-slot]")) {
    if (slot.parentElement?.closest("[data-pz-slot]") || slot.querySelector("[data-pz-slot]")) continue;
    // Already personalized (a second call on the same content): left as it is.
    if (slot.hasAttribute("data-pz-shown")) continue;
    const name = slot.getAttribute("data-pz-slot");
    const choice = engine.slot(name);
    if (!choice) continue;
    if (choice.variant === undefined) {
      // A control arm: the default stays, marked so the exposure can be counted.
      setMarks(slot, choice.marks);
      continue;
    }
    const content = variantContent(slot, choice);
    if (!content) continue;
    setMarks(slot, choice.marks);
    slot.replaceChildren(content);
    if (choice.why !== undefined) {
      const why = slot.ownerDocument.createElement("small");
      why.className = "pz-why";
      why.setAttribute("data-pz-why", "");
      why.textContent = choice.why;
      slot.append(why);
    }
    filled.push(name);
  }
  return filled;
}

/** Reorders every listing the engine ranks; returns the names of the reordered listings. */
export function orderListings(engine, root) {
  const reordered = [];
  // The item attributes come from the engine, which holds the markup contract.
  let itemFields = null;
  for (const listing of root.querySelectorAll("[data-pz-listing]")) {
    if (listing.parentElement?.closest("[data-pz-listing]") || listing.querySelector("[data-pz-listing]")) continue;
    if (listing.hasAttribute("data-pz-shown")) continue;
    const name = listing.getAttribute("data-pz-listing");
    if (!engine.wantsListing(name)) continue;
    const items = [];
    for (const child of listing.children) if (child.hasAttribute("data-pz-item")) items.push(child);
    if (items.length < 2) continue;
    itemFields ??= engine.itemFields;
    const fields = [];
    for (const item of items) {
      for (const field of itemFields) fields.push(item.getAttribute(field) ?? ABSENT);
    }
    const choice = engine.order(name, fields.join(FIELD_SEPARATOR));
    if (!choice) continue;
    const order = choice.order;
    if (order.length !== items.length) continue;
    // Each item takes the place of the one it replaces; text and comments between items
    // stay where they were. One replaceChildren call: a single DOM mutation, however long
    // the listing.
    const children = [];
    let position = 0;
    for (const node of listing.childNodes) {
      children.push(node === items[position] ? items[order[position++]] : node);
    }
    listing.replaceChildren(...children);
    setMarks(listing, choice.marks);
    reordered.push(name);
  }
  return reordered;
}

/**
 * The view's `data-pz-view` marker: on `root` itself, inside it, or else on the page's
 * `<body>` (where the markup contract puts it).
 */
export function viewMarker(root) {
  const own = root.getAttribute?.("data-pz-view");
  if (own != null) return own;
  const inside = root.querySelector("[data-pz-view]")?.getAttribute("data-pz-view");
  if (inside != null) return inside;
  return (root.ownerDocument ?? root).body?.getAttribute("data-pz-view") ?? undefined;
}
