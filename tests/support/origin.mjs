// A small static origin for the demo shop: serves a folder (default `www/`) the way a
// plain shop server would, with directory indexes, content types and a 404 page.
// Usage: node tests/support/origin.mjs [--port 8788] [--root www]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

async function fileFor(root, urlPath) {
  let path;
  try {
    path = normalize(join(root, decodeURIComponent(urlPath)));
  } catch {
    return null;
  }
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const info = await stat(path);
    if (info.isDirectory()) path = join(path, "index.html");
    await stat(path);
    return path;
  } catch {
    return null;
  }
}

/**
 * Starts the origin; resolves to the listening server. `onRequest(req)` sees each request;
 * `headers(path)` may add response headers to a file's answer (a Content-Security-Policy).
 */
export async function startOrigin({ port = 8788, host = "127.0.0.1", root = "www", onRequest, headers } = {}) {
  const absoluteRoot = resolve(root);
  const server = createServer(async (req, res) => {
    onRequest?.(req);
    const url = new URL(req.url, "http://origin.invalid");
    const path = await fileFor(absoluteRoot, url.pathname);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
      res.end("Method not allowed\n");
      return;
    }
    if (path === null) {
      const notFound = await readFile(join(absoluteRoot, "404.html")).catch(() => Buffer.from("Not found\n"));
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(req.method === "HEAD" ? undefined : notFound);
      return;
    }
    const body = await readFile(path);
    res.writeHead(200, {
      "content-type": TYPES[extname(path)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "public, max-age=60",
      ...(headers?.(path) ?? {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg("--port", "8788"));
  const root = arg("--root", "www");
  const server = await startOrigin({ port, root });
  console.log(`demo shop origin: http://127.0.0.1:${server.address().port}/ (serving ${root}/)`);
}
