// Fail-open: when the origin is unreachable the shopper gets a clear 502, not an exception.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Miniflare } from "miniflare";
import { workerOptions } from "./harness.mjs";

async function closedPort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

test("an unreachable origin yields a clear 502", async () => {
  const mf = new Miniflare(workerOptions({ ORIGIN: `http://127.0.0.1:${await closedPort()}` }));
  try {
    const response = await mf.dispatchFetch("http://shop.test/", { headers: { accept: "text/html", cookie: "pz=AQnWAQECAgkIY2VyYW1pY3M" } });
    assert.equal(response.status, 502);
    assert.match(await response.text(), /could not be reached/);
  } finally {
    await mf.dispose();
  }
});
