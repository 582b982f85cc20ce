// The floor of any worker that streams a page through its own code: forward to the origin
// and hand each chunk of the body on, unchanged, from JavaScript. Every streaming rewriter
// (Shelfwise included) pays at least this over the plain pass-through, which never touches
// the body.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const origin = await fetch(env.ORIGIN + url.pathname + url.search, { headers: request.headers, redirect: "manual" });
    const reader = origin.body.getReader();
    const body = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    const headers = new Headers(origin.headers);
    headers.delete("content-length");
    return new Response(body, { status: origin.status, headers });
  },
};
