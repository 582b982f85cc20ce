// Oversized requests to the endpoints cost the worker no memory. A body is refused by its
// declared length before anything is read, and a chunked body (no declared length) is read
// only up to the 4 KiB limit: the isolate's memory (WebAssembly memory never shrinks, and
// a real isolate has 128 MB) stays flat after 60 MB posts. Prints the workerd process's
// resident memory before and after.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { workerOptions, BROWSER } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";
import { children, residentMiB } from "../support/process.mjs";

const SIXTY_MB = 60 * 1024 * 1024;
const ENDPOINTS = ["/__pz/prefs", "/__pz/signal", "/__pz/pause"];

let origin;
let mf;
let url;
let workerd;

before(async () => {
  origin = await startOrigin({ port: 0, root: "www" });
  const before = children();
  mf = new Miniflare({ ...workerOptions({ ORIGIN: `http://127.0.0.1:${origin.address().port}` }), host: "127.0.0.1", port: 0 });
  url = (await mf.ready).href.replace(/\/$/, "");
  workerd = [...children()].find((pid) => !before.has(pid));
  assert.ok(workerd, "the workerd process is found");
});

after(async () => {
  await mf?.dispose();
  await new Promise((done) => origin.close(done));
});

const HEADERS = {
  "user-agent": BROWSER,
  "sec-fetch-site": "same-origin",
  "content-type": "application/x-www-form-urlencoded",
};

/** A 60 MB form body sent in 64 KiB chunks, with no declared length. */
function chunkedBody() {
  const chunk = new TextEncoder().encode("kind=cart&keys=" + "a".repeat(64 * 1024 - 15));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= SIXTY_MB) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

/** Posts `body` and returns the answer, or the client-side error when the worker's early
 * answer cut the upload short (then nothing was stored either). */
async function post(path, init) {
  try {
    const response = await fetch(url + path, { method: "POST", redirect: "manual", headers: HEADERS, ...init });
    return { status: response.status, cacheControl: response.headers.get("cache-control"), setCookie: response.headers.get("set-cookie"), text: await response.text() };
  } catch (error) {
    return { error };
  }
}

test("60 MB posts, declared or chunked, are refused with 413 and leave memory flat", async () => {
  // Warm up: the module instantiated, a small form handled.
  const small = await post("/__pz/signal", { body: "kind=cart&keys=glass" });
  assert.equal(small.status, 204);
  const before = residentMiB(workerd);

  for (const path of ENDPOINTS) {
    const declared = await post(path, { body: new Uint8Array(SIXTY_MB).fill(97) });
    if (!declared.error) {
      assert.equal(declared.status, 413, `${path}, declared length`);
      assert.equal(declared.cacheControl, "no-store", path);
      assert.equal(declared.setCookie, null, path);
    }
    const chunked = await post(path, { body: chunkedBody(), duplex: "half" });
    if (!chunked.error) {
      assert.equal(chunked.status, 413, `${path}, chunked`);
      assert.equal(chunked.cacheControl, "no-store", path);
      assert.match(chunked.text, /larger than 4096 bytes/);
    }
    assert.ok(!declared.error || !chunked.error, `${path}: at least one answer arrived`);
  }

  const after = residentMiB(workerd);
  console.log(`workerd resident memory: ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB after six 60 MB posts`);
  assert.ok(after - before < 16, `memory grew by ${(after - before).toFixed(1)} MiB`);

  // The worker still answers normally afterwards.
  const again = await post("/__pz/signal", { body: "kind=cart&keys=glass" });
  assert.equal(again.status, 204);
});

test("a form within the limit still works when sent in chunks", async () => {
  const body = new ReadableStream({
    start(controller) {
      for (const part of ["for=gift&", "craft=ceramics&", "consent=yes&return=%2F"]) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  const answer = await post("/__pz/prefs", { body, duplex: "half" });
  assert.equal(answer.status, 303);
  assert.match(answer.setCookie ?? "", /^pz=/);
});
