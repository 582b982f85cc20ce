// The demo shop's catalog (www/catalog.json), checked before any page is built: the
// rewriter trusts these fields, so pages are never built from bad data.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const WWW = join(dirname(fileURLToPath(import.meta.url)), "..");
export const catalog = JSON.parse(readFileSync(join(WWW, "catalog.json"), "utf8"));

// ---------------------------------------------------------------------------------------------
// Catalog checks: the rewriter trusts these fields, so refuse to build pages from bad data.

function validate(data) {
  const problems = [];
  const craftKeys = new Set();
  for (const craft of data.crafts ?? []) {
    if (!/^[a-z0-9-]+$/.test(craft.key)) problems.push(`craft key ${JSON.stringify(craft.key)} is not a-z0-9-`);
    craftKeys.add(craft.key);
  }
  const skus = new Set();
  for (const p of data.products ?? []) {
    const where = `product ${p.sku ?? "(no sku)"}`;
    if (!/^[a-z0-9-]+$/.test(p.sku ?? "")) problems.push(`${where}: sku must be a-z0-9-`);
    if (skus.has(p.sku)) problems.push(`${where}: duplicate sku`);
    skus.add(p.sku);
    if (!craftKeys.has(p.craft)) problems.push(`${where}: unknown craft ${JSON.stringify(p.craft)}`);
    if (!Array.isArray(p.tags) || p.tags[0] !== p.craft) problems.push(`${where}: first tag must be the craft key`);
    if (Array.isArray(p.tags) && (p.tags.length < 2 || p.tags.length > 4)) problems.push(`${where}: needs 1-3 tags after the craft`);
    for (const t of p.tags ?? []) if (!/^[a-z0-9-]+$/.test(t)) problems.push(`${where}: tag ${JSON.stringify(t)} is not a-z0-9-`);
    if (!(typeof p.price === "number" && p.price > 0)) problems.push(`${where}: price must be a positive number`);
    if (!Number.isInteger(p.stock) || p.stock < 0) problems.push(`${where}: stock must be a whole number >= 0`);
    if (!(typeof p.margin === "number" && p.margin >= 0 && p.margin <= 1)) problems.push(`${where}: margin must be 0..1`);
    for (const field of ["name", "maker", "description"]) {
      if (typeof p[field] !== "string" || !p[field].trim()) problems.push(`${where}: missing ${field}`);
    }
  }
  for (const sku of data.bestsellers ?? []) if (!skus.has(sku)) problems.push(`bestseller ${sku} is not in the catalog`);
  if (problems.length) {
    console.error(`catalog.json has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
    process.exit(2);
  }
}
validate(catalog);

export const SHOP = catalog.shop;
export const CRAFTS = catalog.crafts;
export const PRODUCTS = catalog.products;
export const CRAFT = Object.fromEntries(CRAFTS.map((c) => [c.key, c]));
export const BY_SKU = Object.fromEntries(PRODUCTS.map((p) => [p.sku, p]));
