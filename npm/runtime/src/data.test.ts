import assert from "node:assert/strict";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, it } from "node:test";

import { PREFETCH_TTL, createDataClient } from "./data.js";
import { createSession } from "./user.js";

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let origin: string;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const path = req.url ?? "/";
      seen.push({ method: req.method ?? "", path, headers: req.headers, body });
      res.writeHead(200, { "Content-Type": "application/json" });
      if (req.method !== "GET") {
        return res.end(JSON.stringify({ action: { echo: body }, status: 201, csrfToken: "after" }));
      }
      const user = { isAuthenticated: true, username: `user-of-${path}`, isStaff: false };
      res.end(
        JSON.stringify({ routes: { root: { path } }, errors: null, user, csrfToken: "fresh" }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  seen.length = 0;
});

/** Waits until the server has seen `count` requests (a prefetch may still be on its way). */
async function requests(count: number): Promise<void> {
  for (let waited = 0; seen.length < count && waited < 2_000; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("DataClient.load", () => {
  it("GETs route data with the protocol's headers and same-origin cookies", async () => {
    const inits: RequestInit[] = [];
    const client = createDataClient({
      fetch: (input, init) => {
        inits.push(init ?? {});
        return fetch(input, init);
      },
    });
    const answer = await client.load(new Request(`${origin}/notes/1?x=1`));
    assert.deepEqual(answer, {
      kind: "data",
      routes: { root: { path: "/notes/1?x=1" } },
      errors: {},
    });
    assert.equal(seen[0]?.headers["x-djangokit-data"], "1");
    assert.equal(seen[0]?.headers.accept, "application/json");
    assert.equal(inits[0]?.credentials, "same-origin");
  });

  it("fetches once for all the loaders of one request", async () => {
    const client = createDataClient();
    const request = new Request(`${origin}/a`);
    await Promise.all([client.load(request), client.load(request), client.load(request)]);
    assert.equal(seen.length, 1);
    await client.load(new Request(`${origin}/a`)); // another navigation: another request
    assert.equal(seen.length, 2);
  });

  it("updates the session from each answer", async () => {
    const session = createSession({ csrfToken: "old" });
    const client = createDataClient({ session });
    await client.load(new Request(`${origin}/me`));
    assert.equal(session.user.username, "user-of-/me");
    assert.equal(session.user.isAuthenticated, true);
    assert.equal(session.csrfToken, "fresh");
  });

  it("passes the navigation's abort signal to fetch", async () => {
    const controller = new AbortController();
    controller.abort();
    const client = createDataClient();
    await assert.rejects(client.load(new Request(`${origin}/x`, { signal: controller.signal })), {
      name: "AbortError",
    });
  });
});

describe("DataClient.prefetch", () => {
  it("answers the next load of that URL from the prefetch, once", async () => {
    const client = createDataClient();
    client.prefetch(`${origin}/p`);
    client.prefetch(`${origin}/p`); // already under way
    const answer = await client.load(new Request(`${origin}/p`));
    assert.equal(answer.kind, "data");
    assert.equal(seen.length, 1);
    await client.load(new Request(`${origin}/p`));
    assert.equal(seen.length, 2);
  });

  it("is not used once older than the TTL", async () => {
    const client = createDataClient();
    client.prefetch(`${origin}/old`);
    const realNow = Date.now;
    Date.now = () => realNow() + PREFETCH_TTL + 1;
    try {
      await client.load(new Request(`${origin}/old`));
    } finally {
      Date.now = realNow;
    }
    await requests(2); // the stale prefetch still reaches the server; the load asked again
    assert.deepEqual(
      seen.map((s) => s.path),
      ["/old", "/old"],
    );
  });

  it("falls back to a fresh request when the prefetch failed", async () => {
    let calls = 0;
    const client = createDataClient({
      fetch: (input, init) =>
        calls++ === 0 ? Promise.reject(new TypeError("offline")) : fetch(input, init),
    });
    client.prefetch(`${origin}/flaky`);
    const answer = await client.load(new Request(`${origin}/flaky`));
    assert.equal(answer.kind, "data");
    assert.equal(calls, 2);
  });

  it("is dropped by a mutation, which may change the data", async () => {
    const client = createDataClient();
    client.prefetch(`${origin}/list`);
    await client.submit(new Request(`${origin}/list`, { method: "POST", body: "a=1" }));
    await client.load(new Request(`${origin}/list`));
    await requests(3); // the prefetch and the load both reached the server
    assert.deepEqual(seen.map((s) => s.method).sort(), ["GET", "GET", "POST"]);
  });
});

describe("DataClient.submit", () => {
  const session = createSession({ csrfToken: "session-token" });
  const client = createDataClient({ session });

  it("sends an urlencoded form with X-CSRFToken and X-DjangoKit-Data", async () => {
    const body = new URLSearchParams({ title: "Hi there", csrfmiddlewaretoken: "t" });
    const value = await client.submit(new Request(`${origin}/notes`, { method: "POST", body }));
    const request = seen[0]!;
    assert.equal(request.method, "POST");
    assert.equal(request.headers["x-csrftoken"], "session-token");
    assert.equal(request.headers["x-djangokit-data"], "1");
    assert.match(request.headers["content-type"] ?? "", /^application\/x-www-form-urlencoded/);
    assert.equal(request.body, "title=Hi+there&csrfmiddlewaretoken=t");
    const { data, init } = value as { data: unknown; init: unknown };
    assert.deepEqual(data, { echo: "title=Hi+there&csrfmiddlewaretoken=t" });
    assert.deepEqual(init, { status: 201 });
    assert.equal(session.csrfToken, "after");
  });

  it("keeps a multipart body and its boundary", async () => {
    const form = new FormData();
    form.set("title", "Hi");
    form.set("file", new Blob(["bytes"], { type: "text/plain" }), "a.txt");
    await client.submit(new Request(`${origin}/upload`, { method: "PUT", body: form }));
    const request = seen[0]!;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(
      request.headers["content-type"] ?? "",
    )?.[1];
    assert.ok(boundary);
    assert.match(
      request.body,
      new RegExp(`--${boundary}\\r\\nContent-Disposition: form-data; name="title"`),
    );
    assert.match(request.body, /filename="a.txt"\r\nContent-Type: text\/plain\r\n\r\nbytes\r\n/);
  });

  it("sends JSON as JSON (useSubmit with encType application/json)", async () => {
    const request = new Request(`${origin}/api`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ done: true }),
    });
    await client.submit(request);
    assert.equal(seen[0]?.method, "PATCH");
    assert.equal(seen[0]?.headers["content-type"], "application/json");
    assert.equal(seen[0]?.body, '{"done":true}');
  });

  it("sends DELETE without a body", async () => {
    await client.submit(new Request(`${origin}/notes/1`, { method: "DELETE" }));
    assert.equal(seen[0]?.method, "DELETE");
    assert.equal(seen[0]?.body, "");
    assert.equal(seen[0]?.headers["content-type"], undefined);
  });
});

describe("network.ts", () => {
  it("repeats the protocol's header and csrf.ts's cookie name exactly", async () => {
    const network = await import("./network.js");
    const protocol = await import("./protocol.js");
    const csrf = await import("./csrf.js");
    assert.equal(network.DATA_HEADER, protocol.DATA_HEADER);
    assert.equal(network.CSRF_COOKIE_NAME, csrf.CSRF_COOKIE_NAME);
  });
});
