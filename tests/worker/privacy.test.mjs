// Privacy rules enforced at the edge: Global Privacy Control, regional opt-in and the site's
// own consent cookie. Each promise is a test that fails if the promise is broken.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { configWithoutExperiments, listingItems, withWorker as withWorkerAt } from "./harness.mjs";
import { startOrigin } from "../support/origin.mjs";

let origin;
before(async () => {
  origin = await startOrigin({ port: 0, root: "www" });
});
after(async () => {
  await new Promise((done) => origin.close(done));
});

const withWorker = (config, run) => withWorkerAt(`http://127.0.0.1:${origin.address().port}`, config, run);

const form = (fields) => ({
  method: "POST",
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

/** Posts the preference form; the shopper ticks learning from browsing unless `fields` says otherwise. */
async function answer(fetch, fields, extra = {}) {
  const init = form({ interests: "yes", ...fields });
  const response = await fetch("/__pz/prefs", { ...init, ...extra, headers: { ...init.headers, ...(extra.headers ?? {}) } });
  await response.arrayBuffer();
  return { response, cookie: response.headers.get("set-cookie")?.split(";")[0] ?? null };
}

test("in an opt-in region nothing is stored until the shopper ticks the consent box", async () => {
  await withWorker(configWithoutExperiments(), async (fetch) => {
    const germany = { cf: { country: "DE" } };
    const refused = await answer(fetch, { for: "gift", craft: "glass" }, germany);
    assert.equal(refused.response.status, 303);
    assert.equal(refused.cookie, null);
    assert.equal(refused.response.headers.get("x-pz-recorded"), "no");
    const agreed = await answer(fetch, { for: "gift", craft: "glass", consent: "yes" }, germany);
    assert.match(agreed.cookie, /^pz=/);
    const elsewhere = await answer(fetch, { for: "gift" }, { cf: { country: "US" } });
    assert.match(elsewhere.cookie, /^pz=/, "outside opt-in regions answering is the opt-in");
  });
});

test("sensitive tags are never stored, so never shown back or ranked on", async () => {
  await withWorker(configWithoutExperiments(), async (fetch) => {
    const { cookie } = await answer(fetch, { for: "self", craft: "glass" }, { cf: { country: "US" } });
    const signal = await fetch("/__pz/signal", {
      ...form({ kind: "wishlist", keys: "pregnancy-test,hiv-selftest,halal,mug" }),
      headers: { ...form({}).headers, cookie },
    });
    assert.equal(signal.status, 204);
    const updated = signal.headers.get("set-cookie").split(";")[0];
    const report = JSON.parse(await (await fetch("/__pz/profile", { headers: { cookie: updated } })).text());
    const keys = report.profile.affinities.map((a) => a.key);
    assert.ok(keys.includes("mug"), JSON.stringify(keys));
    for (const sensitive of ["pregnancy-test", "hiv-selftest", "halal"]) {
      assert.ok(!keys.includes(sensitive), `${sensitive} stored`);
      assert.ok(!JSON.stringify(report).includes(sensitive), `${sensitive} shown back`);
    }
  });
});

test("a country the platform cannot tell counts as one where opt-in is required", async () => {
  await withWorker(configWithoutExperiments(), async (fetch) => {
    for (const country of ["XX", "T1"]) {
      const refused = await answer(fetch, { for: "gift" }, { cf: { country } });
      assert.equal(refused.cookie, null, country);
      assert.equal(refused.response.headers.get("x-pz-recorded"), "no", country);
      const agreed = await answer(fetch, { for: "gift", consent: "yes" }, { cf: { country } });
      assert.match(agreed.cookie, /^pz=/, country);
    }
  });
  // A shop that owes opt-in everywhere.
  const everywhere = JSON.parse(configWithoutExperiments());
  everywhere.privacy = { ...everywhere.privacy, opt_in_everywhere: true };
  await withWorker(JSON.stringify(everywhere), async (fetch) => {
    const refused = await answer(fetch, { for: "gift" }, { cf: { country: "US" } });
    assert.equal(refused.cookie, null);
  });
});

test("Global Privacy Control: only stated answers are used, nothing is inferred or counted", async () => {
  await withWorker(configWithoutExperiments(), async (fetch) => {
    const { cookie } = await answer(fetch, { for: "self", craft: "glass" });
    const gpc = { "sec-gpc": "1" };
    // Views and signals record nothing.
    const view = await fetch("/product/cer-001/", { headers: { cookie, ...gpc } });
    await view.arrayBuffer();
    assert.equal(view.headers.get("set-cookie"), null);
    const signal = await fetch("/__pz/signal", { ...form({ kind: "cart", keys: "ceramics" }), headers: { ...form({}).headers, cookie, ...gpc } });
    assert.equal(signal.status, 204);
    assert.equal(signal.headers.get("x-pz-recorded"), "no");
    assert.equal(signal.headers.get("set-cookie"), null);
    // Showings of a frequency-capped variant are behavioural too: under GPC none is counted
    // (no Set-Cookie, however often the home page is seen), and the capped gift guide, whose
    // cap could not be kept, gives way to the next eligible variant.
    const gifter = (await answer(fetch, { for: "gift" })).cookie;
    for (let i = 0; i < 4; i++) {
      const page = await fetch("/", { headers: { cookie: gifter, ...gpc } });
      const html = await page.text();
      assert.equal(page.headers.get("set-cookie"), null, "nothing counted under GPC");
      assert.doesNotMatch(html, /data-pz-slot="home-hero"[^>]*data-pz-shown="gift-guide"/);
    }
    // Stated answers still personalize.
    const home = await (await fetch("/", { headers: { cookie, ...gpc } })).text();
    assert.match(home, /data-pz-slot="home-hero"[^>]*data-pz-shown="glass-spotlight"/);

    // Inferred interest is ignored: a shopper who only browsed ceramics is not treated as a
    // ceramics lover while GPC is on.
    let browsing = (await answer(fetch, { for: "self" })).cookie;
    for (const sku of ["cer-001", "cer-002", "cer-003", "cer-004"]) {
      const response = await fetch(`/product/${sku}/`, { headers: { cookie: browsing } });
      await response.arrayBuffer();
      browsing = response.headers.get("set-cookie")?.split(";")[0] ?? browsing;
    }
    const withoutGpc = await (await fetch("/", { headers: { cookie: browsing } })).text();
    assert.match(withoutGpc, /data-pz-slot="featured-collection"[^>]*data-pz-shown="ceramics-collection"/);
    const withGpc = await (await fetch("/", { headers: { cookie: browsing, ...gpc } })).text();
    assert.doesNotMatch(withGpc, /data-pz-slot="featured-collection"[^>]*data-pz-shown="ceramics-collection"/);
    const listing = listingItems(await (await fetch("/category/all/", { headers: { cookie: browsing, ...gpc } })).text());
    const origin_ = listingItems((await (await fetch("/category/all/")).text()));
    assert.deepEqual(listing.map((i) => i.sku), origin_.map((i) => i.sku), "no ranking from inferred interest");
  });
});

test("the site's consent cookie: without personalization consent nothing is personalized or stored", async () => {
  const config = JSON.parse(configWithoutExperiments());
  config.privacy = { consent_cookie: { name: "shop_consent", essential: ["necessary"], personalization: ["all"] } };
  await withWorker(JSON.stringify(config), async (fetch) => {
    const origin_ = await (await fetch("/")).text();
    const denied = await answer(fetch, { for: "gift", craft: "glass", consent: "yes" }, { headers: { cookie: "shop_consent=necessary" } });
    assert.equal(denied.cookie, null);
    const granted = await answer(fetch, { for: "gift", craft: "glass" }, { headers: { cookie: "shop_consent=all" } });
    assert.match(granted.cookie, /^pz=/);
    const withConsent = await (await fetch("/", { headers: { cookie: `shop_consent=all; ${granted.cookie}` } })).text();
    assert.match(withConsent, /data-pz-shown="gift-guide"/);
    for (const consent of ["shop_consent=necessary", ""]) {
      const cookie = [consent, granted.cookie].filter(Boolean).join("; ");
      const response = await fetch("/product/gls-001/", { headers: { cookie } });
      await response.arrayBuffer();
      // Consent withdrawn: nothing is recorded, and the stored profile is erased.
      assert.match(response.headers.get("set-cookie") ?? "", /^pz=; Max-Age=0/, consent);
      assert.equal(await (await fetch("/", { headers: { cookie } })).text(), origin_, consent);
    }
  });
});

test("pausing from the privacy centre keeps the answers but stops personalizing and recording", async () => {
  await withWorker(configWithoutExperiments(), async (fetch) => {
    const { cookie } = await answer(fetch, { for: "gift", craft: "ceramics" });
    const before = await (await fetch("/__pz/profile", { headers: { cookie } })).json();
    assert.equal(before.paused, false);
    assert.deepEqual(
      before.decisions.find((d) => d.slot === "home-hero"),
      { slot: "home-hero", listing: false, variant: "gift-guide", because: "Because you told us you're shopping for a gift" },
    );
    const pause = async (cookieNow, paused) => {
      const response = await fetch("/__pz/pause", { ...form({ paused, return: "/privacy/" }), headers: { ...form({}).headers, cookie: cookieNow } });
      await response.arrayBuffer();
      assert.equal(response.status, 303);
      assert.equal(new URL(response.headers.get("location")).pathname, "/privacy/");
      return response.headers.get("set-cookie").split(";")[0];
    };
    const paused = await pause(cookie, "yes");
    const home = await fetch("/", { headers: { cookie: paused } });
    const html = await home.text();
    assert.doesNotMatch(html, /data-pz-shown=/, "a paused shopper sees everyone's page");
    assert.equal(home.headers.get("set-cookie"), null, "and nothing is recorded");
    const signal = await fetch("/__pz/signal", { ...form({ kind: "cart", keys: "glass" }), headers: { ...form({}).headers, cookie: paused } });
    assert.equal(signal.headers.get("x-pz-recorded"), "no");
    const report = await (await fetch("/__pz/profile", { headers: { cookie: paused } })).json();
    const facts = report.facts.map((f) => f.text).join(" | ");
    assert.match(facts, /gift/i, "the answers are kept");
    assert.match(facts, /paused/);
    assert.equal(report.paused, true);
    assert.deepEqual(report.decisions, [], "nothing is decided while paused");

    const resumed = await pause(paused, "no");
    assert.match(await (await fetch("/", { headers: { cookie: resumed } })).text(), /data-pz-slot="home-hero"[^>]*data-pz-shown="gift-guide"/);
    // Without a profile there is nothing to pause, and nothing is written.
    const none = await fetch("/__pz/pause", form({ paused: "yes" }));
    assert.equal(none.status, 303);
    assert.equal(none.headers.get("set-cookie"), null);
    assert.equal((await fetch("/__pz/pause", form({ paused: "perhaps" }))).status, 400);
  });
});
