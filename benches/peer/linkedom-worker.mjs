// The peer a site would otherwise build: a JavaScript worker that buffers the origin's page,
// parses it into a DOM with linkedom, swaps the same slots, reorders the same listing and
// serializes the page again. It is handed the decisions ready-made (the `PLAN` variable:
// what Shelfwise decided for the same profile), so it is timed on the page work alone.
import { parseHTML } from "linkedom";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const origin = await fetch(env.ORIGIN + url.pathname + url.search, { headers: request.headers, redirect: "manual" });
    const type = origin.headers.get("content-type") ?? "";
    if (!type.includes("text/html") || !(request.headers.get("cookie") ?? "").includes("pz=")) return origin;
    const plan = JSON.parse(env.PLAN)[url.pathname] ?? { slots: {}, order: [] };
    const { document } = parseHTML(await origin.text());
    for (const [slot, variant] of Object.entries(plan.slots)) {
      const element = document.querySelector(`[data-pz-slot="${slot}"]`);
      const template = element?.querySelector(`template[data-pz-variant="${variant}"]`);
      // A shelf has no template: the peer is handed the markup Shelfwise made for it.
      const markup = template?.innerHTML ?? plan.markup?.[slot];
      if (!element || markup === undefined) continue;
      element.innerHTML = markup;
      element.setAttribute("data-pz-shown", variant);
    }
    const listing = document.querySelector("[data-pz-listing]");
    if (listing && plan.order.length > 0) {
      const bySku = new Map();
      for (const item of listing.querySelectorAll("[data-pz-item]")) bySku.set(item.getAttribute("data-pz-item"), item);
      for (const sku of plan.order) {
        const item = bySku.get(sku);
        if (item) listing.appendChild(item);
      }
      // A listing cut to its first items (`max_items`) loses the others.
      const kept = new Set(plan.order);
      for (const [sku, item] of bySku) if (!kept.has(sku)) item.remove();
      listing.setAttribute("data-pz-shown", "affinity");
    }
    const headers = new Headers(origin.headers);
    headers.delete("content-length");
    headers.set("cache-control", "private, max-age=0");
    return new Response("<!doctype html>\n" + document.documentElement.outerHTML, { status: origin.status, headers });
  },
};
