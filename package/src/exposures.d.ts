/** One exposure: a slot or listing the page shows with exposure marks. */
export interface Exposure {
  slot?: string;
  listing?: string;
  /** A variant id, `default` (a control arm or the holdout), `affinity` or `origin-order`. */
  variant: string;
  /** The decision's reason code (`stated-craft:glass`, `context:campaign`, `control`, …). */
  reason: string;
  /** The experiment (or `holdout`), when the shopper is in one. */
  experiment?: string;
  arm?: string;
}

/** A page's exposures, as the Shelfwise core reports them. */
export interface PageExposures {
  /** The `dataLayer` event name, when the config asks for pushes. */
  event: string | null;
  exposures: Exposure[];
}

/** The name of the events dispatched on `document`: `"shelfwise:exposure"`. */
export declare const EXPOSURE_EVENT: "shelfwise:exposure";

/** Delivers a page's exposures once the page is visible. */
export declare function dispatchExposures(report: PageExposures | undefined, doc?: Document): void;

/** Edge mode: reads and delivers the exposures the worker wrote into the page, once. */
export declare function reportPageExposures(doc?: Document): void;
