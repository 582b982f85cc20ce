#!/usr/bin/env node
// Writes tests/data/consent-vectors.json: consent values made by the IAB's own reference
// libraries (@iabtcf/core for TC strings, @iabgpp/cmpapi for GPP strings) and by the
// documented cookie formats of OneTrust and Cookiebot, each with the config that reads it
// and what Shelfwise must make of it. The same file is run natively (tests/consent.rs), in
// workerd (tests/worker/consent-platforms.test.mjs) and in the package
// (tests/package/package.test.mjs).
//
//   node tests/consent/generate.mjs           write the file
//   node tests/consent/generate.mjs --check   exit 1 if the file differs from what the libraries make now
import * as tcf from "@iabtcf/core";
import * as gpp from "@iabgpp/cmpapi";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const out = resolve(dirname(fileURLToPath(import.meta.url)), "../data/consent-vectors.json");

// A small Global Vendor List: the reference encoder needs one, and the shop is vendor 755.
const purposes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i + 1, { id: i + 1, name: `Purpose ${i + 1}`, description: "" }]));
const vendor = (id) => ({ id, name: `Vendor ${id}`, purposes: [1, 5, 6, 8], legIntPurposes: [], flexiblePurposes: [], specialPurposes: [], features: [], specialFeatures: [], policyUrl: "" });
const GVL_JSON = {
  gvlSpecificationVersion: 3,
  vendorListVersion: 200,
  tcfPolicyVersion: 5,
  lastUpdated: "2026-11-01T00:00:00Z",
  purposes,
  specialPurposes: {},
  features: {},
  specialFeatures: {},
  vendors: { 755: vendor(755), 1000: vendor(1000) },
  stacks: {},
  dataCategories: {},
};
// Fixed dates, so the strings do not change from run to run.
const DATE = new Date("2026-11-30T10:00:00Z");

/** A TC string from the reference encoder. */
function tcString({ purposes: granted = [], vendors = [], publisher = [] }) {
  const model = new tcf.TCModel(new tcf.GVL(structuredClone(GVL_JSON)));
  model.cmpId = 10;
  model.cmpVersion = 1;
  model.isServiceSpecific = true;
  model.created = DATE;
  model.lastUpdated = DATE;
  model.purposeConsents.set(granted);
  model.vendorConsents.set(vendors);
  model.publisherConsents.set(publisher);
  return tcf.TCString.encode(model);
}

/** A GPP string from the reference encoder: `fields` is { section: { field: value } }. */
function gppString(fields) {
  const model = new gpp.GppModel();
  for (const [section, values] of Object.entries(fields)) {
    for (const [field, value] of Object.entries(values)) model.setFieldValue(section, field, value);
  }
  return model.encode();
}

const flags = (numbers) => Array.from({ length: 24 }, (_, i) => numbers.includes(i + 1));

const ALL = { answers: true, interests: true, measurement: true };
const ANSWERS = { answers: true, interests: false, measurement: false };
const NONE = { answers: false, interests: false, measurement: false };

const TCF = { consent_platforms: { tcf: {} } };
const GPP = { consent_platforms: { gpp: {} } };
const ONETRUST = { consent_platforms: { onetrust: { answers: ["C0003"], interests: ["C0003", "C0004"], measurement: ["C0002"], statistics: ["C0002"] } } };
const COOKIEBOT = { consent_platforms: { cookiebot: { answers: ["preferences"], interests: ["preferences", "marketing"], measurement: ["statistics"], statistics: ["statistics"] } } };
const onetrustValue = (groups) =>
  new URLSearchParams({ isGpcEnabled: "0", datestamp: "Mon Nov 30 2026 10:00:00 GMT+0100", version: "202409.1.0", groups, geolocation: "DE;BE", AwaitingReconsent: "false" }).toString();
const cookiebotValue = (categories) =>
  encodeURIComponent(`{stamp:'k9wC2Wl0u1Q==',necessary:true,${Object.entries(categories).map(([k, v]) => `${k}:${v}`).join(",")},method:'explicit',ver:1,utc:1764496800000,region:'de'}`).replace(/%3A/g, ":");

const vectors = [
  // TCF v2.2: the purposes Shelfwise reads are 1 (answers), 1+5+6 (interests), 1+8 (measurement).
  { name: "tcf: purposes 1, 5, 6 and 8", privacy: TCF, cookie: ["euconsent-v2", tcString({ purposes: [1, 5, 6, 8], vendors: [755] })], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "tcf: purpose 1 only", privacy: TCF, cookie: ["euconsent-v2", tcString({ purposes: [1] })], expect: { allowed: ANSWERS, statistics: false, opted_out: false } },
  { name: "tcf: purposes 1, 5 and 6", privacy: TCF, cookie: ["euconsent-v2", tcString({ purposes: [1, 5, 6] })], expect: { allowed: { ...ANSWERS, interests: true }, statistics: false, opted_out: false } },
  { name: "tcf: purpose 5 without storage (1) allows nothing", privacy: TCF, cookie: ["euconsent-v2", tcString({ purposes: [5, 6, 8] })], expect: { allowed: NONE, statistics: false, opted_out: false } },
  { name: "tcf: every purpose refused", privacy: TCF, cookie: ["euconsent-v2", tcString({})], expect: { allowed: NONE, statistics: false, opted_out: false } },
  { name: "tcf: the shop's vendor has consent", privacy: { consent_platforms: { tcf: { vendor_id: 755 } } }, cookie: ["euconsent-v2", tcString({ purposes: [1, 5, 6, 8], vendors: [755] })], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "tcf: the shop's vendor has none", privacy: { consent_platforms: { tcf: { vendor_id: 755 } } }, cookie: ["euconsent-v2", tcString({ purposes: [1, 5, 6, 8], vendors: [1000] })], expect: { allowed: NONE, statistics: false, opted_out: false } },
  { name: "tcf: the publisher's own purposes", privacy: { consent_platforms: { tcf: { publisher_purposes: true } } }, cookie: ["euconsent-v2", tcString({ purposes: [], publisher: [1, 5, 6] })], expect: { allowed: { ...ANSWERS, interests: true }, statistics: false, opted_out: false } },
  { name: "tcf: a cookie of another name", privacy: { consent_platforms: { tcf: { cookie: "shop-tcf" } } }, cookie: ["shop-tcf", tcString({ purposes: [1] })], expect: { allowed: ANSWERS, statistics: false, opted_out: false } },
  { name: "tcf: a broken string allows nothing", privacy: TCF, cookie: ["euconsent-v2", "CQuf10AQuf10A!!"], expect: { allowed: NONE, statistics: false, opted_out: false } },
  { name: "tcf: configured but absent allows nothing", privacy: TCF, cookie: null, expect: { allowed: NONE, statistics: false, opted_out: false } },
  // GPP: the EU section as TCF; a US opt-out counts as Global Privacy Control.
  { name: "gpp: EU section with purposes 1, 5, 6 and 8", privacy: GPP, cookie: ["__gpp", gppString({ tcfeuv2: { PurposeConsents: flags([1, 5, 6, 8]), VendorConsents: [755] } })], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "gpp: EU section with purpose 1 only", privacy: GPP, cookie: ["__gpp", gppString({ tcfeuv2: { PurposeConsents: flags([1]) } })], expect: { allowed: ANSWERS, statistics: false, opted_out: false } },
  { name: "gpp: national opt-out of sale", privacy: GPP, cookie: ["__gpp", gppString({ usnat: { SaleOptOutNotice: 1, SaleOptOut: 1 } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: national, no opt-out", privacy: GPP, cookie: ["__gpp", gppString({ usnat: { SaleOptOutNotice: 1, SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2 } })], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "gpp: national opt-out of targeted advertising", privacy: GPP, cookie: ["__gpp", gppString({ usnat: { TargetedAdvertisingOptOut: 1 } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: California opt-out of sharing", privacy: GPP, cookie: ["__gpp", gppString({ usca: { SharingOptOut: 1 } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: Virginia opt-out of targeted advertising", privacy: GPP, cookie: ["__gpp", gppString({ usva: { TargetedAdvertisingOptOut: 1 } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: Utah opt-out of sale", privacy: GPP, cookie: ["__gpp", gppString({ usut: { SaleOptOut: 1 } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: Maryland opt-out of targeted advertising", privacy: GPP, cookie: ["__gpp", gppString({ usmd: { TargetedAdvertisingOptOut: 1 } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: Texas, no opt-out", privacy: GPP, cookie: ["__gpp", gppString({ ustx: { SaleOptOut: 2, TargetedAdvertisingOptOut: 2 } })], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "gpp: the US Privacy string, opted out of sale", privacy: GPP, cookie: ["__gpp", gppString({ uspv1: { Notice: "Y", OptOutSale: "Y", LspaCovered: "N" } })], expect: { allowed: ALL, statistics: true, opted_out: true } },
  { name: "gpp: EU and California together", privacy: GPP, cookie: ["__gpp", gppString({ tcfeuv2: { PurposeConsents: flags([1, 5, 6]) }, usca: { SaleOptOut: 1 } })], expect: { allowed: { ...ANSWERS, interests: true }, statistics: false, opted_out: true } },
  { name: "gpp: a broken header allows nothing", privacy: GPP, cookie: ["__gpp", "XYZ~~"], expect: { allowed: NONE, statistics: false, opted_out: false } },
  // OneTrust and Cookiebot, in their documented cookie formats.
  { name: "onetrust: functional, targeting and performance accepted", privacy: ONETRUST, cookie: ["OptanonConsent", onetrustValue("C0001:1,C0002:1,C0003:1,C0004:1")], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "onetrust: functional only", privacy: ONETRUST, cookie: ["OptanonConsent", onetrustValue("C0001:1,C0002:0,C0003:1,C0004:0")], expect: { allowed: ANSWERS, statistics: false, opted_out: false } },
  { name: "onetrust: strictly necessary only", privacy: ONETRUST, cookie: ["OptanonConsent", onetrustValue("C0001:1,C0002:0,C0003:0,C0004:0")], expect: { allowed: NONE, statistics: false, opted_out: false } },
  { name: "cookiebot: preferences, statistics and marketing", privacy: COOKIEBOT, cookie: ["CookieConsent", cookiebotValue({ preferences: true, statistics: true, marketing: true })], expect: { allowed: ALL, statistics: true, opted_out: false } },
  { name: "cookiebot: preferences only", privacy: COOKIEBOT, cookie: ["CookieConsent", cookiebotValue({ preferences: true, statistics: false, marketing: false })], expect: { allowed: ANSWERS, statistics: false, opted_out: false } },
  { name: "cookiebot: declined", privacy: COOKIEBOT, cookie: ["CookieConsent", cookiebotValue({ preferences: false, statistics: false, marketing: false })], expect: { allowed: NONE, statistics: false, opted_out: false } },
  { name: "cookiebot: no consent needed here", privacy: COOKIEBOT, cookie: ["CookieConsent", "-1"], expect: { allowed: ALL, statistics: true, opted_out: false } },
];

// The reference decoders agree with what the vectors were made from.
for (const vector of vectors) {
  const [name, value] = vector.cookie ?? [];
  if (name === "euconsent-v2" && !value.includes("!")) tcf.TCString.decode(value);
}

const text = `${JSON.stringify({ about: "Consent values made by the IAB reference libraries (@iabtcf/core, @iabgpp/cmpapi) and the documented OneTrust and Cookiebot cookie formats, with the `privacy` config that reads each and what it allows: `allowed` (Shelfwise's purposes), `statistics` (exposure events) and `opted_out` (a US opt-out, read as Global Privacy Control). Written by tests/consent/generate.mjs.", vectors }, null, 1)}\n`;
if (process.argv.includes("--check")) {
  if (readFileSync(out, "utf8") !== text) {
    console.error("tests/data/consent-vectors.json differs from what the reference libraries make: run node tests/consent/generate.mjs");
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log(`Wrote ${vectors.length} consent vectors.`);
}
