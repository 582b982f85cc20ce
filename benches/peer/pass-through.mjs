// The floor of the load run: a worker that only forwards to the origin and streams the
// answer back, as every Worker in front of a shop must at least do.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return fetch(env.ORIGIN + url.pathname + url.search, { headers: request.headers, redirect: "manual" });
  },
};
