// An origin that misbehaves on purpose, one route per fault, for the reliability tests.
import { createServer } from "node:http";
import { gzipSync, brotliCompressSync } from "node:zlib";

/** A small shop page using the demo config's slot and listing names. */
export function shopPage({ items = 6, filler = "" } = {}) {
  const crafts = ["glass", "ceramics", "prints", "textiles"];
  const list = Array.from({ length: items }, (_, i) => {
    const craft = crafts[i % crafts.length];
    return `<li data-pz-item="sku-${i}" data-pz-tags="${craft}" data-pz-price="${10 + (i % 90)}">Item ${i}</li>`;
  }).join("\n");
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>Faulty shop</title></head><body>\n` +
    `<section data-pz-slot="home-hero"><h1>Default hero</h1><template data-pz-variant="gift-guide"><h1>Gift guide</h1></template></section>\n` +
    filler +
    `<ul data-pz-listing="category">\n${list}\n</ul>\n</body></html>\n`
  );
}

const html = { "content-type": "text/html; charset=utf-8" };
export const HUGE_FILLER = "<p>Small-batch, handmade, and sent from the studio that made it.</p>\n".repeat(150_000);

/** The `Cookie` header of every request that reached the origin, in order. */
export const cookiesSeen = [];

const routes = {
  "/account": (req, res) => {
    // An account page: never to be stored, and rules for a CDN in front of the worker.
    res.writeHead(200, {
      ...html,
      "cache-control": "no-store, private",
      "cdn-cache-control": "max-age=600",
      "cloudflare-cdn-cache-control": "max-age=600",
      "surrogate-control": "max-age=600",
      expires: "Thu, 01 Dec 2099 16:00:00 GMT",
    });
    res.end(shopPage());
  },
  "/ok": (req, res) => {
    res.writeHead(200, { ...html, "cache-control": "public, max-age=300", etag: '"v1"', "last-modified": "Mon, 02 Nov 2026 10:00:00 GMT" });
    res.end(shopPage());
  },
  "/conditional": (req, res) => {
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
      return;
    }
    res.writeHead(200, { ...html, etag: '"v1"', "last-modified": "Mon, 02 Nov 2026 10:00:00 GMT" });
    res.end(shopPage());
  },
  "/range": (req, res) => {
    const body = Buffer.from(shopPage());
    const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (match) {
      const [start, end] = [Number(match[1]), Number(match[2])];
      res.writeHead(206, { ...html, "content-range": `bytes ${start}-${end}/${body.length}` });
      res.end(body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, html);
    res.end(body);
  },
  "/status/500": (req, res) => {
    res.writeHead(500, { ...html, "cache-control": "no-store" });
    res.end("<h1>The shop is having a moment</h1>");
  },
  "/slow": () => {
    // Never answers; the worker's timeout must.
  },
  "/gzip": (req, res) => {
    res.writeHead(200, { ...html, "content-encoding": "gzip" });
    res.end(gzipSync(shopPage()));
  },
  "/brotli": (req, res) => {
    res.writeHead(200, { ...html, "content-encoding": "br" });
    res.end(brotliCompressSync(shopPage()));
  },
  "/empty": (req, res) => {
    res.writeHead(200, html);
    res.end();
  },
  "/json": (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"data-pz-slot":"home-hero"}');
  },
  "/redirect": (req, res) => {
    res.writeHead(302, { location: "/ok" });
    res.end();
  },
  "/huge": (req, res) => {
    res.writeHead(200, html);
    const page = Buffer.from(shopPage({ filler: HUGE_FILLER }));
    let offset = 0;
    const pump = () => {
      while (offset < page.length) {
        const chunk = page.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        if (!res.write(chunk)) return res.once("drain", pump);
      }
      res.end();
    };
    pump();
  },
  "/many-items": (req, res) => {
    res.writeHead(200, html);
    res.end(shopPage({ items: 5000 }));
  },
  "/deep": (req, res) => {
    res.writeHead(200, html);
    res.end(`<!doctype html><body>${"<div>".repeat(20_000)}deep${"</div>".repeat(20_000)}</body>`);
  },
  "/malformed": (req, res) => {
    res.writeHead(200, html);
    res.end(`<section data-pz-slot="home-hero"><h1>Default<template data-pz-variant="gift-guide"><p>Gift <ul data-pz-listing="category"><li data-pz-item="a">A<li data-pz-item="b" data-pz-tags="glass">B</ul><div <<>> "'`);
  },
  "/truncated": (req, res) => {
    res.writeHead(200, { ...html, "content-length": "100000" });
    res.write(shopPage());
    setTimeout(() => res.destroy(), 50);
  },
};

/** Starts the faulty origin on a free loopback port. */
export async function startFaultyOrigin() {
  const server = createServer((req, res) => {
    cookiesSeen.push(req.headers.cookie ?? null);
    const route = routes[new URL(req.url, "http://x").pathname];
    if (route) route(req, res);
    else {
      res.writeHead(404, html);
      res.end("not found");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return server;
}
