// The product art: every picture in the demo shop is an inline SVG drawn from the product's
// craft, type and a seed, so the pages need no image files.
import { CRAFT } from "./catalog.mjs";
import { esc, hash, seeded, pick } from "./helpers.mjs";

// ---------------------------------------------------------------------------------------------
// SVG drawing. Every element gets an explicit end tag so any HTML parser reads it the same way.

const num = (v) => String(Math.round(v * 10) / 10);

export function el(name, attrs, inner = "") {
  let out = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    out += ` ${k}="${typeof v === "number" ? num(v) : esc(v)}"`;
  }
  return `${out}>${inner}</${name}>`;
}
export const rect = (a) => el("rect", a);
export const circle = (a) => el("circle", a);
const ellipse = (a) => el("ellipse", a);
export const path = (a) => el("path", a);
export const line = (a) => el("line", a);
export const g = (a, inner) => el("g", a, inner);

/** Builds a path string from numbers and commands, rounding the numbers. */
export function d(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (typeof v === "number" ? num(v) : v) + strings[i + 1];
  });
  return out.replace(/\s+/g, " ").trim();
}

/** Decoration laid over a surface: speckles, stripes, dots, a band or nothing. */
function surface(kind, box, color, r, opacity = 0.55) {
  const { x, y, w, h } = box;
  let out = "";
  if (kind === "speckle") {
    for (let i = 0; i < 16; i++) {
      out += circle({ cx: x + r() * w, cy: y + r() * h, r: 0.8 + r() * 1.4, fill: color });
    }
  } else if (kind === "stripes") {
    const n = 3 + Math.floor(r() * 4);
    for (let i = 1; i <= n; i++) {
      const yy = y + (h * i) / (n + 1);
      out += line({ x1: x, y1: yy, x2: x + w, y2: yy, stroke: color, "stroke-width": 2 + r() * 3 });
    }
  } else if (kind === "dots") {
    const step = 9 + Math.floor(r() * 5);
    for (let yy = y + step / 2; yy < y + h; yy += step) {
      for (let xx = x + step / 2; xx < x + w; xx += step) out += circle({ cx: xx, cy: yy, r: 1.8, fill: color });
    }
  } else if (kind === "band") {
    const yy = y + h * (0.25 + r() * 0.4);
    out += rect({ x, y: yy, width: w, height: 5 + r() * 6, fill: color });
  } else if (kind === "grid") {
    const step = 12 + Math.floor(r() * 6);
    for (let xx = x + step; xx < x + w; xx += step) out += line({ x1: xx, y1: y, x2: xx, y2: y + h, stroke: color, "stroke-width": 2 });
    for (let yy = y + step; yy < y + h; yy += step) out += line({ x1: x, y1: yy, x2: x + w, y2: yy, stroke: color, "stroke-width": 2 });
  } else if (kind === "zigzag") {
    const rows = 3;
    for (let i = 1; i <= rows; i++) {
      const yy = y + (h * i) / (rows + 1);
      let pts = `M${num(x)} ${num(yy)}`;
      for (let xx = x, up = true; xx < x + w - 1; xx += 8, up = !up) pts += ` L${num(Math.min(xx + 8, x + w))} ${num(yy + (up ? -5 : 5))}`;
      out += path({ d: pts, fill: "none", stroke: color, "stroke-width": 2.5 });
    }
  }
  return out ? g({ opacity }, out) : "";
}

/** A glint on glass and glaze. */
function glint(x, y, h, opacity = 0.55) {
  return path({ d: d`M${x} ${y} q-4 ${h / 2} 0 ${h}`, fill: "none", stroke: "#ffffff", "stroke-width": 4, "stroke-linecap": "round", opacity });
}

function flowerStem(cx, top, c, r) {
  const h = 22 + r() * 26;
  const lean = (r() - 0.5) * 24;
  return (
    path({ d: d`M${cx} ${top + 4} q${lean / 2} ${-h / 2} ${lean} ${-h}`, fill: "none", stroke: "#5b7a4e", "stroke-width": 2.5 }) +
    ellipse({ cx: cx + lean / 2 + 6, cy: top - h / 2, rx: 6, ry: 2.5, fill: "#6f8f5d", transform: `rotate(-30 ${num(cx + lean / 2 + 6)} ${num(top - h / 2)})` }) +
    circle({ cx: cx + lean, cy: top - h, r: 5 + r() * 3, fill: c.flower })
  );
}

const SHAPES = {
  mug(c, r) {
    const w = 52 + r() * 22, h = 56 + r() * 26, x = 114 - w / 2, y = 150 - h;
    const hy = y + h * 0.2, hh = h * 0.5;
    let drip = `M${num(x)} ${num(y + 6)} H${num(x + w)} V${num(y + 15)}`;
    const seg = w / 6;
    for (let i = 0; i < 6; i++) {
      const dip = i % 2 ? 4 : 9 + r() * 6;
      drip += ` Q${num(x + w - seg * i - seg / 2)} ${num(y + 15 + dip)} ${num(x + w - seg * (i + 1))} ${num(y + 15)}`;
    }
    return (
      path({ d: d`M${x + w - 4} ${hy} c26 0 26 ${hh} 0 ${hh}`, fill: "none", stroke: c.body, "stroke-width": 9, "stroke-linecap": "round" }) +
      rect({ x, y, width: w, height: h, rx: 9, fill: c.body }) +
      surface(c.pattern, { x: x + 5, y: y + 24, w: w - 10, h: h - 30 }, c.detail, r) +
      path({ d: drip + " Z", fill: c.detail }) +
      ellipse({ cx: x + w / 2, cy: y + 3, rx: w / 2 - 2, ry: 3.5, fill: c.ink, opacity: 0.25 })
    );
  },

  vase(c, r, p) {
    const moon = /moon/i.test(p.name), tall = /tall|cylinder|large/i.test(p.name), bud = /bud/i.test(p.name);
    const cx = 120;
    const h = moon ? 104 : tall ? 122 : bud ? 62 + r() * 16 : 82 + r() * 34;
    const bw = moon ? 50 : tall ? 24 : bud ? 20 + r() * 6 : 26 + r() * 16;
    const nw = moon ? 16 : tall ? 20 : bud ? 5 + r() * 3 : 8 + r() * 8;
    const top = 150 - h;
    const body = tall
      ? d`M${cx - nw} ${top} L${cx - bw} ${150 - 6} Q${cx - bw} 150 ${cx - bw + 6} 150 H${cx + bw - 6} Q${cx + bw} 150 ${cx + bw} ${150 - 6} L${cx + nw} ${top} Z`
      : d`M${cx - nw} ${top} C${cx - nw} ${top + h * 0.28} ${cx - bw} ${top + h * 0.3} ${cx - bw} ${top + h * 0.62}
           C${cx - bw} ${top + h * 0.9} ${cx - bw * 0.55} 150 ${cx} 150 C${cx + bw * 0.55} 150 ${cx + bw} ${top + h * 0.9} ${cx + bw} ${top + h * 0.62}
           C${cx + bw} ${top + h * 0.3} ${cx + nw} ${top + h * 0.28} ${cx + nw} ${top} Z`;
    let out = "";
    if (!moon && r() < 0.7) out += flowerStem(cx, top, c, r);
    out += path({ d: body, fill: c.body, opacity: c.glass ? 0.72 : undefined, stroke: c.glass ? c.ink : undefined, "stroke-opacity": c.glass ? 0.25 : undefined });
    out += surface(c.pattern, { x: cx - bw * 0.6, y: top + h * 0.45, w: bw * 1.2, h: h * 0.35 }, c.detail, r);
    out += ellipse({ cx, cy: top, rx: nw + 2.5, ry: 3.5, fill: c.ink, opacity: 0.3 });
    out += glint(cx - bw * 0.55, top + h * 0.45, h * 0.32, c.glass ? 0.7 : 0.3);
    return out;
  },

  bowl(c, r, p) {
    const cx = 120, w = 52 + r() * 20, depth = 34 + r() * 18, top = 146 - depth;
    let out = rect({ x: cx - w * 0.28, y: top + depth - 3, width: w * 0.56, height: 7, rx: 2, fill: c.ink, opacity: 0.5 });
    out += path({ d: d`M${cx - w} ${top} C${cx - w} ${top + depth * 0.8} ${cx - w * 0.45} ${top + depth} ${cx} ${top + depth} C${cx + w * 0.45} ${top + depth} ${cx + w} ${top + depth * 0.8} ${cx + w} ${top} Z`, fill: c.body, opacity: c.glass ? 0.75 : undefined });
    if (c.wood) {
      for (let i = 1; i <= 4; i++) out += path({ d: d`M${cx - w + i * 6} ${top + 4} Q${cx} ${top + depth * (0.35 + i * 0.15)} ${cx + w - i * 6} ${top + 4}`, fill: "none", stroke: c.ink, "stroke-opacity": 0.22, "stroke-width": 1.5 });
    } else {
      out += surface(c.pattern, { x: cx - w * 0.7, y: top + 8, w: w * 1.4, h: depth * 0.5 }, c.detail, r);
    }
    out += ellipse({ cx, cy: top, rx: w, ry: 10, fill: c.detail });
    out += ellipse({ cx, cy: top + 2, rx: w - 8, ry: 6.5, fill: c.ink, opacity: 0.18 });
    if (/fruit/i.test(p.name)) {
      out += circle({ cx: cx - 14, cy: top - 8, r: 11, fill: c.flower }) + circle({ cx: cx + 8, cy: top - 10, r: 12, fill: "#e0a53a" }) + circle({ cx: cx + 26, cy: top - 5, r: 9, fill: "#7b9a4a" });
    }
    return out + glint(cx - w * 0.7, top + 10, depth * 0.5, c.glass ? 0.7 : 0.25);
  },

  plate(c, r, p) {
    const cx = 120;
    if (/dish|platter/i.test(p.name) || p.tags.includes("dish")) {
      const rx = /platter/i.test(p.name) ? 82 : 50, ry = rx * 0.34, cy = 130;
      return (
        ellipse({ cx, cy: cy + 5, rx, ry, fill: c.ink, opacity: 0.25 }) +
        ellipse({ cx, cy, rx, ry, fill: c.body, opacity: c.glass ? 0.8 : undefined }) +
        ellipse({ cx, cy: cy + 2, rx: rx * 0.72, ry: ry * 0.66, fill: c.detail, opacity: 0.8 }) +
        (/swirl|salt/i.test(p.name)
          ? path({ d: d`M${cx} ${cy + 2} m-${rx * 0.1} 0 a${rx * 0.2} ${ry * 0.25} 0 1 1 ${rx * 0.3} 0 a${rx * 0.35} ${ry * 0.4} 0 1 1 -${rx * 0.6} 0`, fill: "none", stroke: c.body, "stroke-width": 3 })
          : "") +
        (/lustre|iridescent|ring dish|blush/i.test(`${p.name} ${p.description}`) ? ellipse({ cx, cy, rx: rx - 1, ry: ry - 1, fill: "none", stroke: "#d4a94a", "stroke-width": 2.5 }) : "")
      );
    }
    const R = 50 + r() * 6, cy = 150 - R - 4;
    let out = path({ d: d`M${cx - 26} 150 L${cx - 18} ${cy + R - 8} M${cx + 26} 150 L${cx + 18} ${cy + R - 8}`, stroke: c.ink, "stroke-width": 3, opacity: 0.5 });
    out += circle({ cx, cy, r: R, fill: c.body }) + circle({ cx, cy, r: R * 0.7, fill: c.detail });
    const n = 8 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      const a = (i / n) * Math.PI * 2;
      const x = cx + Math.cos(a) * R * 0.85, y = cy + Math.sin(a) * R * 0.85;
      out += ellipse({ cx: x, cy: y, rx: 5, ry: 2.2, fill: c.detail, transform: `rotate(${num((a * 180) / Math.PI + 90)} ${num(x)} ${num(y)})` });
    }
    out += circle({ cx, cy, r: R * 0.18, fill: c.body, opacity: 0.35 });
    return out;
  },

  jug(c, r, p) {
    const cx = 116, h = 84 + r() * 24, bw = 32 + r() * 8, top = 150 - h;
    const bottle = /bottle|carafe/i.test(p.name) || p.tags.includes("carafe") || p.tags.includes("bottle");
    const nw = bottle ? 8 : 20;
    let out = "";
    if (!bottle) out += path({ d: d`M${cx + nw} ${top + 14} c34 4 30 ${h * 0.55} 6 ${h * 0.62}`, fill: "none", stroke: c.body, "stroke-width": 8, "stroke-linecap": "round" });
    out += path({
      d: d`M${cx - nw} ${top} ${bottle ? "" : `l-12 -6`} C${cx - nw} ${top + h * 0.35} ${cx - bw} ${top + h * 0.4} ${cx - bw} ${top + h * 0.7} Q${cx - bw} 150 ${cx - bw + 10} 150 H${cx + bw - 10} Q${cx + bw} 150 ${cx + bw} ${top + h * 0.7} C${cx + bw} ${top + h * 0.4} ${cx + nw} ${top + h * 0.35} ${cx + nw} ${top} Z`,
      fill: c.body,
      opacity: c.glass ? 0.65 : undefined,
    });
    if (c.glass) {
      for (let i = -2; i <= 2; i++) out += path({ d: d`M${cx + i * 9} ${top + h * 0.45} q${i * 3 + 4} ${h * 0.25} ${i * 1.5} ${h * 0.52}`, fill: "none", stroke: "#ffffff", "stroke-opacity": 0.45, "stroke-width": 1.5 });
    } else {
      out += surface(c.pattern, { x: cx - bw * 0.7, y: top + h * 0.5, w: bw * 1.4, h: h * 0.35 }, c.detail, r);
    }
    if (bottle && !c.glass) out += rect({ x: cx - 6, y: top - 10, width: 12, height: 12, rx: 2, fill: "#b98a5a" });
    out += ellipse({ cx, cy: top, rx: nw + 1, ry: 3, fill: c.ink, opacity: 0.3 });
    return out + glint(cx - bw * 0.6, top + h * 0.5, h * 0.3, c.glass ? 0.7 : 0.25);
  },

  teapot(c, r) {
    const cx = 116, cy = 116;
    return (
      path({ d: d`M${cx - 36} ${cy - 2} q-26 -2 -30 -26 l6 -2 q8 16 26 14`, fill: c.body }) +
      path({ d: d`M${cx - 22} ${cy - 32} Q${cx} ${cy - 78} ${cx + 26} ${cy - 32}`, fill: "none", stroke: "#a77b4a", "stroke-width": 5, "stroke-linecap": "round" }) +
      ellipse({ cx, cy, rx: 44, ry: 34, fill: c.body }) +
      surface(c.pattern, { x: cx - 30, y: cy - 6, w: 60, h: 24 }, c.detail, r) +
      ellipse({ cx, cy: cy - 32, rx: 18, ry: 5, fill: c.detail }) +
      circle({ cx, cy: cy - 40, r: 5, fill: c.body }) +
      rect({ x: cx - 24, y: cy + 30, width: 48, height: 5, rx: 2, fill: c.ink, opacity: 0.4 }) +
      glint(cx - 30, cy - 12, 26, 0.3)
    );
  },

  pot(c, r) {
    const cx = 116, top = 88;
    return (
      path({ d: d`M${cx + 6} ${top - 4} L${cx + 34} ${top - 44}`, stroke: "#b98a5a", "stroke-width": 4, "stroke-linecap": "round" }) +
      ellipse({ cx: cx + 36, cy: top - 48, rx: 6, ry: 8, fill: "#b98a5a", transform: `rotate(35 ${cx + 36} ${top - 48})` }) +
      rect({ x: cx - 34, y: top, width: 68, height: 62, rx: 18, fill: c.body }) +
      surface(c.pattern, { x: cx - 28, y: top + 18, w: 56, h: 36 }, c.detail, r) +
      path({ d: d`M${cx - 38} ${top + 4} Q${cx} ${top - 16} ${cx + 38} ${top + 4} Z`, fill: c.detail }) +
      circle({ cx, cy: top - 10, r: 5, fill: c.detail }) +
      glint(cx - 24, top + 14, 30, 0.3)
    );
  },

  planter(c, r, p) {
    const cx = 120, hanging = /hanging/i.test(p.name), top = hanging ? 80 : 96, tw = 40, bw = 30, h = hanging ? 52 : 50;
    let out = "";
    if (hanging) {
      out += path({ d: d`M${cx} 8 L${cx - tw + 4} ${top + 8} M${cx} 8 L${cx + tw - 4} ${top + 8} M${cx} 8 L${cx} ${top}`, stroke: "#b59a6e", "stroke-width": 2, fill: "none" });
    }
    for (let i = 0; i < 5; i++) {
      const a = -70 + i * 35 + (r() - 0.5) * 12;
      const rad = (a * Math.PI) / 180;
      const lx = cx + Math.sin(rad) * 34, ly = top - Math.cos(rad) * 34;
      out += path({ d: d`M${cx} ${top + 4} Q${(cx + lx) / 2 - 6} ${(top + ly) / 2} ${lx} ${ly}`, fill: "none", stroke: "#5b7a4e", "stroke-width": 3 });
      out += ellipse({ cx: lx, cy: ly, rx: 9, ry: 4.5, fill: i % 2 ? "#6f8f5d" : "#87a86f", transform: `rotate(${num(a - 90)} ${num(lx)} ${num(ly)})` });
    }
    out += path({ d: d`M${cx - tw} ${top} H${cx + tw} L${cx + bw} ${top + h} H${cx - bw} Z`, fill: c.body });
    out += rect({ x: cx - tw - 3, y: top - 2, width: tw * 2 + 6, height: 10, rx: 3, fill: c.body });
    out += surface(c.pattern, { x: cx - bw, y: top + 14, w: bw * 2, h: h - 20 }, c.detail, r);
    if (!hanging) out += ellipse({ cx, cy: top + h + 2, rx: bw + 10, ry: 4, fill: c.body, opacity: 0.8 });
    return out;
  },

  lamp(c, r, p) {
    const cx = 120;
    if (c.glass || /pendant/i.test(p.name)) {
      return (
        line({ x1: cx, y1: 0, x2: cx, y2: 58, stroke: c.ink, "stroke-width": 2.5 }) +
        rect({ x: cx - 7, y: 52, width: 14, height: 12, rx: 2, fill: "#c49a4a" }) +
        ellipse({ cx, cy: 128, rx: 70, ry: 22, fill: "#ffd98a", opacity: 0.35 }) +
        path({ d: d`M${cx - 56} 118 C${cx - 56} 70 ${cx + 56} 70 ${cx + 56} 118 Z`, fill: c.body, opacity: 0.82 }) +
        ellipse({ cx, cy: 118, rx: 56, ry: 7, fill: "#ffe3a3" }) +
        glint(cx - 36, 90, 22, 0.6)
      );
    }
    return (
      path({ d: d`M${cx - 34} 30 H${cx + 34} L${cx + 48} 78 H${cx - 48} Z`, fill: c.detail }) +
      line({ x1: cx, y1: 78, x2: cx, y2: 86, stroke: c.ink, "stroke-width": 3 }) +
      path({ d: d`M${cx - 14} 86 C${cx - 36} 104 ${cx - 34} 140 ${cx - 22} 150 H${cx + 22} C${cx + 34} 140 ${cx + 36} 104 ${cx + 14} 86 Z`, fill: c.body }) +
      path({ d: d`M${cx - 12} 96 V142 M${cx - 4} 92 V146 M${cx + 4} 92 V146 M${cx + 12} 96 V142`, stroke: c.ink, "stroke-opacity": 0.18, "stroke-width": 2 })
    );
  },

  tile(c, r) {
    const cx = 120, s = 96, x = cx - s / 2, y = 22;
    let out = line({ x1: cx, y1: 6, x2: x + 14, y2: y + 2, stroke: c.ink, "stroke-width": 1.5 }) + line({ x1: cx, y1: 6, x2: x + s - 14, y2: y + 2, stroke: c.ink, "stroke-width": 1.5 });
    out += rect({ x, y, width: s, height: s, rx: 4, fill: c.body });
    let crackle = "";
    for (let i = 0; i < 9; i++) {
      const sx = x + r() * s, sy = y + r() * s;
      crackle += `M${num(sx)} ${num(sy)} l${num((r() - 0.5) * 30)} ${num((r() - 0.5) * 30)} l${num((r() - 0.5) * 24)} ${num((r() - 0.5) * 24)} `;
    }
    out += path({ d: crackle.trim(), fill: "none", stroke: c.ink, "stroke-opacity": 0.55, "stroke-width": 1 });
    out += circle({ cx, cy: y + s / 2, r: 22, fill: c.detail, opacity: 0.85 });
    return out;
  },

  artwork(c, r, p) {
    // A framed print; the scene follows the subject of the piece.
    const poster = p.tags.includes("poster");
    const fw = poster ? 92 : 112 + r() * 14, fh = poster ? 132 : 112 + r() * 22, x = 120 - fw / 2, y = 148 - fh;
    const framed = !poster;
    let out = "";
    const frameColour = pick(r, ["#3a2f28", "#c79a62", "#f3efe8", "#2a2a2a"]);
    if (framed) out += rect({ x, y, width: fw, height: fh, fill: frameColour }) + rect({ x: x + 6, y: y + 6, width: fw - 12, height: fh - 12, fill: "#fdfbf6" });
    else out += rect({ x, y, width: fw, height: fh, fill: "#fdfbf6" }) + circle({ cx: 120, cy: y + 4, r: 2.5, fill: c.ink });
    const ax = x + (framed ? 16 : 8), ay = y + (framed ? 16 : 8), aw = fw - (framed ? 32 : 16), ah = fh - (framed ? 32 : 16);
    const name = p.name.toLowerCase();
    const scene = /harbour|coast|mountain|hill|river|map/.test(name) ? "landscape"
      : /night|constellation|moon/.test(name) ? "night"
      : /fern|botanical|garden|moth|bird|citrus|produce/.test(name) ? "botanical"
      : /studio|illustration/.test(name) ? "interior"
      : "abstract";
    let art = "";
    if (scene === "landscape") {
      art += rect({ x: ax, y: ay, width: aw, height: ah, fill: c.soft });
      art += circle({ cx: ax + aw * (0.25 + r() * 0.5), cy: ay + ah * 0.3, r: aw * 0.1, fill: c.accent });
      art += path({ d: d`M${ax} ${ay + ah * 0.62} L${ax + aw * 0.3} ${ay + ah * 0.35} L${ax + aw * 0.55} ${ay + ah * 0.58} L${ax + aw * 0.78} ${ay + ah * 0.4} L${ax + aw} ${ay + ah * 0.6} V${ay + ah} H${ax} Z`, fill: c.body });
      art += path({ d: d`M${ax} ${ay + ah * 0.78} Q${ax + aw * 0.5} ${ay + ah * 0.66} ${ax + aw} ${ay + ah * 0.8} V${ay + ah} H${ax} Z`, fill: c.detail });
      if (/harbour|coast|river/.test(name)) art += path({ d: d`M${ax + aw * 0.3} ${ay + ah * 0.86} h${aw * 0.2} l-4 6 h-${aw * 0.2 - 8} Z M${ax + aw * 0.4} ${ay + ah * 0.86} v-${ah * 0.18} l${aw * 0.1} ${ah * 0.16} Z`, fill: c.ink });
    } else if (scene === "night") {
      art += rect({ x: ax, y: ay, width: aw, height: ah, fill: "#1f2a44" });
      for (let i = 0; i < 14; i++) art += circle({ cx: ax + r() * aw, cy: ay + r() * ah * 0.7, r: 0.8 + r() * 1.6, fill: "#f6d77a" });
      art += circle({ cx: ax + aw * 0.7, cy: ay + ah * 0.28, r: aw * 0.12, fill: "#f2c94c" });
      art += path({ d: d`M${ax} ${ay + ah * 0.75} Q${ax + aw / 2} ${ay + ah * 0.68} ${ax + aw} ${ay + ah * 0.75} V${ay + ah} H${ax} Z`, fill: c.body, opacity: 0.85 });
    } else if (scene === "botanical") {
      art += rect({ x: ax, y: ay, width: aw, height: ah, fill: c.soft });
      const stems = 2 + Math.floor(r() * 3);
      for (let s = 0; s < stems; s++) {
        const sx = ax + aw * ((s + 0.5) / stems), top = ay + ah * (0.12 + r() * 0.2);
        art += line({ x1: sx, y1: ay + ah, x2: sx, y2: top, stroke: "#4f6b43", "stroke-width": 2 });
        for (let k = 0; k < 4; k++) {
          const ly = top + ((ay + ah - top) * (k + 0.6)) / 5;
          art += ellipse({ cx: sx - 7, cy: ly, rx: 8, ry: 3, fill: k % 2 ? c.body : c.detail, transform: `rotate(-25 ${num(sx - 7)} ${num(ly)})` });
          art += ellipse({ cx: sx + 7, cy: ly - 3, rx: 8, ry: 3, fill: k % 2 ? c.detail : c.body, transform: `rotate(25 ${num(sx + 7)} ${num(ly - 3)})` });
        }
        art += circle({ cx: sx, cy: top, r: 5, fill: c.accent });
      }
    } else if (scene === "interior") {
      art += rect({ x: ax, y: ay, width: aw, height: ah, fill: c.soft });
      art += rect({ x: ax, y: ay + ah * 0.45, width: aw, height: 3, fill: c.ink });
      for (let i = 0; i < 4; i++) art += rect({ x: ax + 6 + i * (aw / 4.4), y: ay + ah * 0.45 - 12 - i * 3, width: 10, height: 12 + i * 3, rx: 3, fill: i % 2 ? c.body : c.accent });
      art += ellipse({ cx: ax + aw / 2, cy: ay + ah * 0.8, rx: aw * 0.25, ry: 6, fill: c.body });
    } else {
      art += rect({ x: ax, y: ay, width: aw, height: ah, fill: c.soft });
      for (let i = 0; i < 5; i++) {
        const colour = [c.body, c.accent, c.detail][i % 3];
        const kx = ax + r() * aw, ky = ay + r() * ah, kr = 8 + r() * aw * 0.22;
        art += i % 2
          ? circle({ cx: kx, cy: ky, r: kr, fill: colour, opacity: 0.85 })
          : path({ d: d`M${kx - kr} ${ky} A${kr} ${kr} 0 0 1 ${kx + kr} ${ky} Z`, fill: colour, opacity: 0.85 });
      }
    }
    out += el("svg", { x: ax, y: ay, width: aw, height: ah, viewBox: `${num(ax)} ${num(ay)} ${num(aw)} ${num(ah)}`, overflow: "hidden" }, art);
    return out;
  },

  hanging(c, r) {
    const cx = 120, w = 84, y = 24, h = 104;
    let out = line({ x1: cx - w / 2 - 10, y1: y, x2: cx + w / 2 + 10, y2: y, stroke: "#a4763f", "stroke-width": 6, "stroke-linecap": "round" });
    out += path({ d: d`M${cx - w / 2} ${y} H${cx + w / 2} V${y + h} L${cx} ${y + h + 14} L${cx - w / 2} ${y + h} Z`, fill: c.body });
    for (let i = 0; i < 7; i++) out += circle({ cx: cx - w / 2 + 10 + r() * (w - 20), cy: y + 14 + r() * (h - 26), r: 5 + r() * 7, fill: i % 2 ? c.detail : c.accent, opacity: 0.9 });
    for (let xx = cx - w / 2 + 4; xx <= cx + w / 2 - 4; xx += 6) {
      const yy = y + h + 14 - (Math.abs(xx - cx) * 14) / (w / 2);
      out += line({ x1: xx, y1: yy, x2: xx, y2: yy + 14, stroke: c.body, "stroke-width": 2 });
    }
    return out;
  },

  panel(c, r) {
    const cx = 120, w = 96, h = 120, x = cx - w / 2, y = 20;
    let out = line({ x1: x + 10, y1: 4, x2: x + 10, y2: y, stroke: c.ink, "stroke-width": 1.5 }) + line({ x1: x + w - 10, y1: 4, x2: x + w - 10, y2: y, stroke: c.ink, "stroke-width": 1.5 });
    const colours = [c.body, c.soft, c.accent, c.detail, "#f2c94c"];
    const cols = 3, rows = 4, cw = w / cols, rh = h / rows;
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < rows; j++) out += rect({ x: x + i * cw, y: y + j * rh, width: cw, height: rh, fill: pick(r, colours), opacity: 0.85 });
    }
    out += circle({ cx: x + w * 0.7, cy: y + h * 0.28, r: 14, fill: "#f2c94c" });
    out += path({ d: d`M${x} ${y + h * 0.7} Q${x + w * 0.4} ${y + h * 0.5} ${x + w} ${y + h * 0.66}`, fill: "none", stroke: "#3a3a3a", "stroke-width": 2.5 });
    out += rect({ x, y, width: w, height: h, fill: "none", stroke: "#3a3a3a", "stroke-width": 4 });
    for (let i = 1; i < cols; i++) out += line({ x1: x + i * cw, y1: y, x2: x + i * cw, y2: y + h, stroke: "#3a3a3a", "stroke-width": 2 });
    for (let j = 1; j < rows; j++) out += line({ x1: x, y1: y + j * rh, x2: x + w, y2: y + j * rh, stroke: "#3a3a3a", "stroke-width": 2 });
    return out;
  },

  frame(c, r) {
    const cx = 120, w = 104, h = 124, x = cx - w / 2, y = 20;
    let out = rect({ x, y, width: w, height: h, fill: c.body }) + rect({ x: x + 12, y: y + 12, width: w - 24, height: h - 24, fill: "#fdfbf6" });
    for (let i = 0; i < 6; i++) out += path({ d: d`M${x + 2} ${y + 4 + r() * (h - 8)} q${w / 2} ${(r() - 0.5) * 8} ${w - 4} 0`, fill: "none", stroke: c.ink, "stroke-opacity": 0.18, "stroke-width": 1.2 });
    out += rect({ x: x + 24, y: y + 24, width: w - 48, height: h - 48, fill: c.soft });
    out += path({ d: d`M${x + 24} ${y + h - 40} l${(w - 48) * 0.35} -22 l${(w - 48) * 0.3} 14 l${(w - 48) * 0.35} -18 V${y + h - 24} H${x + 24} Z`, fill: c.accent, opacity: 0.7 });
    return out;
  },

  cushion(c, r) {
    const cx = 120, cy = 92, w = 112, h = 92, x = cx - w / 2, y = cy - h / 2;
    const shape = d`M${x} ${y} Q${cx} ${y + 10} ${x + w} ${y} Q${x + w - 10} ${cy} ${x + w} ${y + h} Q${cx} ${y + h - 10} ${x} ${y + h} Q${x + 10} ${cy} ${x} ${y} Z`;
    return (
      ellipse({ cx, cy: 148, rx: 64, ry: 6, fill: c.ink, opacity: 0.15 }) +
      path({ d: shape, fill: c.body }) +
      surface(c.pattern, { x: x + 12, y: y + 12, w: w - 24, h: h - 24 }, c.detail, r, 0.75) +
      circle({ cx, cy, r: 4, fill: c.ink, opacity: 0.35 })
    );
  },

  folded(c, r, p) {
    const cx = 120, w = 130, layers = 3 + Math.floor(r() * 2), lh = 18;
    let out = ellipse({ cx, cy: 150, rx: 74, ry: 5, fill: c.ink, opacity: 0.15 });
    const quilt = /quilt|patchwork/i.test(p.name);
    for (let i = 0; i < layers; i++) {
      const y = 146 - (i + 1) * lh, x = cx - w / 2 + (i % 2) * 4;
      out += rect({ x, y, width: w, height: lh + 2, rx: 9, fill: i % 2 ? c.body : c.detail });
      if (quilt) {
        for (let k = 0; k < 8; k++) out += rect({ x: x + 6 + k * 15, y: y + 4, width: 13, height: lh - 6, fill: pick(r, [c.accent, c.soft, c.body, c.detail]) });
      } else {
        out += line({ x1: x + 10, y1: y + lh / 2 + 1, x2: x + w - 10, y2: y + lh / 2 + 1, stroke: i % 2 ? c.detail : c.body, "stroke-width": 3, "stroke-dasharray": "6 4" });
      }
    }
    const topY = 146 - layers * lh;
    if (!/placemat|rug/i.test(p.name)) {
      for (let xx = cx - w / 2 + 8; xx < cx + w / 2 - 4; xx += 6) out += line({ x1: xx, y1: 146, x2: xx, y2: 152, stroke: c.detail, "stroke-width": 2 });
    }
    out += rect({ x: cx - w / 2 + 4, y: topY - 2, width: w - 8, height: 4, rx: 2, fill: "#ffffff", opacity: 0.2 });
    return out;
  },

  rug(c, r) {
    const cx = 120, cy = 112;
    let out = ellipse({ cx, cy: cy + 4, rx: 94, ry: 34, fill: c.ink, opacity: 0.15 });
    const colours = [c.body, c.detail, c.accent, c.soft];
    for (let i = 0; i < 5; i++) out += ellipse({ cx, cy, rx: 90 - i * 17, ry: 32 - i * 6, fill: colours[(i + Math.floor(r() * 4)) % 4] });
    return out;
  },

  towel(c, r) {
    const cx = 120, w = 86, y = 28, h = 112;
    let out = line({ x1: cx - 70, y1: y, x2: cx + 70, y2: y, stroke: "#a4763f", "stroke-width": 6, "stroke-linecap": "round" });
    out += rect({ x: cx - w / 2, y, width: w, height: h, rx: 3, fill: c.soft });
    out += rect({ x: cx - w / 2, y: y + 12, width: w, height: 8, fill: c.body });
    out += rect({ x: cx - w / 2, y: y + h - 20, width: w, height: 8, fill: c.body });
    for (let i = 0; i < 6; i++) {
      const px = cx - w / 2 + 12 + (i % 3) * 28, py = y + 36 + Math.floor(i / 3) * 32;
      out += path({ d: d`M${px + 8} ${py} c-10 4 -10 18 0 20 c10 -2 10 -16 0 -20 Z`, fill: i % 2 ? c.detail : c.accent });
      out += line({ x1: px + 8, y1: py, x2: px + 10, y2: py - 5, stroke: "#4f6b43", "stroke-width": 2 });
    }
    return out;
  },

  scarf(c, r) {
    let out = "";
    const band = d`M40 48 C80 20 120 80 160 52 C180 38 196 40 204 48 L206 70 C196 62 182 60 162 74 C120 104 80 44 42 70 Z`;
    out += path({ d: band, fill: c.body });
    out += path({ d: d`M44 58 C82 34 120 92 160 62 C180 50 194 50 204 58`, fill: "none", stroke: c.detail, "stroke-width": 3, "stroke-dasharray": "5 5" });
    const tail = d`M148 66 C150 96 140 118 150 136 L176 136 C170 116 178 92 172 64 Z`;
    out += path({ d: tail, fill: c.body });
    out += surface(c.pattern, { x: 152, y: 80, w: 18, h: 50 }, c.detail, r, 0.8);
    for (let xx = 151; xx <= 175; xx += 4) out += line({ x1: xx, y1: 136, x2: xx, y2: 148, stroke: c.body, "stroke-width": 2 });
    return out;
  },

  bag(c, r, p) {
    const cx = 120, pouch = p.tags.includes("pouch");
    if (pouch) {
      return (
        rect({ x: cx - 56, y: 66, width: 112, height: 76, rx: 14, fill: c.body }) +
        surface("grid", { x: cx - 52, y: 76, w: 104, h: 62 }, c.detail, r, 0.6) +
        line({ x1: cx - 50, y1: 74, x2: cx + 50, y2: 74, stroke: c.ink, "stroke-width": 2, "stroke-dasharray": "2 2" }) +
        rect({ x: cx + 44, y: 70, width: 8, height: 16, rx: 3, fill: "#c49a4a" })
      );
    }
    return (
      path({ d: d`M${cx - 30} 62 C${cx - 30} 20 ${cx - 4} 20 ${cx - 4} 62 M${cx + 4} 62 C${cx + 4} 20 ${cx + 30} 20 ${cx + 30} 62`, fill: "none", stroke: "#7a5232", "stroke-width": 6 }) +
      path({ d: d`M${cx - 52} 58 H${cx + 52} L${cx + 56} 150 H${cx - 56} Z`, fill: c.body }) +
      rect({ x: cx - 26, y: 84, width: 52, height: 36, rx: 3, fill: c.detail, opacity: 0.5 }) +
      line({ x1: cx - 52, y1: 66, x2: cx + 52, y2: 66, stroke: c.ink, "stroke-opacity": 0.3, "stroke-width": 2, "stroke-dasharray": "3 3" })
    );
  },

  hat(c, r) {
    const cx = 120;
    let out = circle({ cx, cy: 34, r: 15, fill: c.detail });
    out += path({ d: d`M${cx - 52} 118 C${cx - 56} 46 ${cx + 56} 46 ${cx + 52} 118 Z`, fill: c.body });
    for (let i = -4; i <= 4; i++) out += path({ d: d`M${cx + i * 11} 116 Q${cx + i * 8} 80 ${cx + i * 4} 52`, fill: "none", stroke: c.ink, "stroke-opacity": 0.18, "stroke-width": 2 });
    out += rect({ x: cx - 58, y: 112, width: 116, height: 30, rx: 10, fill: c.body });
    for (let xx = cx - 52; xx <= cx + 52; xx += 6) out += line({ x1: xx, y1: 116, x2: xx, y2: 138, stroke: c.ink, "stroke-opacity": 0.2, "stroke-width": 2 });
    return out;
  },

  apron(c, r) {
    const cx = 120;
    return (
      path({ d: d`M${cx - 22} 40 C${cx - 22} 10 ${cx + 22} 10 ${cx + 22} 40`, fill: "none", stroke: c.body, "stroke-width": 5 }) +
      path({ d: d`M${cx - 26} 36 H${cx + 26} V66 Q${cx + 50} 70 ${cx + 52} 84 V150 H${cx - 52} V84 Q${cx - 50} 70 ${cx - 26} 66 Z`, fill: c.body }) +
      rect({ x: cx - 38, y: 98, width: 34, height: 28, rx: 3, fill: c.detail, opacity: 0.6 }) +
      rect({ x: cx + 4, y: 98, width: 34, height: 28, rx: 3, fill: c.detail, opacity: 0.6 }) +
      path({ d: d`M${cx - 52} 86 l-22 18 M${cx + 52} 86 l22 18`, stroke: c.body, "stroke-width": 4 })
    );
  },

  coaster(c, r, p) {
    const cx = 120;
    let out = ellipse({ cx, cy: 148, rx: 58, ry: 6, fill: c.ink, opacity: 0.15 });
    const n = 4;
    for (let i = 0; i < n; i++) {
      const y = 140 - i * 9, colour = pick(r, [c.body, c.detail, c.accent, c.soft]);
      out += c.glass
        ? rect({ x: cx - 48 + i * 2, y: y - 9, width: 96, height: 12, rx: 3, fill: colour, opacity: 0.8 })
        : ellipse({ cx: cx + (i % 2) * 3, cy: y, rx: 50, ry: 12, fill: colour });
    }
    out += c.glass
      ? rect({ x: cx - 42, y: 84, width: 84, height: 20, rx: 3, fill: c.body, opacity: 0.65 })
      : ellipse({ cx, cy: 98, rx: 50, ry: 14, fill: c.body });
    return out;
  },

  plantHanger(c, r) {
    const cx = 120;
    let out = circle({ cx, cy: 12, r: 7, fill: "none", stroke: "#b98a5a", "stroke-width": 3 });
    out += path({ d: d`M${cx} 18 L${cx - 34} 100 M${cx} 18 L${cx + 34} 100 M${cx} 18 L${cx - 10} 104 M${cx} 18 L${cx + 10} 104`, stroke: c.soft, "stroke-width": 3, fill: "none" });
    for (let i = 0; i < 3; i++) out += circle({ cx: cx - 16 + i * 16, cy: 64, r: 3, fill: c.detail });
    out += path({ d: d`M${cx - 30} 96 H${cx + 30} L${cx + 22} 136 H${cx - 22} Z`, fill: c.body });
    out += path({ d: d`M${cx - 8} 96 q-24 -12 -30 -28 M${cx + 6} 96 q18 -16 30 -22 M${cx} 96 q0 -20 4 -30`, fill: "none", stroke: "#5b7a4e", "stroke-width": 3 });
    return out;
  },

  ring(c, r, p) {
    const cx = 120, cy = 100, metal = c.metal;
    const signet = /signet/i.test(p.name), cluster = /cluster/i.test(p.name), stone = /labradorite|moonstone|garnet|cluster/i.test(p.name);
    let out = ellipse({ cx, cy: 148, rx: 42, ry: 5, fill: c.ink, opacity: 0.15 });
    out += ellipse({ cx, cy, rx: 40, ry: 44, fill: "none", stroke: metal, "stroke-width": signet ? 11 : 7 });
    out += ellipse({ cx, cy: cy + 2, rx: 38, ry: 42, fill: "none", stroke: "#ffffff", "stroke-opacity": 0.35, "stroke-width": 1.5 });
    if (/walnut/i.test(p.name)) out += ellipse({ cx, cy, rx: 40, ry: 44, fill: "none", stroke: "#6b4526", "stroke-width": 3 });
    if (/hammered/i.test(p.name)) for (let i = 0; i < 10; i++) {
      const a = r() * Math.PI * 2;
      out += circle({ cx: cx + Math.cos(a) * 40, cy: cy + Math.sin(a) * 44, r: 1.6, fill: "#ffffff", opacity: 0.6 });
    }
    if (signet) out += ellipse({ cx, cy: cy - 46, rx: 20, ry: 13, fill: metal }) + ellipse({ cx, cy: cy - 46, rx: 14, ry: 8, fill: "#ffffff", opacity: 0.25 });
    if (stone) {
      const stoneColour = /garnet/i.test(p.name) ? "#8e1f2f" : /moon/i.test(p.name) ? "#dfe7ee" : "#3c6e8f";
      if (cluster) {
        for (const [dx, dy] of [[0, -50], [-11, -44], [11, -44], [-6, -56], [6, -56]]) out += circle({ cx: cx + dx, cy: cy + dy, r: 6, fill: stoneColour, stroke: metal, "stroke-width": 1.5 });
      } else {
        out += ellipse({ cx, cy: cy - 48, rx: 14, ry: 11, fill: metal }) + ellipse({ cx, cy: cy - 48, rx: 11, ry: 8.5, fill: stoneColour }) + ellipse({ cx: cx - 4, cy: cy - 51, rx: 3, ry: 2, fill: "#ffffff", opacity: 0.7 });
      }
    }
    return out;
  },

  earrings(c, r, p) {
    let out = "";
    const name = p.name.toLowerCase();
    for (const cx of [92, 148]) {
      if (/stud/.test(name)) {
        if (/daisy/.test(name)) {
          for (let k = 0; k < 8; k++) {
            const a = (k / 8) * 360;
            out += ellipse({ cx, cy: 78, rx: 4, ry: 11, fill: "#ffffff", stroke: "#d8d8d8", "stroke-width": 0.8, transform: `rotate(${a} ${cx} ${90})` });
          }
          out += circle({ cx, cy: 90, r: 6, fill: "#f0b83a" });
        } else if (/star/.test(name)) {
          out += path({ d: d`M${cx} 70 L${cx + 5} 85 L${cx + 20} 90 L${cx + 5} 95 L${cx} 110 L${cx - 5} 95 L${cx - 20} 90 L${cx - 5} 85 Z`, fill: c.metal, stroke: c.ink, "stroke-opacity": 0.35, "stroke-width": 1.5 });
        } else {
          out += circle({ cx, cy: 90, r: 10, fill: c.metal, stroke: c.ink, "stroke-opacity": 0.35, "stroke-width": 1.5 });
        }
        continue;
      }
      out += path({ d: d`M${cx} 40 c0 -14 14 -14 14 -2 c0 8 -8 10 -8 20`, fill: "none", stroke: c.metal, "stroke-width": 2 });
      if (/hoop/.test(name)) {
        out += circle({ cx, cy: 84, r: 24, fill: "none", stroke: c.metal, "stroke-width": 4 });
        if (/pearl/.test(name)) out += ellipse({ cx, cy: 112, rx: 8, ry: 10, fill: "#f4efe6", stroke: "#d9d0c0" });
      } else {
        out += path({ d: d`M${cx} 58 C${cx + 20} 90 ${cx + 18} 120 ${cx} 124 C${cx - 18} 120 ${cx - 20} 90 ${cx} 58 Z`, fill: /sea-glass|sea glass/.test(name) ? "#9fd3c7" : c.detail, opacity: 0.85, stroke: c.metal, "stroke-width": 3 });
      }
    }
    return out;
  },

  necklace(c, r, p) {
    const cx = 120, name = p.name.toLowerCase();
    const beads = /bead|lampwork/.test(name);
    let out = "";
    if (beads) {
      for (let i = 0; i <= 16; i++) {
        const t = i / 16, x = 40 + t * 160, y = 24 + Math.sin(t * Math.PI) * 96;
        out += circle({ cx: x, cy: y, r: 6 + (i % 3), fill: [c.body, c.accent, c.detail][i % 3], opacity: 0.9 });
      }
      return out;
    }
    out += path({ d: d`M40 20 Q${cx} 190 200 20`, fill: "none", stroke: c.metal, "stroke-width": /chain/.test(name) ? 5 : 2, "stroke-dasharray": /chain/.test(name) ? "6 3" : undefined });
    if (/chain/.test(name)) return out;
    const py = 112;
    if (/pebble/.test(name)) out += ellipse({ cx, cy: py + 10, rx: 16, ry: 12, fill: c.metal });
    else if (/moonstone/.test(name)) out += ellipse({ cx, cy: py + 14, rx: 11, ry: 15, fill: c.metal }) + ellipse({ cx, cy: py + 14, rx: 8, ry: 12, fill: "#dfe7ee" }) + ellipse({ cx: cx - 2, cy: py + 8, rx: 3, ry: 4, fill: "#bcd4f0" });
    else {
      out += circle({ cx, cy: py + 12, r: 14, fill: c.metal });
      if (/initial/.test(name)) out += el("text", { x: cx, y: py + 18, "text-anchor": "middle", "font-family": "Georgia, serif", "font-size": 16, fill: c.ink, opacity: 0.7 }, "A");
    }
    return out;
  },

  bracelet(c, r, p) {
    const cx = 120, cy = 100, name = p.name.toLowerCase();
    let out = ellipse({ cx, cy: 148, rx: 58, ry: 6, fill: c.ink, opacity: 0.15 });
    if (/bead|friendship/.test(name)) {
      for (let i = 0; i < 22; i++) {
        const a = (i / 22) * Math.PI * 2;
        out += circle({ cx: cx + Math.cos(a) * 54, cy: cy + Math.sin(a) * 26, r: 6, fill: pick(r, ["#f2a65a", "#e45d5d", "#f2d15a", c.accent]) });
      }
      return out;
    }
    if (/cuff/.test(name)) {
      return out + path({ d: d`M${cx - 56} ${cy - 10} A56 30 0 1 0 ${cx + 56} ${cy - 10} L${cx + 56} ${cy + 12} A56 30 0 1 1 ${cx - 56} ${cy + 12} Z`, fill: c.metal }) +
        surface("speckle", { x: cx - 50, y: cy + 8, w: 100, h: 28 }, c.ink, r, 0.35);
    }
    out += ellipse({ cx, cy, rx: 56, ry: 30, fill: "none", stroke: c.metal, "stroke-width": /charm/.test(name) ? 3 : 8, "stroke-dasharray": /twist/.test(name) ? "8 3" : /charm/.test(name) ? "4 2" : undefined });
    if (/charm/.test(name)) {
      out += circle({ cx: cx - 30, cy: cy + 36, r: 7, fill: c.metal }) + path({ d: d`M${cx} ${cy + 30} l5 12 l-10 0 Z`, fill: c.metal }) + circle({ cx: cx + 30, cy: cy + 36, r: 7, fill: c.metal }) + circle({ cx: cx + 33, cy: cy + 34, r: 6, fill: c.bg });
    }
    return out + ellipse({ cx, cy: cy - 2, rx: 54, ry: 28, fill: "none", stroke: "#ffffff", "stroke-opacity": 0.35, "stroke-width": 1.5 });
  },

  brooch(c, r) {
    const cx = 120, cy = 90;
    return (
      line({ x1: cx - 50, y1: cy + 4, x2: cx + 46, y2: cy - 2, stroke: "#8a8f96", "stroke-width": 2 }) +
      path({ d: d`M${cx - 48} ${cy} C${cx - 20} ${cy - 48} ${cx + 30} ${cy - 40} ${cx + 50} ${cy} C${cx + 30} ${cy + 40} ${cx - 20} ${cy + 48} ${cx - 48} ${cy} Z`, fill: c.metal }) +
      path({ d: d`M${cx - 48} ${cy} L${cx + 50} ${cy} M${cx - 20} ${cy} l14 -18 M${cx} ${cy} l14 -20 M${cx + 20} ${cy} l12 -16 M${cx - 20} ${cy} l14 18 M${cx} ${cy} l14 20 M${cx + 20} ${cy} l12 16`, stroke: c.ink, "stroke-opacity": 0.35, "stroke-width": 1.8, fill: "none" })
    );
  },

  giftSet(c, r) {
    const cx = 120;
    return (
      rect({ x: cx - 58, y: 78, width: 116, height: 70, rx: 4, fill: c.body }) +
      rect({ x: cx - 62, y: 68, width: 124, height: 18, rx: 4, fill: c.body }) +
      rect({ x: cx - 6, y: 68, width: 12, height: 80, fill: c.accent }) +
      path({ d: d`M${cx} 68 c-26 -26 -34 -2 0 0 c26 -26 34 -2 0 0`, fill: "none", stroke: c.accent, "stroke-width": 5 }) +
      ellipse({ cx: cx + 64, cy: 140, rx: 26, ry: 8, fill: "#f1e2d3" }) +
      circle({ cx: cx + 58, cy: 136, r: 3, fill: c.metal }) +
      circle({ cx: cx + 70, cy: 136, r: 3, fill: c.metal })
    );
  },

  stationery(c, r, p) {
    const cx = 120, kind = p.tags[1];
    if (kind === "notebook") {
      return (
        rect({ x: cx - 44, y: 26, width: 92, height: 120, rx: 4, fill: c.body, transform: `rotate(-4 ${cx} 86)` }) +
        surface(c.pattern === "none" ? "dots" : c.pattern, { x: cx - 34, y: 40, w: 72, h: 90 }, c.detail, r, 0.5) +
        path({ d: d`M${cx - 40} 36 v104`, stroke: c.soft, "stroke-width": 2.5, "stroke-dasharray": "5 6", transform: `rotate(-4 ${cx} 86)` }) +
        rect({ x: cx - 18, y: 60, width: 48, height: 22, rx: 2, fill: "#fdfbf6", transform: `rotate(-4 ${cx} 86)` })
      );
    }
    if (kind === "wrapping-paper") {
      let out = rect({ x: 40, y: 110, width: 150, height: 36, rx: 4, fill: c.soft }) + ellipse({ cx: 190, cy: 128, rx: 8, ry: 18, fill: c.detail });
      out += path({ d: d`M60 20 L170 30 L150 108 L44 100 Z`, fill: c.soft });
      for (let i = 0; i < 9; i++) {
        const x = 64 + (i % 3) * 32 + r() * 6, y = 38 + Math.floor(i / 3) * 22;
        out += ellipse({ cx: x, cy: y, rx: 8, ry: 4, fill: c.body, transform: `rotate(${num(-30 + r() * 60)} ${num(x)} ${num(y)})` });
      }
      for (let i = 0; i < 5; i++) out += ellipse({ cx: 56 + i * 28, cy: 128, rx: 8, ry: 4, fill: c.body });
      return out;
    }
    // cards: a fanned stack
    let out = "";
    const n = 3;
    for (let i = 0; i < n; i++) {
      const angle = -12 + i * 12, fill = [c.soft, "#fdfbf6", c.detail][i];
      out += g({ transform: `rotate(${angle} 120 150)` },
        rect({ x: cx - 34, y: 40, width: 68, height: 96, rx: 3, fill, stroke: c.ink, "stroke-opacity": 0.12 }) +
        circle({ cx, cy: 78, r: 14, fill: [c.body, c.accent, c.body][i], opacity: 0.9 }) +
        rect({ x: cx - 20, y: 108, width: 40, height: 4, rx: 2, fill: c.ink, opacity: 0.3 }));
    }
    return out;
  },

  board(c, r, p) {
    const cx = 120, name = p.name.toLowerCase();
    const long = /serving|walnut/.test(name), crumb = /crumb/.test(name);
    const w = long ? 150 : 132, h = long ? 44 : 74, x = cx - w / 2, y = 146 - h;
    let out = ellipse({ cx, cy: 148, rx: w / 2 + 6, ry: 5, fill: c.ink, opacity: 0.18 });
    if (long) out += rect({ x: x + w - 8, y: y + h / 2 - 9, width: 26, height: 18, rx: 9, fill: c.body });
    else out += path({ d: d`M${cx - 16} ${y + 4} Q${cx} ${y - 30} ${cx + 16} ${y + 4} Z`, fill: c.body }) + circle({ cx, cy: y - 8, r: 5, fill: c.bg });
    out += rect({ x, y, width: w, height: h, rx: long ? 8 : 12, fill: c.body });
    for (let i = 0; i < 6; i++) {
      const yy = y + 6 + r() * (h - 12);
      out += path({ d: d`M${x + 6} ${yy} q${w * 0.3} ${(r() - 0.5) * 10} ${w * 0.55} 0 t${w * 0.4} 0`, fill: "none", stroke: c.ink, "stroke-opacity": 0.2, "stroke-width": 1.4 });
    }
    if (crumb) for (let xx = x + 12; xx < x + w - 8; xx += 12) out += rect({ x: xx, y: y + 6, width: 4, height: h - 12, rx: 2, fill: c.ink, opacity: 0.35 });
    else if (!long) out += rect({ x: x + 8, y: y + 8, width: w - 16, height: h - 16, rx: 8, fill: "none", stroke: c.ink, "stroke-opacity": 0.2, "stroke-width": 2 });
    if (/cheese|serving/.test(name)) out += path({ d: d`M${cx - 20} ${y + 10} l30 8 l-30 14 Z`, fill: "#f2cf6b" }) + circle({ cx: cx + 30, cy: y + 22, r: 7, fill: "#8e3b4a" }) + circle({ cx: cx + 42, cy: y + 26, r: 6, fill: "#8e3b4a" });
    return out;
  },

  utensil(c, r, p) {
    const name = p.name.toLowerCase(), kind = p.tags[1];
    const pair = /servers/.test(name);
    const one = (angle, x, colour) => {
      let head;
      if (kind === "knife") head = path({ d: d`M${x - 7} 46 Q${x - 9} 20 ${x} 10 Q${x + 9} 20 ${x + 7} 46 Z`, fill: colour });
      else if (kind === "dipper") {
        head = ellipse({ cx: x, cy: 36, rx: 13, ry: 22, fill: colour });
        for (let k = 0; k < 4; k++) head += line({ x1: x - 12, y1: 24 + k * 8, x2: x + 12, y2: 24 + k * 8, stroke: c.ink, "stroke-opacity": 0.35, "stroke-width": 2.5 });
      } else head = ellipse({ cx: x, cy: 40, rx: 16, ry: 26, fill: colour }) + ellipse({ cx: x, cy: 42, rx: 11, ry: 19, fill: c.ink, opacity: 0.15 });
      return g({ transform: `rotate(${angle} ${x} 96)` },
        rect({ x: x - 5, y: 56, width: 10, height: 96, rx: 5, fill: colour }) + head +
        line({ x1: x - 1, y1: 70, x2: x - 1, y2: 140, stroke: "#ffffff", "stroke-opacity": 0.25, "stroke-width": 2 }));
    };
    return pair ? one(-14, 104, c.body) + one(14, 138, c.detail) : one(28 + r() * 10, 120, c.body);
  },

  stool(c, r, p) {
    const cx = 120, table = p.tags[1] === "table";
    if (table) {
      return (
        path({ d: d`M${cx - 52} 66 L${cx - 58} 150 M${cx + 52} 66 L${cx + 58} 150 M${cx - 38} 66 L${cx - 34} 142 M${cx + 38} 66 L${cx + 34} 142`, stroke: c.body, "stroke-width": 7, "stroke-linecap": "round" }) +
        rect({ x: cx - 66, y: 54, width: 132, height: 12, rx: 3, fill: c.body }) +
        rect({ x: cx - 52, y: 66, width: 104, height: 18, fill: c.detail }) +
        circle({ cx, cy: 75, r: 3, fill: "#c49a4a" }) +
        path({ d: d`M${cx - 20} 54 v-20 h12 v20 M${cx + 26} 54 c-4 -18 14 -22 12 0`, stroke: "none", fill: c.accent, opacity: 0.8 })
      );
    }
    return (
      path({ d: d`M${cx - 30} 88 L${cx - 48} 150 M${cx + 30} 88 L${cx + 48} 150 M${cx} 92 L${cx + 4} 146`, stroke: c.detail, "stroke-width": 7, "stroke-linecap": "round" }) +
      ellipse({ cx, cy: 90, rx: 52, ry: 14, fill: c.ink, opacity: 0.35 }) +
      ellipse({ cx, cy: 84, rx: 52, ry: 14, fill: c.body }) +
      path({ d: d`M${cx - 30} 82 q30 -8 60 0 M${cx - 22} 88 q22 -6 44 0`, fill: "none", stroke: c.ink, "stroke-opacity": 0.2, "stroke-width": 1.5 })
    );
  },

  shelf(c, r, p) {
    const cx = 120;
    if (p.tags[1] === "stand") {
      return (
        path({ d: d`M${cx - 60} 146 L${cx - 20} 70 M${cx + 60} 146 L${cx + 20} 70`, stroke: c.body, "stroke-width": 8, "stroke-linecap": "round" }) +
        rect({ x: cx - 70, y: 56, width: 140, height: 10, rx: 4, fill: c.body, transform: `rotate(-8 ${cx} 60)` }) +
        rect({ x: cx - 64, y: 40, width: 124, height: 16, rx: 2, fill: "#9aa3ad", transform: `rotate(-8 ${cx} 60)` }) +
        circle({ cx, cy: 108, r: 4, fill: "#c49a4a" })
      );
    }
    return (
      rect({ x: cx - 80, y: 106, width: 160, height: 12, rx: 2, fill: c.body }) +
      rect({ x: cx - 66, y: 66, width: 12, height: 40, fill: c.accent }) + rect({ x: cx - 52, y: 72, width: 10, height: 34, fill: c.detail }) +
      rect({ x: cx - 40, y: 62, width: 12, height: 44, fill: "#8a9c8a" }) +
      path({ d: d`M${cx + 20} 106 c-12 -10 -10 -34 6 -40 c16 6 18 30 6 40 Z`, fill: "#b5603a" }) +
      line({ x1: cx - 80, y1: 118, x2: cx + 80, y2: 118, stroke: c.ink, "stroke-opacity": 0.3, "stroke-width": 2 })
    );
  },

  candle(c, r) {
    const cx = 120;
    let out = rect({ x: cx - 56, y: 118, width: 112, height: 30, rx: 6, fill: c.body });
    for (let i = 0; i < 4; i++) out += path({ d: d`M${cx - 52} ${124 + i * 6} q56 ${(r() - 0.5) * 6} 104 0`, fill: "none", stroke: c.ink, "stroke-opacity": 0.2, "stroke-width": 1.2 });
    for (const dx of [-34, 0, 34]) {
      const h = 48 + r() * 30;
      out += rect({ x: cx + dx - 6, y: 118 - h, width: 12, height: h, rx: 2, fill: "#f6f0e2" });
      out += line({ x1: cx + dx, y1: 118 - h, x2: cx + dx, y2: 113 - h, stroke: "#333333", "stroke-width": 1.2 });
      out += path({ d: d`M${cx + dx} ${96 - h} q7 10 0 16 q-7 -6 0 -16 Z`, fill: "#f2b33d" });
      out += rect({ x: cx + dx - 8, y: 114, width: 16, height: 5, rx: 2, fill: "#c49a4a" });
    }
    return out;
  },

  box(c, r, p) {
    const cx = 120, organiser = /organiser/i.test(p.name);
    if (organiser) {
      return (
        rect({ x: cx - 76, y: 104, width: 152, height: 42, rx: 4, fill: c.body }) +
        rect({ x: cx - 70, y: 110, width: 44, height: 30, fill: c.ink, opacity: 0.35 }) + rect({ x: cx - 20, y: 110, width: 90, height: 30, fill: c.ink, opacity: 0.35 }) +
        line({ x1: cx - 60, y1: 108, x2: cx - 44, y2: 62, stroke: c.accent, "stroke-width": 5, "stroke-linecap": "round" }) +
        line({ x1: cx - 50, y1: 108, x2: cx - 52, y2: 58, stroke: "#2f3340", "stroke-width": 4, "stroke-linecap": "round" }) +
        rect({ x: cx, y: 96, width: 40, height: 16, fill: "#fdfbf6", transform: `rotate(-6 ${cx + 20} 104)` })
      );
    }
    return (
      rect({ x: cx - 62, y: 80, width: 124, height: 66, rx: 3, fill: c.body }) +
      rect({ x: cx - 66, y: 70, width: 132, height: 14, rx: 3, fill: c.detail }) +
      path({ d: d`M${cx - 62} 92 h8 v8 h-8 M${cx - 62} 108 h8 v8 h-8 M${cx - 62} 124 h8 v8 h-8`, fill: "none", stroke: c.ink, "stroke-opacity": 0.35, "stroke-width": 1.5 }) +
      rect({ x: cx - 10, y: 72, width: 20, height: 6, rx: 3, fill: c.ink, opacity: 0.3 })
    );
  },

  toy(c, r) {
    const cx = 120;
    return (
      path({ d: d`M${cx - 4} 34 V112`, stroke: "#7a5232", "stroke-width": 4 }) +
      path({ d: d`M${cx} 38 L${cx + 44} 106 H${cx} Z`, fill: "#fdfbf6", stroke: c.ink, "stroke-opacity": 0.2 }) +
      path({ d: d`M${cx - 8} 44 L${cx - 40} 104 H${cx - 8} Z`, fill: c.accent }) +
      path({ d: d`M${cx - 62} 112 H${cx + 62} L${cx + 44} 140 H${cx - 48} Z`, fill: c.body }) +
      rect({ x: cx - 56, y: 112, width: 114, height: 6, fill: c.detail }) +
      path({ d: d`M20 152 q15 -8 30 0 t30 0 t30 0 t30 0 t30 0 t30 0 t30 0`, fill: "none", stroke: "#7fb3c9", "stroke-width": 3 })
    );
  },

  pegs(c, r) {
    const cx = 120;
    let out = rect({ x: cx - 80, y: 60, width: 160, height: 24, rx: 4, fill: c.body });
    for (const dx of [-50, 0, 50]) {
      out += ellipse({ cx: cx + dx, cy: 72, rx: 9, ry: 9, fill: c.detail });
      out += path({ d: d`M${cx + dx - 5} 72 L${cx + dx - 3} 108 Q${cx + dx} 114 ${cx + dx + 3} 108 L${cx + dx + 5} 72 Z`, fill: c.detail });
    }
    out += path({ d: d`M${cx + 44} 106 C${cx + 30} 110 ${cx + 26} 150 ${cx + 30} 152 H${cx + 66} C${cx + 70} 150 ${cx + 66} 110 ${cx + 56} 106 Z`, fill: c.accent, opacity: 0.8 });
    return out;
  },

  glassware(c, r, p) {
    const name = p.name.toLowerCase(), kind = p.tags[1];
    const one = (cx, scale, colour) => {
      if (kind === "wine-glass") {
        return (
          path({ d: d`M${cx - 24 * scale} ${150 - 116 * scale} Q${cx - 26 * scale} ${150 - 60 * scale} ${cx} ${150 - 58 * scale} Q${cx + 26 * scale} ${150 - 60 * scale} ${cx + 24 * scale} ${150 - 116 * scale} Z`, fill: colour, opacity: 0.8 }) +
          line({ x1: cx, y1: 150 - 58 * scale, x2: cx, y2: 148, stroke: c.soft, "stroke-width": 4 }) +
          ellipse({ cx, cy: 148, rx: 20 * scale, ry: 4, fill: c.soft, opacity: 0.9 }) +
          glint(cx - 14 * scale, 150 - 106 * scale, 30 * scale, 0.7)
        );
      }
      const w = 30 * scale, h = 76 * scale, top = 150 - h;
      let out = path({ d: d`M${cx - w} ${top} L${cx - w * 0.82} 150 H${cx + w * 0.82} L${cx + w} ${top} Z`, fill: colour, opacity: 0.55, stroke: c.ink, "stroke-opacity": 0.25 });
      out += rect({ x: cx - w * 0.82, y: 144, width: w * 1.64, height: 6, fill: colour, opacity: 0.6 });
      if (/bubble/.test(name)) for (let i = 0; i < 12; i++) out += circle({ cx: cx - w * 0.7 + r() * w * 1.4, cy: top + 6 + r() * (h - 12), r: 1 + r() * 1.8, fill: "none", stroke: "#ffffff", "stroke-width": 1 });
      if (/dimpled/.test(name)) for (let i = 0; i < 3; i++) out += ellipse({ cx: cx - w * 0.45 + i * w * 0.45, cy: top + h * 0.55, rx: w * 0.16, ry: h * 0.14, fill: "#ffffff", opacity: 0.35 });
      out += ellipse({ cx, cy: top, rx: w, ry: 4 * scale, fill: "#ffffff", opacity: 0.5, stroke: c.ink, "stroke-opacity": 0.2 });
      return out + glint(cx - w * 0.6, top + 10, h * 0.6, 0.7);
    };
    if (/pair|set|glasses/.test(name)) {
      const small = /shot/.test(name);
      const colours = small ? ["#e7a1a8", "#e2a94f", c.body, "#8a8f96"] : [c.body, c.soft, c.body];
      if (kind === "wine-glass") return one(92, 1, c.body) + one(150, 0.95, c.body);
      return colours.map((colour, i) => one(60 + i * (small ? 40 : 60), small ? 0.6 : 0.85, colour)).join("");
    }
    return one(120, 1.1, c.body);
  },

  suncatcher(c, r) {
    const cx = 120, cy = 92, R = 48;
    let out = line({ x1: cx, y1: 4, x2: cx, y2: cy - R, stroke: c.ink, "stroke-width": 1.5 });
    const colours = ["#e2a94f", "#3b5fa8", c.body, "#f2c94c", c.accent, "#dfe9ec"];
    const n = 8;
    for (let i = 0; i < n; i++) {
      const a0 = (i / n) * Math.PI * 2, a1 = ((i + 1) / n) * Math.PI * 2;
      out += path({ d: d`M${cx} ${cy} L${cx + Math.cos(a0) * R} ${cy + Math.sin(a0) * R} A${R} ${R} 0 0 1 ${cx + Math.cos(a1) * R} ${cy + Math.sin(a1) * R} Z`, fill: colours[(i + Math.floor(r() * 3)) % colours.length], opacity: 0.85, stroke: "#3a3a3a", "stroke-width": 2 });
    }
    out += circle({ cx, cy, r: 12, fill: "#f6e7b0", stroke: "#3a3a3a", "stroke-width": 2 });
    out += circle({ cx, cy, r: R, fill: "none", stroke: "#3a3a3a", "stroke-width": 3 });
    for (let i = 0; i < 4; i++) out += circle({ cx: 40 + r() * 160, cy: 120 + r() * 30, r: 4 + r() * 5, fill: pick(r, colours), opacity: 0.35 });
    return out;
  },

  bauble(c, r) {
    const cx = 120, cy = 96;
    return (
      line({ x1: cx, y1: 4, x2: cx, y2: 40, stroke: "#9aa3ad", "stroke-width": 1.5 }) +
      circle({ cx, cy: 44, r: 6, fill: "none", stroke: "#9aa3ad", "stroke-width": 2 }) +
      rect({ x: cx - 9, y: 46, width: 18, height: 10, rx: 2, fill: "#b8bcc2" }) +
      circle({ cx, cy, r: 42, fill: c.body, opacity: 0.85 }) +
      path({ d: d`M${cx - 40} ${cy} Q${cx} ${cy - 16} ${cx + 40} ${cy}`, fill: "none", stroke: "#ffffff", "stroke-opacity": 0.25, "stroke-width": 3 }) +
      ellipse({ cx: cx - 16, cy: cy - 18, rx: 10, ry: 6, fill: "#ffffff", opacity: 0.6, transform: `rotate(-35 ${cx - 16} ${cy - 18})` })
    );
  },

  dome(c, r, p) {
    const cx = 120, name = p.name.toLowerCase();
    if (/terrarium/.test(name)) {
      return (
        circle({ cx, cy: 92, r: 56, fill: c.soft, opacity: 0.45, stroke: c.ink, "stroke-opacity": 0.3, "stroke-width": 2 }) +
        path({ d: d`M${cx - 46} 120 Q${cx} 96 ${cx + 46} 120 A56 56 0 0 1 ${cx - 46} 120 Z`, fill: "#6f8f5d" }) +
        path({ d: d`M${cx - 6} 114 q-6 -26 -20 -36 M${cx + 4} 112 q8 -30 22 -38 M${cx} 114 v-40`, fill: "none", stroke: "#4f6b43", "stroke-width": 3 }) +
        circle({ cx: cx + 22, cy: 118, r: 6, fill: "#9aa3ad" }) +
        ellipse({ cx, cy: 38, rx: 24, ry: 5, fill: "none", stroke: c.ink, "stroke-opacity": 0.3, "stroke-width": 2 }) +
        glint(cx - 38, 70, 40, 0.7)
      );
    }
    if (/oil lamp/.test(name)) {
      return (
        ellipse({ cx, cy: 122, rx: 44, ry: 28, fill: c.body, opacity: 0.7 }) +
        ellipse({ cx, cy: 130, rx: 36, ry: 14, fill: "#e9c46a", opacity: 0.5 }) +
        rect({ x: cx - 10, y: 88, width: 20, height: 10, rx: 2, fill: "#c49a4a" }) +
        line({ x1: cx, y1: 88, x2: cx, y2: 80, stroke: "#333333", "stroke-width": 2 }) +
        path({ d: d`M${cx} 52 q12 18 0 28 q-12 -10 0 -28 Z`, fill: "#f2b33d" }) +
        circle({ cx, cy: 70, r: 26, fill: "#ffd98a", opacity: 0.25 }) +
        glint(cx - 30, 108, 24, 0.7)
      );
    }
    // paperweight
    return (
      ellipse({ cx, cy: 148, rx: 54, ry: 6, fill: c.ink, opacity: 0.18 }) +
      path({ d: d`M${cx - 52} 146 C${cx - 52} 74 ${cx + 52} 74 ${cx + 52} 146 Z`, fill: c.soft, opacity: 0.55, stroke: c.ink, "stroke-opacity": 0.25 }) +
      path({ d: d`M${cx - 30} 140 C${cx - 30} 100 ${cx + 6} 92 ${cx + 10} 118 C${cx + 14} 136 ${cx - 12} 136 ${cx - 6} 120`, fill: "none", stroke: c.accent, "stroke-width": 6, "stroke-linecap": "round" }) +
      path({ d: d`M${cx + 26} 140 C${cx + 30} 110 ${cx + 8} 100 ${cx - 6} 108`, fill: "none", stroke: c.body, "stroke-width": 5, "stroke-linecap": "round" }) +
      glint(cx - 30, 104, 24, 0.75)
    );
  },
};

/** Which drawing a product gets, from its type tag. */
const SHAPE_FOR_TYPE = {
  mug: "mug", bowl: "bowl", vase: "vase", planter: "planter", jug: "jug", bottle: "jug", carafe: "jug",
  plate: "plate", dish: "plate", pot: "pot", teapot: "teapot", lamp: "lamp", tile: "tile",
  print: "artwork", poster: "artwork", "wall-hanging": "hanging", panel: "panel", frame: "frame",
  cushion: "cushion", throw: "folded", quilt: "folded", runner: "folded", placemat: "folded", rug: "rug",
  "tea-towel": "towel", napkin: "towel", scarf: "scarf", bag: "bag", pouch: "bag", hat: "hat", apron: "apron",
  coaster: "coaster", "plant-hanger": "plantHanger",
  ring: "ring", earrings: "earrings", necklace: "necklace", bracelet: "bracelet", brooch: "brooch", "gift-set": "giftSet",
  card: "stationery", notebook: "stationery", "wrapping-paper": "stationery",
  board: "board", spoon: "utensil", knife: "utensil", dipper: "utensil", stool: "stool", table: "stool",
  shelf: "shelf", stand: "shelf", "candle-holder": "candle", box: "box", toy: "toy", pegs: "pegs",
  tumbler: "glassware", "wine-glass": "glassware", suncatcher: "suncatcher", bauble: "bauble",
  paperweight: "dome", terrarium: "dome", "oil-lamp": "dome",
};

const PATTERNS = {
  ceramics: ["speckle", "speckle", "band", "none", "dots"],
  textiles: ["stripes", "grid", "dots", "zigzag", "stripes"],
  jewellery: ["none"],
  prints: ["dots", "stripes", "none"],
  woodwork: ["none"],
  glass: ["none", "band"],
};

/** The colours of one product's picture, drawn from its craft's palette. */
function coloursFor(product, r) {
  const pal = CRAFT[product.craft].palette;
  const craft = product.craft;
  const bodies = [pal.primary, pal.accent, pal.dark, pal.primary];
  const text = `${product.name} ${product.description}`.toLowerCase();
  let body = pick(r, bodies);
  if (craft === "textiles" && /indigo/.test(text)) body = "#2c4a78";
  if (/madder|red/.test(text) && craft === "textiles") body = "#a8412e";
  if (/cobalt/.test(text)) body = "#2d4fa1";
  if (/amber/.test(text) && craft === "glass") body = "#d08a2c";
  if (/smok/.test(text) && craft === "glass") body = "#6e767d";
  if (/seafoam|green tint|sea glass/.test(text)) body = "#8cc7b3";
  if (/white|chalk|porcelain/.test(product.name.toLowerCase()) && craft === "ceramics") body = "#e9e4da";
  if (/tenmoku|midnight/.test(text)) body = "#3a2a24";
  if (/terracotta/.test(text)) body = "#c0683f";
  if (craft === "woodwork") {
    body = /walnut/.test(text) ? "#5e3d24" : /cherry|plum/.test(text) ? "#9a5a38" : /oak|elm/.test(text) ? "#b0824f" : /ash|sycamore|birch|beech/.test(text) ? "#d4b184" : pal.primary;
  }
  let detail = body === pal.secondary ? pal.light : pal.secondary;
  let pattern = pick(r, PATTERNS[craft]);
  if (/shibori/.test(text)) { pattern = "grid"; detail = "#ffffff"; }
  if (/ikat|herringbone/.test(text)) pattern = "zigzag";
  if (/speckled/.test(text) && craft === "ceramics") { body = "#e4d6c1"; detail = "#7a5a44"; pattern = "speckle"; }
  const metal = /oxidised/.test(text) ? "#6f757d" : /gold|brass/.test(text) ? "#c9a14a" : /silver|sterling/.test(text) ? "#b9bec6" : pick(r, ["#b9bec6", "#c9a14a"]);
  return {
    bg: pal.light,
    body,
    detail,
    accent: pal.accent === body ? pal.primary : pal.accent,
    soft: pal.secondary,
    ink: pal.dark,
    flower: pick(r, ["#e07a5f", "#f2c94c", "#f4a6b7", "#ffffff"]),
    metal,
    pattern,
    glass: craft === "glass",
    wood: craft === "woodwork",
  };
}

/** How much each drawing is enlarged about the shelf line, so small objects fill the frame. */
const SHAPE_SCALE = {
  mug: 1.35, vase: 1.15, bowl: 1.3, plate: 1.05, jug: 1.2, teapot: 1.25, pot: 1.25, planter: 1.25, tile: 1.05,
  cushion: 1.2, folded: 1.25, rug: 1.1, bag: 1.05, hat: 1.1, coaster: 1.35, ring: 1.2, earrings: 1.15,
  bracelet: 1.25, brooch: 1.35, giftSet: 1.2, stationery: 1.05, board: 1.2, stool: 1.1, shelf: 1.1,
  candle: 1.15, box: 1.25, toy: 1.15, pegs: 1.15, glassware: 1.2, bauble: 1.1, dome: 1.15,
};

/** Room details behind the piece (a window, wallpaper, panelling), for the larger listing pictures. */
function roomDetails(product, pal) {
  const r = seeded(hash(`${product.sku}/room`));
  let out = "";
  const kind = pick(r, ["window", "sprigs", "panels", "frame"]);
  if (kind === "window") {
    const x = r() < 0.5 ? 14 + r() * 20 : 166 - r() * 20, y = 16, w = 56, h = 70;
    out += rect({ x, y, width: w, height: h, rx: 3, fill: "#ffffff", opacity: 0.55 });
    out += path({ d: d`M${x + w / 2} ${y} V${y + h} M${x} ${y + h / 2} H${x + w}`, stroke: pal.dark, "stroke-opacity": 0.12, "stroke-width": 3 });
    out += rect({ x, y, width: w, height: h, rx: 3, fill: "none", stroke: pal.dark, "stroke-opacity": 0.12, "stroke-width": 3 });
    out += path({ d: d`M${x} ${y + h} L${x + w} ${y + h} L${x + w + 50} 150 L${x + 30} 150 Z`, fill: "#ffffff", opacity: 0.22 });
  } else if (kind === "sprigs") {
    for (let i = 0; i < 10; i++) {
      const x = 12 + (i % 5) * 52 + (Math.floor(i / 5) % 2) * 26, y = 24 + Math.floor(i / 5) * 56;
      out += path({ d: d`M${x} ${y + 10} q2 -8 0 -16 M${x} ${y + 2} q5 -4 7 -1 M${x} ${y + 6} q-5 -4 -7 -1`, fill: "none", stroke: pal.dark, "stroke-opacity": 0.1, "stroke-width": 1.6, "stroke-linecap": "round" });
    }
  } else if (kind === "panels") {
    let lines = "";
    for (let x = 16; x < 240; x += 26) lines += `M${num(x)} 96V150`;
    out += path({ d: lines, stroke: pal.dark, "stroke-opacity": 0.07, "stroke-width": 2 });
    out += rect({ x: 0, y: 92, width: 240, height: 5, fill: pal.dark, opacity: 0.07 });
  } else {
    const x = r() < 0.5 ? 20 + r() * 16 : 176 - r() * 16, y = 18 + r() * 16, w = 40, h = 50;
    out += line({ x1: x + w / 2, y1: y - 10, x2: x + 6, y2: y, stroke: pal.dark, "stroke-opacity": 0.15 });
    out += line({ x1: x + w / 2, y1: y - 10, x2: x + w - 6, y2: y, stroke: pal.dark, "stroke-opacity": 0.15 });
    out += rect({ x, y, width: w, height: h, fill: "#ffffff", opacity: 0.6, stroke: pal.dark, "stroke-opacity": 0.15, "stroke-width": 3 });
    out += path({ d: d`M${x + 8} ${y + h - 10} l8 -14 l6 8 l5 -6 l6 12 Z`, fill: pal.primary, opacity: 0.25 });
  }
  // the grain of the shelf the piece stands on
  for (let i = 0; i < 3; i++) {
    const y = 156 + i * 8 + r() * 3;
    out += path({ d: d`M0 ${y} q${60 + r() * 40} ${(r() - 0.5) * 6} 120 0 t120 0`, fill: "none", stroke: pal.dark, "stroke-opacity": 0.06, "stroke-width": 1.5 });
  }
  return out;
}

/** The product's picture: an inline SVG drawn from its type and craft, stable per SKU. */
export function productArt(product, className = "art", { room = false } = {}) {
  const r = seeded(hash(product.sku));
  const c = coloursFor(product, r);
  const shapeName = SHAPE_FOR_TYPE[product.tags[1]] ?? "vase";
  const pal = CRAFT[product.craft].palette;
  let back = rect({ width: 240, height: 180, fill: c.bg });
  const bx = 40 + r() * 160, by = 30 + r() * 80;
  back += pick(r, [
    () => circle({ cx: bx, cy: by, r: 56 + r() * 30, fill: pal.secondary, opacity: 0.35 }),
    () => path({ d: d`M${bx - 70} 180 V${by + 10} a70 70 0 0 1 140 0 V180 Z`, fill: pal.secondary, opacity: 0.3 }),
    () => rect({ x: 0, y: 118 + r() * 12, width: 240, height: 62, fill: pal.secondary, opacity: 0.3 }),
  ])();
  if (room) back += roomDetails(product, pal);
  back += rect({ x: 0, y: 150, width: 240, height: 30, fill: pal.dark, opacity: 0.06 });
  const scale = SHAPE_SCALE[shapeName] ?? 1;
  let drawing = SHAPES[shapeName](c, r, product);
  if (scale !== 1) drawing = g({ transform: `matrix(${scale} 0 0 ${scale} ${num(120 - 120 * scale)} ${num(150 - 150 * scale)})` }, drawing);
  return el("svg", { class: className, viewBox: "0 0 240 180", role: "img", "aria-label": product.name, focusable: "false" }, back + drawing);
}

