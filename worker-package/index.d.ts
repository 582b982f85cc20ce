/** The version of Shelfwise inside this package. */
export declare const version: string;

/** A Cloudflare Worker module's default export. */
export interface ShelfwiseWorker {
  fetch(request: Request, env: Record<string, unknown>, ctx: unknown): Promise<Response>;
}

/**
 * The worker for the shop's site config (the parsed `shelfwise.config.json`, or its text).
 * An invalid config is never applied: pages pass through unchanged and the worker logs why.
 */
export declare function shelfwise(options: { config: object | string }): ShelfwiseWorker;

export default shelfwise;
