#!/usr/bin/env node
// Builds the demo shop's static pages from catalog.json.
//
//   node www/generate.mjs           write every page
//   node www/generate.mjs --check   exit 1 if any page on disk differs from what would be written
//
// Output is deterministic: the same catalog always gives byte-identical pages. This file holds
// the page templates; the Shelfwise markup they carry (slots with their variant templates,
// listing items, the view marker) is in generator/contract.mjs, the product art in
// generator/art.mjs, and the catalog and its checks in generator/catalog.mjs.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { SHOP, CRAFTS, PRODUCTS, CRAFT, BY_SKU, catalog } from "./generator/catalog.mjs";
import { esc, money, plural, pick } from "./generator/helpers.mjs";
import { productArt, el, rect, circle, path, line, g, d } from "./generator/art.mjs";
import { slot, itemAttributes, listingAttribute, viewAttribute } from "./generator/contract.mjs";

const ROOT = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Page furniture

const CATEGORIES = [
  {
    slug: "all",
    title: "Everything",
    nav: "All crafts",
    intro: "Ninety-six pieces from the shelves right now: ceramics, textiles, jewellery, prints, woodwork and glass, side by side.",
    select: (list) => list.slice(0, 96),
  },
  {
    slug: "home-and-living",
    title: "Home & living",
    nav: "Home & living",
    intro: "Mugs, bowls, boards, cushions, vases and prints for the walls: handmade things to live with every day.",
    select: (list) => list.filter((p) => p.tags.some((t) => t === "kitchen" || t === "home" || t === "wall-art")),
  },
  {
    slug: "gifts",
    title: "Gifts",
    nav: "Gifts",
    intro: "Presents with a story behind them. Every piece can be sent gift-wrapped, with a handwritten note and no prices inside.",
    select: (list) => list.filter((p) => p.tags.includes("gift")),
  },
];

const LOGO = el("svg", { class: "brand-mark", viewBox: "0 0 40 40", "aria-hidden": "true", focusable: "false" },
  rect({ x: 2, y: 30, width: 36, height: 4, rx: 2, fill: "currentColor" }) +
  path({ d: "M8 30 C8 18 12 14 14 14 C16 14 20 18 20 30 Z", fill: "#b5603a" }) +
  rect({ x: 22, y: 16, width: 7, height: 14, rx: 1.5, fill: "#34557f" }) +
  rect({ x: 30, y: 12, width: 6, height: 18, rx: 1.5, fill: "#23938a" }) +
  circle({ cx: 14, cy: 10, r: 3, fill: "#eeae47" }));

/**
 * The pages offered in more than one language, each language's address: a switch in the
 * header links them. Only what Shelfwise says (the "why this?" lines, the privacy centre)
 * and these pages' own words are German; the catalog stays in English.
 */
const LANGUAGE_VERSIONS = {
  home: { en: "/", de: "/de/" },
  privacy: { en: "/privacy/", de: "/de/privacy/" },
};

/** The header's language switch for a page with versions in several languages. */
function languageSwitch(versions, lang) {
  if (!versions) return "";
  const link = (code, label) =>
    `<a href="${versions[code]}" hreflang="${code}" lang="${code}"${lang.startsWith(code) ? ' aria-current="true"' : ""}>${label}</a>`;
  return `\n        <span class="lang-switch">${link("en", "English")} · ${link("de", "Deutsch")}</span>`;
}

function layout({ title, description, current, bodyClass, view, main, lang = "en-GB", versions }) {
  const nav = [
    ["/", "Home", "home"],
    ...CATEGORIES.map((cat) => [`/category/${cat.slug}/`, cat.nav, `category:${cat.slug}`]),
  ];
  const navLinks = nav
    .map(([href, label, key]) => `<a href="${href}"${current === key ? ' aria-current="page"' : ""}>${esc(label)}</a>`)
    .join("\n        ");
  const privacyCurrent = current === "privacy" ? ' aria-current="page"' : "";
  const prefsCurrent = current === "preferences" ? ' aria-current="page"' : "";
  // The worker reads `data-pz-view` on <body> to count a view of the page's keys.
  const viewAttr = viewAttribute(view);
  const craftLinks = CRAFTS.map((c) => `<span class="footer-craft" style="--swatch:${c.palette.primary}">${esc(c.name)}</span>`).join("\n          ");
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <meta name="description" content="${esc(description)}">
  <link rel="stylesheet" href="/assets/shop.css">
  <script type="module" src="/assets/shop.js"></script>
</head>
<body class="${bodyClass}"${viewAttr}>
  <a class="skip-link" href="#main">Skip to content</a>
  <header class="site-header">
    <div class="wrap header-inner">
      <a class="brand" href="/">${LOGO}<span class="brand-name">${esc(SHOP.name)}</span></a>
      <nav class="site-nav" aria-label="Main">
        ${navLinks}
        <a href="/privacy/"${privacyCurrent}>Privacy</a>
        <a class="nav-prefs" href="/preferences/"${prefsCurrent}>Your preferences</a>${languageSwitch(versions, lang)}
      </nav>
    </div>
  </header>
  <main id="main">
${main}
  </main>
  <footer class="site-footer">
    <div class="wrap footer-grid">
      <div class="footer-about">
        <p class="footer-brand">${esc(SHOP.name)}</p>
        <p>${esc(SHOP.tagline)}. Every piece is made in a small studio by someone we know by name, and most are one of a small batch.</p>
      </div>
      <div>
        <p class="footer-heading">Shop</p>
        <p class="footer-links"><a href="/">Home</a> <a href="/category/all/">All crafts</a> <a href="/category/home-and-living/">Home &amp; living</a> <a href="/category/gifts/">Gifts</a></p>
      </div>
      <div>
        <p class="footer-heading">Crafts</p>
        <p class="footer-crafts">
          ${craftLinks}
        </p>
      </div>
      <div>
        <p class="footer-heading">Made for you</p>
        <p>Tell us who you&rsquo;re shopping for and which crafts you love, and we&rsquo;ll arrange the shop around you. <a href="/preferences/">Your preferences</a></p>
        <p>What we remember stays in a cookie on your device, and you can see or erase it at any time. <a href="/privacy/">Privacy</a></p>
      </div>
    </div>
    <div class="wrap footer-base">
      <p>&copy; ${esc(SHOP.name)} &middot; Prices include VAT &middot; Free UK delivery over £60</p>
    </div>
  </footer>
</body>
</html>
`;
}

function firstSentence(text) {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

function stockNote(p) {
  if (p.stock === 0) return "Sold out";
  if (p.stock <= 3) return `Only ${p.stock} left`;
  return "In stock";
}

/** A product card. `pinned` adds the editor's badge (category pages only). */
function card(p, { pinned = false, heading = "h3", detailed = false } = {}) {
  const craft = CRAFT[p.craft];
  const href = `/product/${p.sku}/`;
  const badges = [];
  if (pinned) badges.push(`<span class="badge badge-pick">Editor’s pick</span>`);
  if (p.stock === 0) badges.push(`<span class="badge badge-soldout">Sold out</span>`);
  const stockClass = p.stock === 0 ? "stock stock-out" : p.stock <= 3 ? "stock stock-low" : "stock";
  return `<article class="card${p.stock === 0 ? " is-sold-out" : ""}" style="--craft:${craft.palette.primary}">
          <a class="card-media" href="${href}" tabindex="-1" aria-hidden="true">${productArt(p, "art", { room: detailed })}</a>${badges.length ? `
          <p class="card-badges">${badges.join("")}</p>` : ""}
          <div class="card-body">
            <p class="card-craft">${esc(craft.name)}</p>
            <${heading} class="card-title"><a href="${href}">${esc(p.name)}</a></${heading}>
            <p class="card-maker">${esc(p.maker)}</p>${detailed ? `
            <p class="card-desc">${esc(firstSentence(p.description))}</p>` : ""}
            <p class="card-foot"><span class="price">${money(p.price)}</span> <span class="${stockClass}">${stockNote(p)}</span></p>${detailed ? `
            <p class="card-offer" data-pz-badge></p>` : ""}
          </div>
        </article>`;
}

function cardRow(products, heading = "h3") {
  return `<div class="card-row">
        ${products.map((p) => card(p, { heading })).join("\n        ")}
      </div>`;
}

// ---------------------------------------------------------------------------------------------
// Home page

const inStock = (p) => p.stock > 0;
const ofCraft = (key) => PRODUCTS.filter((p) => p.craft === key);

/** The first `n` products matching `test`, taking at most `perCraft` from any one craft. */
function spread(test, n, perCraft = 1) {
  const counts = {};
  const out = [];
  for (const p of PRODUCTS) {
    if (out.length === n) break;
    if (!test(p) || (counts[p.craft] ?? 0) >= perCraft) continue;
    counts[p.craft] = (counts[p.craft] ?? 0) + 1;
    out.push(p);
  }
  return out;
}

function makersOf(key) {
  return [...new Set(ofCraft(key).map((p) => p.maker))];
}

function listPhrase(items) {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The flagship piece shown in a craft's hero: its priciest in-stock product. */
function flagship(key) {
  return ofCraft(key).filter(inStock).reduce((best, p) => (p.price > best.price ? p : best));
}

function heroPanel({ id, tone, ink, kicker, headline, text, cta, secondary, art }) {
  return `<div class="hero-panel hero-${id}" style="--hero-bg:${tone};--hero-ink:${ink}">
      <div class="hero-copy">
        <p class="kicker">${kicker}</p>
        <h1>${headline}</h1>
        <p class="hero-text">${text}</p>
        <p class="hero-actions"><a class="button" href="${cta.href}">${cta.label}</a>${secondary ? ` <a class="button button-ghost" href="${secondary.href}">${secondary.label}</a>` : ""}</p>
      </div>
      <div class="hero-art">
        ${art.map((p, i) => `<a class="hero-piece hero-piece-${i + 1}" href="/product/${p.sku}/" aria-label="${esc(p.name)}">${productArt(p)}</a>`).join("\n        ")}
      </div>
    </div>`;
}

const CRAFT_HEADLINES = {
  ceramics: "Fresh from the kiln",
  textiles: "Woven, knitted and dyed by hand",
  jewellery: "Small pieces, worn every day",
  prints: "Fresh ink for bare walls",
  woodwork: "Carved, turned and oiled by hand",
  glass: "Light, caught in glass",
};

function homeHero() {
  const byKey = (...skus) => skus.map((s) => BY_SKU[s]);
  const giftIdeas = spread((p) => inStock(p) && p.tags.includes("gift") && p.price <= 60 && !catalog.bestsellers.includes(p.sku), 2);
  const defaultPanel = heroPanel({
    id: "default",
    tone: "#f3ebe0",
    ink: "#2f2a26",
    kicker: `Independent makers &middot; ${PRODUCTS.length} handmade pieces`,
    headline: "Handmade, by people you can name",
    text: `Clay, cloth, silver, ink, wood and glass from ${new Set(PRODUCTS.map((p) => p.maker)).size} small studios. Everything is made by hand, in small batches, and sent from the studio that made it.`,
    cta: { href: "/category/all/", label: "Shop everything" },
    secondary: { href: "/preferences/", label: "Tell us what you like" },
    art: byKey(...catalog.bestsellers.slice(0, 2)),
  });
  const variants = [
    ["gift-guide", heroPanel({
      id: "gift-guide",
      tone: "#f6e3de",
      ink: "#3a2226",
      kicker: "The gift guide",
      headline: "Gifts they&rsquo;ll keep for years",
      text: "Thoughtful handmade presents from £10, chosen with the makers. Every order can be gift-wrapped in recycled paper with a handwritten note, and no prices inside.",
      cta: { href: "/category/gifts/", label: "Browse gifts" },
      secondary: { href: "/category/all/", label: "See everything" },
      art: giftIdeas,
    })],
    ["treat-yourself", heroPanel({
      id: "treat-yourself",
      tone: "#e4efe9",
      ink: "#1f3328",
      kicker: "Just for you",
      headline: "Go on, treat yourself",
      text: "A mug that fits your hand, a print for the bare wall, a ring you&rsquo;ll wear every day. Handmade things for your own table, shelves and wardrobe.",
      cta: { href: "/category/home-and-living/", label: "Shop home &amp; living" },
      secondary: { href: "/category/all/", label: "See everything" },
      art: spread((p) => inStock(p) && !p.tags.includes("gift") && p.price >= 40, 2),
    })],
    ["still-deciding", heroPanel({
      id: "still-deciding",
      tone: "#ecebf5",
      ink: "#262640",
      kicker: "No rush",
      headline: "Take a slow wander",
      text: "Not sure what you&rsquo;re looking for yet? Browse across all six crafts, meet the makers, and come back to anything that catches your eye.",
      cta: { href: "/category/all/", label: "Browse everything" },
      secondary: { href: "/preferences/", label: "Update your answers" },
      art: byKey("gls-004", "tex-002"),
    })],
    ...CRAFTS.map((craft) => {
      const lead = flagship(craft.key);
      const second = ofCraft(craft.key).find((p) => inStock(p) && p !== lead && p.tags[1] !== lead.tags[1]);
      const makers = makersOf(craft.key);
      return [`${craft.key}-spotlight`, heroPanel({
        id: `${craft.key}-spotlight`,
        tone: craft.palette.light,
        ink: craft.palette.dark,
        kicker: `${esc(craft.name)} spotlight`,
        headline: esc(CRAFT_HEADLINES[craft.key]),
        text: `${esc(craft.blurb)} ${ofCraft(craft.key).length} pieces from ${esc(listPhrase(makers))}.`,
        cta: { href: "/category/all/", label: `Shop ${esc(craft.name.toLowerCase())} first` },
        secondary: { href: `/product/${lead.sku}/`, label: `See the ${esc(lead.name.toLowerCase())}` },
        art: [lead, second],
      })];
    }),
  ];
  return slot("home-hero", "hero", defaultPanel, variants);
}

function collectionBlock({ id, kicker, headline, text, link, products }) {
  return `<div class="collection collection-${id}">
      <div class="section-head">
        <div>
          <p class="kicker">${kicker}</p>
          <h2>${headline}</h2>
          <p class="section-text">${text}</p>
        </div>
        <a class="text-link" href="${link.href}">${link.label} &rarr;</a>
      </div>
      ${cardRow(products)}
    </div>`;
}

function featuredCollection() {
  const defaultBlock = collectionBlock({
    id: "bestsellers",
    kicker: "What people love",
    headline: "Bestsellers",
    text: "The pieces our shoppers come back for, again and again.",
    link: { href: "/category/all/", label: "Shop everything" },
    products: catalog.bestsellers.map((s) => BY_SKU[s]),
  });
  const variants = [
    ["gifts-under-50", collectionBlock({
      id: "gifts-under-50",
      kicker: "Gift ideas",
      headline: "Gifts under £50",
      text: "Small, handmade and very giftable, from four different studios.",
      link: { href: "/category/gifts/", label: "All gifts" },
      products: spread((p) => inStock(p) && p.tags.includes("gift") && p.price < 50, 4),
    })],
    ...CRAFTS.map((craft) => [`${craft.key}-collection`, collectionBlock({
      id: `${craft.key}-collection`,
      kicker: `Because you love ${esc(craft.name.toLowerCase())}`,
      headline: `The ${esc(craft.name.toLowerCase())} edit`,
      text: esc(craft.blurb),
      link: { href: "/category/all/", label: `Shop ${esc(craft.name.toLowerCase())} first` },
      products: spread((p) => p.craft === craft.key && inStock(p), 4, 4),
    })]),
  ];
  return slot("featured-collection", "featured", defaultBlock, variants);
}

const MAKER_STORIES = [
  { maker: "Hollow Hill Pottery", craft: "ceramics", quote: "Every mug is thrown to fit a hand. I test the handles with my own before they go in the kiln." },
  { maker: "Loomhouse Weavers", craft: "textiles", quote: "We weave on two old floor looms in a converted chapel. A throw takes most of a week." },
  { maker: "Ember Metalsmiths", craft: "jewellery", quote: "All our silver is recycled, and every ring is sized, soldered and polished at one bench." },
];

function monogram(name, colour) {
  const letters = name.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w)).slice(0, 2).map((w) => w[0]).join("");
  return el("svg", { class: "monogram", viewBox: "0 0 64 64", "aria-hidden": "true", focusable: "false" },
    circle({ cx: 32, cy: 32, r: 32, fill: colour }) +
    el("text", { x: 32, y: 40, "text-anchor": "middle", "font-family": "Georgia, serif", "font-size": 22, fill: "#ffffff" }, esc(letters)));
}

function editorialBlock({ id, kicker, headline, text, points, cta }) {
  return `<div class="editorial-panel editorial-${id}">
      <div class="editorial-intro">
        <p class="kicker">${kicker}</p>
        <h2>${headline}</h2>
        <p class="section-text">${text}</p>
        <p><a class="button button-small" href="${cta.href}">${cta.label}</a></p>
      </div>
      <div class="editorial-points">
        ${points.map((pt) => `<div class="point">
          ${pt.icon}
          <div>
            <h3>${pt.title}</h3>
            <p>${pt.text}</p>
          </div>
        </div>`).join("\n        ")}
      </div>
    </div>`;
}

function iconDisc(colour, glyph) {
  return el("svg", { class: "monogram", viewBox: "0 0 64 64", "aria-hidden": "true", focusable: "false" },
    circle({ cx: 32, cy: 32, r: 32, fill: colour }) + glyph);
}

function editorial() {
  const defaultBlock = editorialBlock({
    id: "makers",
    kicker: "The people behind the pieces",
    headline: "Meet the makers",
    text: `${new Set(PRODUCTS.map((p) => p.maker)).size} independent studios sell through ${esc(SHOP.name)}. They set their own prices, and most of what you pay goes straight back to the bench.`,
    cta: { href: "/category/all/", label: "Shop their work" },
    points: MAKER_STORIES.map((s) => ({
      icon: monogram(s.maker, CRAFT[s.craft].palette.primary),
      title: `${esc(s.maker)} <span class="muted">&middot; ${esc(CRAFT[s.craft].name)}</span>`,
      text: `&ldquo;${esc(s.quote)}&rdquo;`,
    })),
  });
  const white = "#ffffff";
  const variants = [
    ["gift-notes", editorialBlock({
      id: "gift-notes",
      kicker: "Giving well",
      headline: "Gift notes, wrapping and no price tags",
      text: "Buying for someone else? We&rsquo;ll take care of the finishing touches so the present arrives ready to give.",
      cta: { href: "/category/gifts/", label: "Find a gift" },
      points: [
        { icon: iconDisc("#cf4a5a", path({ d: "M18 28 h28 v20 h-28 Z M16 22 h32 v7 h-32 Z M32 22 v26", fill: "none", stroke: white, "stroke-width": 3 })), title: "Wrapped by hand", text: "Recycled paper, cotton ribbon and a sprig of something green from the studio garden." },
        { icon: iconDisc("#34557f", path({ d: "M18 20 h28 v24 h-28 Z M18 20 l14 12 l14 -12", fill: "none", stroke: white, "stroke-width": 3 })), title: "A handwritten note", text: "Tell us what to say and a maker will write it out in ink on one of our letterpress cards." },
        { icon: iconDisc("#23938a", path({ d: "M20 32 l8 8 l16 -18", fill: "none", stroke: white, "stroke-width": 4 })), title: "Easy exchanges", text: "Gift receipts have no prices, and exchanges are welcome for sixty days." },
      ],
    })],
    ["collector-story", editorialBlock({
      id: "collector-story",
      kicker: "Collecting handmade",
      headline: "Start a collection you&rsquo;ll keep for life",
      text: "Most of our regulars began with a single mug or one small print. A few years on, their shelves tell the story of the studios they found along the way.",
      cta: { href: "/category/home-and-living/", label: "Start with home &amp; living" },
      points: [
        { icon: iconDisc("#b5603a", path({ d: "M22 22 h20 v6 c0 10 -4 16 -10 16 c-6 0 -10 -6 -10 -16 Z", fill: white })), title: "Buy what you&rsquo;ll use", text: "The pieces people treasure most are the ones they reach for every morning." },
        { icon: iconDisc("#8a5a2e", path({ d: "M16 44 h32 M20 44 v-18 M32 44 v-24 M44 44 v-14", fill: "none", stroke: white, "stroke-width": 4 })), title: "Follow a maker", text: "Studios change their glazes, dyes and woods with the seasons; a collection records that." },
        { icon: iconDisc("#b58a3e", circle({ cx: 32, cy: 32, r: 12, fill: "none", stroke: white, "stroke-width": 4 })), title: "Look after it", text: "Every piece comes with care notes from its maker, so it lasts." },
      ],
    })],
    ["workshop-invite", editorialBlock({
      id: "workshop-invite",
      kicker: "Try it yourself",
      headline: "Come and make something with us",
      text: "Still working out what you love? Spend a morning in a maker&rsquo;s studio. Small groups, all materials included, and you take home what you make.",
      cta: { href: "/preferences/", label: "Tell us which crafts you like" },
      points: [
        { icon: iconDisc("#b5603a", path({ d: "M20 42 h24 l-4 -16 h-16 Z", fill: white })), title: "Throw a mug", text: "Two hours at the wheel with Kiln &amp; Kettle; your mug is glazed, fired and posted to you." },
        { icon: iconDisc("#8a5a2e", path({ d: "M24 46 l16 -22 M38 20 c6 -2 8 4 4 8", fill: "none", stroke: white, "stroke-width": 4 })), title: "Carve a spoon", text: "Green-wood carving with Coppice Workshop, from axe to finished spoon." },
        { icon: iconDisc("#cf4a5a", rect({ x: 20, y: 20, width: 24, height: 24, fill: "none", stroke: white, "stroke-width": 4 })), title: "Print a linocut", text: "Cut, ink and pull your own print at Linocut Lane&rsquo;s press." },
      ],
    })],
  ];
  return slot("editorial", "editorial", defaultBlock, variants);
}

function craftTiles() {
  return `  <div class="crafts-band">
    <div class="wrap">
      <div class="section-head">
        <div>
          <p class="kicker">Six crafts, one shop</p>
          <h2>Shop by craft</h2>
        </div>
        <a class="text-link" href="/category/all/">See all pieces &rarr;</a>
      </div>
      <div class="craft-tiles">
        ${CRAFTS.map((craft) => {
          const picks = ofCraft(craft.key).filter(inStock).slice(0, 3);
          const pal = craft.palette;
          return `<div class="craft-tile" style="--tile-bg:${pal.light};--tile-ink:${pal.dark};--tile-accent:${pal.primary}">
          <p class="swatches"><span style="background:${pal.primary}"></span><span style="background:${pal.secondary}"></span><span style="background:${pal.accent}"></span></p>
          <h3>${esc(craft.name)}</h3>
          <p class="craft-count">${plural(ofCraft(craft.key).length, "piece")} &middot; ${plural(makersOf(craft.key).length, "studio")}</p>
          <p class="craft-picks">${picks.map((p) => `<a href="/product/${p.sku}/">${esc(p.name)}</a>`).join(" ")}</p>
        </div>`;
        }).join("\n        ")}
      </div>
    </div>
  </div>`;
}

/**
 * "Top picks": three pieces of each craft, in stock, in the shop's own order. The worker
 * (or the package) ranks them for the shopper and shows the first six (`max_items` in the
 * config); a visitor without a profile sees the first six as written here.
 */
function topPicks() {
  const candidates = CRAFTS.flatMap((craft) => PRODUCTS.filter((p) => p.craft === craft.key && p.stock > 0).slice(0, 3));
  const order = [0, 1, 2].flatMap((round) => candidates.filter((_, i) => i % 3 === round));
  // No margins: this listing has no margin floor, so the home page carries no business data.
  const lis = order.map((p) => `      <li ${itemAttributes(p, { margin: false })}>
        ${card(p)}
      </li>`);
  return `  <section class="top-picks" aria-labelledby="top-picks-title">
    <h2 id="top-picks-title">Top picks</h2>
    <ul class="product-grid" ${listingAttribute("top-picks")}>
${lis.join("\n")}
    </ul>
  </section>`;
}

function homePage(lang = "en-GB") {
  const german = lang === "de";
  const notice = german
    ? `  <p class="wrap lang-notice" lang="de">Auf dieser Seite erklärt Shelfwise auf Deutsch, warum Sie sehen, was Sie sehen; das Sortiment ist auf Englisch beschrieben.</p>\n`
    : "";
  const main = `${notice}${homeHero()}
  <div class="promise-strip">
    <p class="wrap promise"><span>Made by hand in small studios</span><span>Free UK delivery over £60</span><span>Gift wrapping on every order</span></p>
  </div>
  <div class="wrap">
    <section class="member-offer" data-pz-slot="member-offer"></section>
${featuredCollection()}
${topPicks()}
    <section class="shelf" data-pz-slot="winter-bundle"></section>
    <section class="shelf" data-pz-slot="for-you-shelf"></section>
    <section class="shelf" data-pz-slot="recently-viewed"></section>
  </div>
${craftTiles()}
  <div class="wrap">
    <div class="prefs-callout">
      <div>
        <h2>Make the shop yours</h2>
        <p>Answer two quick questions and we&rsquo;ll put the crafts you love first, on every page.</p>
      </div>
      <a class="button" href="/preferences/">Set your preferences</a>
    </div>
${editorial()}
  </div>`;
  return layout({
    title: `${SHOP.name}: ${SHOP.tagline}`,
    description: `${SHOP.tagline}: ceramics, textiles, jewellery, prints, woodwork and glass from independent makers.`,
    current: "home",
    bodyClass: "page-home",
    main,
    lang,
    versions: LANGUAGE_VERSIONS.home,
  });
}

// ---------------------------------------------------------------------------------------------
// Category pages

function categoryPage(cat) {
  const items = cat.select(PRODUCTS);
  const crafts = CRAFTS.filter((c) => items.some((p) => p.craft === c.key)).map((c) => c.name);
  const lis = items.map((p, i) => {
    return `      <li ${itemAttributes(p, { pinned: i === 0 })}>
        ${card(p, { pinned: i === 0, heading: "h2", detailed: true })}
      </li>`;
  });
  const others = CATEGORIES.filter((c) => c.slug !== cat.slug)
    .map((c) => `<a href="/category/${c.slug}/">${esc(c.nav)}</a>`)
    .join(" ");
  const main = `  <div class="wrap">
    <div class="page-head">
      <p class="crumbs"><a href="/">Home</a> <span aria-hidden="true">/</span> ${esc(cat.title)}</p>
      <h1>${esc(cat.title)}</h1>
      <p class="page-intro">${esc(cat.intro)}</p>
      <p class="page-meta"><span class="count">${plural(items.length, "piece")}</span> <span>${esc(listPhrase(crafts))}</span></p>
      <p class="page-tools"><a class="chip" href="/preferences/">Arrange by the crafts you love</a> <span class="also">Also see: ${others}</span></p>
    </div>
    <section class="member-offer" data-pz-slot="member-offer"></section>
    <ul class="product-grid" ${listingAttribute("category")}>
${lis.join("\n")}
    </ul>
  </div>`;
  return layout({
    title: `${cat.title} · ${SHOP.name}`,
    description: cat.intro,
    current: `category:${cat.slug}`,
    bodyClass: `page-category category-${cat.slug}`,
    main,
  });
}

// ---------------------------------------------------------------------------------------------
// Product pages

/**
 * The shop's preference questions, from its Shelfwise config: the forms below are built from
 * them, so a field's name is its question's key and every choice one the config offers.
 */
const QUESTIONS = JSON.parse(readFileSync(join(ROOT, "shelfwise.config.json"), "utf8")).questions;
const ASKED_ON_FORM = QUESTIONS.filter((q) => !q.at_purchase);
const ASKED_AT_PURCHASE = QUESTIONS.find((q) => q.at_purchase);
const labelOf = (choice) => choice.label ?? choice.key;

/** The kinds the demo's catalog feed carries: those its `complements` pair up. */
const FEED_KINDS = ["mug", "coaster", "spoon", "board", "bowl", "tumbler", "vase", "suncatcher", "candle-holder", "ring", "earrings", "necklace", "cushion", "throw"];

/**
 * Writes the config's catalog feed (for the recommendation shelves) from the products:
 * the pieces of the kinds the complements pair up, with their pages' addresses.
 */
function syncCatalogFeed() {
  const file = join(ROOT, "shelfwise.config.json");
  if (!existsSync(file)) return;
  const config = JSON.parse(readFileSync(file, "utf8"));
  const feed = PRODUCTS.filter((p) => p.tags.some((t) => FEED_KINDS.includes(t))).map((p) => ({
    id: p.sku,
    title: p.name,
    url: `/product/${p.sku}/`,
    price: p.price,
    stock: p.stock,
    margin: p.margin,
    tags: p.tags,
  }));
  if (JSON.stringify(config.catalog) === JSON.stringify(feed)) return;
  config.catalog = feed;
  writeFileSync(file, JSON.stringify(config, null, 2) + "\n");
}

syncCatalogFeed();

/**
 * The buttons that record a wishlist, basket or purchase signal (see assets/shop.js), and the
 * occasion question shown after a purchase. The shop has no checkout; nothing is sold.
 */
function signalBox(p) {
  if (p.stock === 0) {
    return `<div class="signal-box">
          <p class="signal-buttons"><button class="button" type="button" disabled>Sold out</button></p>
        </div>`;
  }
  const keys = esc(p.tags.join(","));
  const button = (kind, label, extra = "") =>
    `<button class="button${extra}" type="button" data-pz-signal="${kind}" data-pz-keys="${keys}" data-pz-value="${p.price}">${label}</button>`;
  const path = `/product/${p.sku}/`;
  const question = ASKED_AT_PURCHASE;
  const choices = question
    ? question.choices.map((c) => `<label class="occasion-choice"><input type="radio" name="${esc(question.key)}" value="${esc(c.key)}"> <span>${esc(labelOf(c))}</span></label>`)
      .join("\n              ")
    : "";
  const asked = question ? esc(question.label ?? question.key).replace(/^./, (first) => first.toLowerCase()).replace(/&#39;/g, "&rsquo;") : "";
  return `<div class="signal-box">
          <p class="signal-buttons">${button("wishlist", "Add to wishlist", " button-ghost")} ${button("cart", "Add to basket")} ${button("purchase", "Buy now", " button-ghost")}</p>
          <p class="signal-note">This demo shop has no checkout: these buttons only record a signal in your own browser&rsquo;s cookie.</p>
          <p class="signal-status" role="status" aria-live="polite"></p>
          ${question ? `<form method="post" action="/__pz/prefs" class="occasion-form" hidden>
            <h2 class="occasion-title" id="occasion-title">One more question: ${asked}</h2>
            <input type="hidden" name="part" value="purchase">
            <input type="hidden" name="return" value="${path}">
            <fieldset class="occasion-choices" aria-labelledby="occasion-title">
              ${choices}
            </fieldset>
            <p class="occasion-actions"><button class="button button-small" type="submit">Save</button></p>
          </form>` : ""}
        </div>`;
}

function productPage(p) {
  const craft = CRAFT[p.craft];
  const same = ofCraft(p.craft);
  const at = same.indexOf(p);
  const more = [];
  for (let k = 1; more.length < 4 && k < same.length; k++) more.push(same[(at + k) % same.length]);
  const inCategories = CATEGORIES.filter((c) => c.select(PRODUCTS).includes(p));
  const status = p.stock === 0
    ? `<p class="stock-status stock-out">Sold out. ${esc(p.maker)} may make more; check back soon.</p>`
    : p.stock <= 3
      ? `<p class="stock-status stock-low">Only ${p.stock} left in stock</p>`
      : `<p class="stock-status stock-in">In stock, ready to send</p>`;
  const labels = p.tags.slice(1).map((t) => `<span class="tag">${esc(t.replace(/-/g, " "))}</span>`).join(" ");
  const main = `  <div class="wrap">
    <p class="crumbs"><a href="/">Home</a> <span aria-hidden="true">/</span> <a href="/category/all/">All crafts</a> <span aria-hidden="true">/</span> ${esc(craft.name)} <span aria-hidden="true">/</span> ${esc(p.name)}</p>
    <div class="product" style="--craft:${craft.palette.primary};--craft-light:${craft.palette.light}">
      <div class="product-media">${productArt(p, "art art-large", { room: true })}</div>
      <div class="product-info">
        <p class="kicker">${esc(craft.name)}</p>
        <h1>${esc(p.name)}</h1>
        <p class="product-maker">Made by <strong>${esc(p.maker)}</strong></p>
        <p class="product-price">${money(p.price)}</p>
        ${status}
        <p class="product-description">${esc(p.description)}</p>
        ${signalBox(p)}
        <p class="product-actions"><a class="button" href="/category/all/">Browse all pieces</a> <a class="button button-ghost" href="/preferences/">Your preferences</a></p>
        <dl class="facts">
          <div><dt>Craft</dt><dd>${esc(craft.name)}</dd></div>
          <div><dt>Studio</dt><dd>${esc(p.maker)}</dd></div>
          <div><dt>Item code</dt><dd>${esc(p.sku.toUpperCase())}</dd></div>
          <div><dt>Good for</dt><dd>${labels}</dd></div>
        </dl>
        <p class="product-found">Find it in: ${inCategories.map((c) => `<a href="/category/${c.slug}/">${esc(c.nav)}</a>`).join(" ") || `<a href="/category/all/">All crafts</a>`}</p>
      </div>
    </div>
    <div class="more">
      <div class="section-head">
        <div>
          <p class="kicker">More from this craft</p>
          <h2>More ${esc(craft.name.toLowerCase())}</h2>
        </div>
        <a class="text-link" href="/category/all/">All crafts &rarr;</a>
      </div>
      ${cardRow(more)}
    </div>
    <section class="shelf" data-pz-slot="goes-well-with"></section>
    <section class="shelf" data-pz-slot="for-you-shelf"></section>
    <section class="shelf" data-pz-slot="recently-viewed"></section>
  </div>`;
  return layout({
    title: `${p.name} by ${p.maker} · ${SHOP.name}`,
    description: p.description,
    current: "product",
    bodyClass: `page-product craft-${p.craft}`,
    view: p.tags.join(","),
    main,
  });
}

// ---------------------------------------------------------------------------------------------
// Preferences and not-found pages

/** Hints under the choices of "who are you shopping for?", by choice key. */
const CHOICE_HINTS = {
  self: "Something for my own home or wardrobe",
  gift: "I&rsquo;m looking for a gift",
  unsure: "Just browsing for now",
};

/** One question of the preference form, its field named by the question's key. */
function questionFieldset(question) {
  const type = question.multiple ? "checkbox" : "radio";
  const name = esc(question.key);
  const legend = esc(question.label ?? question.key).replace(/&#39;/g, "&rsquo;") +
    (question.multiple ? ` Pick up to ${["none", "one", "two", "three", "four"][question.max ?? 3]}` : "");
  // Choices that are crafts show the craft's colours and a piece of its work.
  if (question.choices.every((c) => CRAFT[c.key])) {
    const choices = question.choices.map((c) => {
      const craft = CRAFT[c.key];
      const sample = ofCraft(c.key)[0];
      return `<label class="craft-choice" style="--choice:${craft.palette.primary};--choice-bg:${craft.palette.light}">
            <input type="${type}" name="${name}" value="${esc(c.key)}">
            <span class="choice-art">${productArt(sample, "art art-mini")}</span>
            <span class="choice-label">${esc(labelOf(c))}</span>
          </label>`;
    }).join("\n          ");
    return `<fieldset class="question">
        <legend>${legend}</legend>
        <div class="craft-choices">
          ${choices}
        </div>
      </fieldset>`;
  }
  const choices = question.choices.map((c) => {
    const hint = CHOICE_HINTS[c.key] ? ` <small>${CHOICE_HINTS[c.key]}</small>` : "";
    return `<label class="choice">
            <input type="${type}" name="${name}" value="${esc(c.key)}">
            <span><strong>${esc(labelOf(c))}</strong>${hint}</span>
          </label>`;
  }).join("\n          ");
  return `<fieldset class="question">
        <legend>${legend}</legend>
        <div class="choices">
          ${choices}
        </div>
      </fieldset>`;
}

function preferencesPage() {
  const main = `  <div class="wrap narrow">
    <div class="page-head">
      <p class="crumbs"><a href="/">Home</a> <span aria-hidden="true">/</span> Your preferences</p>
      <h1>Your preferences</h1>
      <p class="page-intro">Two quick questions, and we&rsquo;ll arrange the shop around you: the crafts you love come first, and the home page shows you things that suit what you&rsquo;re shopping for.</p>
    </div>
    <form class="prefs-form" method="post" action="/__pz/prefs">
      ${ASKED_ON_FORM.map(questionFieldset).join("\n      ")}
      <input type="hidden" name="return" value="/">
      <p class="consent-line"><label><input type="checkbox" name="consent" value="yes"> Remember my answers on this device, to arrange the shop for me. You can change or erase them at any time in the privacy centre.</label></p>
      <p class="consent-line consent-purpose"><label><input type="checkbox" name="interests" value="yes"> Also learn from what I look at, save and buy here, on this device only.</label></p>
      <p class="consent-line consent-purpose"><label><input type="checkbox" name="measurement" value="yes"> Include me in the shop&rsquo;s experiments, with a group number many shoppers share.</label></p>
      <p class="form-actions"><button class="button" type="submit">Save my preferences</button></p>
      <p class="privacy-note">Your answers are stored only in a cookie on your device, and are used only to arrange this shop for you. We don&rsquo;t keep them anywhere else.</p>
    </form>
    <form class="forget-form" method="post" action="/__pz/forget">
      <p>Changed your mind? <button class="link-button" type="submit">Forget my answers</button></p>
    </form>
  </div>`;
  return layout({
    title: `Your preferences · ${SHOP.name}`,
    description: "Tell us who you are shopping for and which crafts you love.",
    current: "preferences",
    bodyClass: "page-preferences",
    main,
  });
}

/** What the profile cookie holds, in plain words; assets/shop.js fills in `#privacy-facts`. */
/** The privacy centre's own words, in each language it is offered in. */
const PRIVACY_WORDS = {
  en: {
    home: "Home",
    crumb: "Privacy",
    title: "Your privacy centre",
    intro: "Everything this shop remembers about you stays on this device. Usually it lives in one cookie: your browser sends it with each page, it is used to arrange that page for you, and then it is forgotten; the shop&rsquo;s server never stores it. In local-only mode it lives in your browser&rsquo;s own storage and is never sent at all. Below is everything that is stored, in plain words, with the day each part expires.",
    stored: "What is stored about you",
    noscript: "This list needs JavaScript. You can still <a href=\"/__pz/profile\">read your profile as JSON</a>.",
    choices: "What your profile may be used for",
    answers: "Your answers arrange the shop for you (while you keep a profile).",
    interests: "Learn from what you look at, save and buy here. Unticking erases what was learnt.",
    measurement: "Include you in the shop&rsquo;s experiments. Unticking erases your group number.",
    save: "Save these choices",
    change: "Change your answers",
    pause: "Pause personalization",
    resume: "Resume",
    forget: "Forget everything",
    after: "Pausing keeps your answers but stops using them: you see the same pages as everyone else and nothing new is recorded until you resume. Forgetting deletes everything straight away.",
    pageTitle: "Your privacy centre",
    description: "See everything this shop remembers about you, when it expires, and erase it.",
  },
  de: {
    home: "Start",
    crumb: "Datenschutz",
    title: "Ihr Datenschutz-Center",
    intro: "Alles, was sich dieser Shop über Sie merkt, bleibt auf diesem Gerät. Meist steht es in einem Cookie: Ihr Browser sendet es mit jeder Seite, es ordnet diese Seite für Sie an und wird dann vergessen; der Server des Shops speichert es nie. Im Modus „nur lokal“ liegt es im Speicher Ihres Browsers und wird gar nicht gesendet. Unten steht alles, was gespeichert ist, in einfachen Worten, mit dem Tag, an dem jeder Teil abläuft.",
    stored: "Was über Sie gespeichert ist",
    noscript: "Diese Liste braucht JavaScript. Sie können <a href=\"/__pz/profile?lang=de\">Ihr Profil als JSON lesen</a>.",
    choices: "Wofür Ihr Profil genutzt werden darf",
    answers: "Ihre Antworten ordnen den Shop für Sie an (solange Sie ein Profil haben).",
    interests: "Aus dem lernen, was Sie hier ansehen, merken und kaufen. Abwählen löscht, was gelernt wurde.",
    measurement: "Sie in die Experimente des Shops einbeziehen. Abwählen löscht Ihre Gruppennummer.",
    save: "Diese Auswahl speichern",
    change: "Ihre Antworten ändern",
    pause: "Personalisierung pausieren",
    resume: "Fortsetzen",
    forget: "Alles vergessen",
    after: "Pausieren behält Ihre Antworten, nutzt sie aber nicht: Sie sehen dieselben Seiten wie alle anderen, und nichts Neues wird aufgezeichnet, bis Sie fortsetzen. Vergessen löscht sofort alles.",
    pageTitle: "Ihr Datenschutz-Center",
    description: "Sehen Sie alles, was sich dieser Shop über Sie merkt, wann es abläuft, und löschen Sie es.",
  },
};

function privacyPage(lang = "en-GB") {
  const words = PRIVACY_WORDS[lang.split("-")[0]];
  const here = LANGUAGE_VERSIONS.privacy[lang.split("-")[0]];
  const home = LANGUAGE_VERSIONS.home[lang.split("-")[0]];
  const main = `  <div class="wrap narrow">
    <div class="page-head">
      <p class="crumbs"><a href="${home}">${words.home}</a> <span aria-hidden="true">/</span> ${words.crumb}</p>
      <h1>${words.title}</h1>
      <p class="page-intro">${words.intro}</p>
    </div>
    <section class="privacy-panel" aria-labelledby="privacy-stored">
      <h2 id="privacy-stored">${words.stored}</h2>
      <div id="privacy-facts" class="privacy-facts">
        <noscript><p>${words.noscript}</p></noscript>
      </div>
    </section>
    <section class="privacy-panel" aria-labelledby="privacy-choices">
      <h2 id="privacy-choices">${words.choices}</h2>
      <form class="privacy-purposes" method="post" action="/__pz/purposes">
        <input type="hidden" name="return" value="${here}">
        <p class="consent-line"><label><input type="checkbox" checked disabled> ${words.answers}</label></p>
        <p class="consent-line"><label><input type="checkbox" name="interests" value="yes"> ${words.interests}</label></p>
        <p class="consent-line"><label><input type="checkbox" name="measurement" value="yes"> ${words.measurement}</label></p>
        <p class="privacy-consented" id="privacy-consented"></p>
        <p class="form-actions"><button class="button button-ghost" type="submit">${words.save}</button></p>
      </form>
    </section>
    <div class="privacy-actions">
      <a class="button button-ghost" href="/preferences/">${words.change}</a>
      <form class="privacy-pause" method="post" action="/__pz/pause"><input type="hidden" name="return" value="${here}"><button class="button button-ghost" type="submit" name="paused" value="yes">${words.pause}</button> <button class="button button-ghost" type="submit" name="paused" value="no">${words.resume}</button></form>
      <form class="privacy-forget" method="post" action="/__pz/forget"><button class="button" type="submit">${words.forget}</button></form>
    </div>
    <p class="privacy-note privacy-after">${words.after}</p>
  </div>`;
  return layout({
    title: `${words.pageTitle} · ${SHOP.name}`,
    description: words.description,
    current: "privacy",
    bodyClass: "page-privacy",
    main,
    lang,
    versions: LANGUAGE_VERSIONS.privacy,
  });
}

function notFoundPage() {
  const suggestions = catalog.bestsellers.map((s) => BY_SKU[s]);
  const main = `  <div class="wrap">
    <div class="not-found">
      <p class="kicker">Error 404</p>
      <h1>We can&rsquo;t find that page</h1>
      <p class="page-intro">It may have sold out and been taken down, or the link may be mistyped. Here are some places to start again.</p>
      <p class="hero-actions"><a class="button" href="/">Go to the home page</a> <a class="button button-ghost" href="/category/all/">Browse all crafts</a></p>
    </div>
    <div class="more">
      <div class="section-head">
        <div>
          <p class="kicker">While you&rsquo;re here</p>
          <h2>Bestsellers</h2>
        </div>
      </div>
      ${cardRow(suggestions)}
    </div>
  </div>`;
  return layout({
    title: `Page not found · ${SHOP.name}`,
    description: "That page could not be found.",
    current: "404",
    bodyClass: "page-404",
    main,
  });
}

// ---------------------------------------------------------------------------------------------
// Output

function pages() {
  const out = new Map();
  out.set("index.html", homePage());
  for (const cat of CATEGORIES) out.set(`category/${cat.slug}/index.html`, categoryPage(cat));
  for (const p of PRODUCTS) out.set(`product/${p.sku}/index.html`, productPage(p));
  out.set("preferences/index.html", preferencesPage());
  out.set("privacy/index.html", privacyPage());
  out.set("de/index.html", homePage("de"));
  out.set("de/privacy/index.html", privacyPage("de"));
  out.set("404.html", notFoundPage());
  return out;
}

/** Generated pages on disk that the catalog no longer produces (e.g. a removed product). */
function stalePages(expected) {
  const stale = [];
  for (const dir of ["category", "product"]) {
    const base = join(ROOT, dir);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}/index.html`;
      if (entry.isDirectory() && existsSync(join(ROOT, rel)) && !expected.has(rel)) stale.push(rel);
    }
  }
  return stale.sort();
}

function main() {
  const check = process.argv.includes("--check");
  const unknown = process.argv.slice(2).filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: node generate.mjs [--check]`);
    process.exit(2);
  }
  const expected = pages();
  const shown = (rel) => {
    const fromHere = relative(process.cwd(), join(ROOT, rel));
    return (fromHere.startsWith("..") ? join(ROOT, rel) : fromHere).split(sep).join("/");
  };
  if (check) {
    const problems = [];
    for (const [rel, html] of expected) {
      const file = join(ROOT, rel);
      if (!existsSync(file)) problems.push(`missing:  ${shown(rel)}`);
      else if (readFileSync(file, "utf8") !== html) problems.push(`differs:  ${shown(rel)}`);
    }
    for (const rel of stalePages(expected)) problems.push(`stale:    ${shown(rel)} (not in catalog.json)`);
    if (problems.length) {
      console.error(`The generated shop pages are out of date (${problems.length} file(s)):\n  ${problems.join("\n  ")}\nRun \`node ${shown("generate.mjs")}\` and commit the result.`);
      process.exit(1);
    }
    console.log(`All ${expected.size} generated pages are up to date.`);
    return;
  }
  let written = 0;
  for (const [rel, html] of expected) {
    const file = join(ROOT, rel);
    if (existsSync(file) && readFileSync(file, "utf8") === html) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
    written++;
  }
  const stale = stalePages(expected);
  for (const rel of stale) {
    rmSync(join(ROOT, rel));
    try {
      rmdirSync(dirname(join(ROOT, rel)));
    } catch {
      // the folder holds other files; leave it
    }
  }
  console.log(`Wrote ${written} of ${expected.size} pages${stale.length ? `, removed ${stale.length} stale` : ""}.`);
}

main();
