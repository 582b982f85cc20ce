// Oversized requests to the endpoints cost the worker no memory. A body is refused by its
// declared length before anything is read, and a chunked body (no declared length) is read
// only up to the 4 KiB limit: the isolate's memory (WebAssembly memory never shrinks, and
// a real isolate has 128 MB) stays flat after 60 MB posts. Prints the workerd process's
// resident memory before and after.
import { test, before, after } from "node:test";
import { connect } from "node:net";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { workerOptions, BROWSER } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";
import { children, residentMiB } from "../support/process.mjs";

const SIXTY_MB = 60 * 1024 * 1024;
const ENDPOINTS = ["/__pz/prefs", "/__pz/signal", "/__pz/pause", "/__pz/purposes"];

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

/**
 * Posts up to 60 MB to `path` in 64 KiB pieces over a plain socket, declaring the length
 * (`declared`) or sending it chunked, and stops sending as soon as the worker answers: the
 * answer has to come before the body is all there, or the worker would have been reading
 * it. (The worker then closes the connection with the body unread, which resets it: an
 * HTTP client library would report the reset and drop the answer, so the bytes are read
 * here as they arrive.) Resolves to the status, the headers (lower-case names), the text
 * and how much had been sent by then.
 */
async function postHuge(path, declared) {
  const socket = connect(Number(new URL(url).port), "127.0.0.1");
  await new Promise((connected, fail) => socket.once("connect", connected).once("error", fail));
  let received = "";
  let failure = null;
  socket.on("data", (data) => (received += data.toString("latin1")));
  socket.on("error", (error) => (failure = error));
  const answered = () => received.includes("\r\n\r\n");
  const head = Object.entries({ ...HEADERS, host: "shop.test" })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  const framing = declared ? `content-length: ${SIXTY_MB}\r\n` : "transfer-encoding: chunked\r\n";
  socket.write(`POST ${path} HTTP/1.1\r\n${head}${framing}\r\n`);
  const piece = Buffer.alloc(64 * 1024, "a");
  piece.write("kind=cart&keys=");
  const frame = declared
    ? piece
    : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
  let sent = 0;
  while (!answered() && failure === null && sent < SIXTY_MB) {
    sent += piece.length;
    const drained = socket.write(frame);
    await new Promise((next) => (drained ? setTimeout(next, 2) : socket.once("drain", next)));
  }
  // The whole answer: its headers, then the body its length announces.
  const deadline = Date.now() + 5000;
  const complete = () => {
    const split = received.indexOf("\r\n\r\n");
    const length = /content-length: (\d+)/i.exec(received.slice(0, split));
    return split >= 0 && length && received.length >= split + 4 + Number(length[1]);
  };
  while (!complete() && failure === null && Date.now() < deadline) await new Promise((next) => setTimeout(next, 5));
  socket.destroy();
  const split = received.indexOf("\r\n\r\n");
  assert.ok(split >= 0, `${path}: no answer (${failure?.message ?? "nothing received"})`);
  const [statusLine, ...lines] = received.slice(0, split).split("\r\n");
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  return { status: Number(statusLine.split(" ")[1]), headers, text: received.slice(split + 4), sent };
}

/** Posts a small form and returns the answer. */
async function post(path, init) {
  const response = await fetch(url + path, { method: "POST", redirect: "manual", headers: HEADERS, ...init });
  return { status: response.status, setCookie: response.headers.get("set-cookie"), text: await response.text() };
}

test("60 MB posts, declared or chunked, are refused with 413 and leave memory flat", async () => {
  // Warm up: the module instantiated, a small form handled.
  const small = await post("/__pz/signal", { body: "kind=cart&keys=glass" });
  assert.equal(small.status, 204);
  const before = residentMiB(workerd);

  const sentBeforeAnswer = [];
  for (const path of ENDPOINTS) {
    for (const declared of [true, false]) {
      const what = `${path}, ${declared ? "declared length" : "chunked"}`;
      const answer = await postHuge(path, declared);
      assert.equal(answer.status, 413, what);
      assert.equal(answer.headers["cache-control"], "no-store", what);
      assert.equal(answer.headers["set-cookie"], undefined, what);
      assert.match(answer.text, /larger than 4096 bytes/, what);
      assert.ok(answer.sent < SIXTY_MB, `${what}: answered before the whole body was sent`);
      sentBeforeAnswer.push(answer.sent);
    }
  }

  const after = residentMiB(workerd);
  const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `workerd resident memory: ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB after six 60 MB posts ` +
      `(answered after at most ${mib(Math.max(...sentBeforeAnswer))} MiB had been sent)`,
  );
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
