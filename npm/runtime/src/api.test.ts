import assert from "node:assert/strict";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, it } from "node:test";

import { ApiError, api, createApi, isSameOrigin } from "./api.js";

/** What the test server saw of one request. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let origin: string;

/** Replies by path, like a small DjangoKit app would; records every request first. */
function listen(): Promise<void> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      seen.push({
        method: req.method ?? "",
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const json = (status: number, data: unknown, type = "application/json") => {
        res.writeHead(status, { "Content-Type": type });
        res.end(JSON.stringify(data));
      };
      switch (path) {
        case "/notes":
          return json(200, [{ id: 1, title: "Hello" }]);
        case "/echo":
          return json(201, { received: Buffer.concat(chunks).toString() });
        case "/empty":
          res.writeHead(204);
          return res.end();
        case "/text":
          res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
          return res.end("plain words");
        case "/problem":
          return json(
            404,
            {
              type: "https://djangokit.org/problems/not-found",
              title: "Not Found",
              status: 404,
              detail: "No note 7.",
              instance: "/notes/7",
            },
            "application/problem+json",
          );
        case "/invalid":
          return json(400, { errors: { title: ["This field is required."] } });
        case "/lying-status":
          return json(409, { title: "Conflict", status: 200, detail: 42 });
        case "/html-error":
          res.writeHead(500, { "Content-Type": "text/html" });
          return res.end("<h1>Server Error (500)</h1>");
        default:
          return json(404, { title: "no such test route" });
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

function lastSeen(): Seen {
  const request = seen.at(-1);
  assert.ok(request, "the server saw no request");
  return request;
}

/** Rejects with the ApiError the promise rejects with, for closer inspection. */
async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail("the request succeeded");
}

const page = globalThis as { location?: unknown };

before(async () => {
  await listen();
  page.location = new URL(`${origin}/notes`); // the page the client runs on
});
after(() => {
  delete page.location;
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  seen.length = 0;
});

describe("api requests", () => {
  const client = createApi({ csrfToken: () => "tok-123" });

  it("GETs JSON without a CSRF token or a body", async () => {
    const notes = await client.get<{ id: number; title: string }[]>(`${origin}/notes`);
    assert.deepEqual(notes, [{ id: 1, title: "Hello" }]);
    const request = lastSeen();
    assert.equal(request.method, "GET");
    assert.equal(request.headers.accept, "application/json");
    assert.equal(request.headers["x-csrftoken"], undefined);
    assert.equal(request.headers["content-type"], undefined);
    assert.equal(request.body, "");
  });

  for (const method of ["post", "put", "patch", "delete"] as const) {
    it(`${method.toUpperCase()}s a JSON body with the CSRF token`, async () => {
      const reply = await client[method](`${origin}/echo`, { title: "Hi", tags: ["a"] });
      assert.deepEqual(reply, { received: '{"title":"Hi","tags":["a"]}' });
      const request = lastSeen();
      assert.equal(request.method, method.toUpperCase());
      assert.equal(request.headers["x-csrftoken"], "tok-123");
      assert.equal(request.headers["content-type"], "application/json");
      assert.equal(request.headers.accept, "application/json");
    });
  }

  it("sends no body and no Content-Type when the body is left out", async () => {
    await client.delete(`${origin}/echo`);
    const request = lastSeen();
    assert.equal(request.body, "");
    assert.equal(request.headers["content-type"], undefined);
    assert.equal(request.headers["x-csrftoken"], "tok-123");
  });

  it("sends FormData as multipart, not JSON", async () => {
    const form = new FormData();
    form.set("title", "Hi");
    await client.post(`${origin}/echo`, form);
    const request = lastSeen();
    assert.match(request.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/);
    assert.match(request.body, /name="title"\r\n\r\nHi\r\n/);
  });

  it("sends URLSearchParams as an urlencoded form", async () => {
    await client.put(`${origin}/echo`, new URLSearchParams({ title: "Hi there" }));
    const request = lastSeen();
    assert.match(request.headers["content-type"] ?? "", /^application\/x-www-form-urlencoded/);
    assert.equal(request.body, "title=Hi+there");
  });

  it("asks for the CSRF token at every request, as Django rotates it at login", async () => {
    let token: string | undefined = "before-login";
    const rotating = createApi({ csrfToken: () => token });
    await rotating.post(`${origin}/echo`, {});
    assert.equal(lastSeen().headers["x-csrftoken"], "before-login");
    token = "after-login";
    await rotating.post(`${origin}/echo`, {});
    assert.equal(lastSeen().headers["x-csrftoken"], "after-login");
    token = undefined;
    await rotating.post(`${origin}/echo`, {});
    assert.equal(lastSeen().headers["x-csrftoken"], undefined);
  });

  it("keeps the caller's headers", async () => {
    await client.post(`${origin}/echo`, {}, {
      headers: { Accept: "text/html", "X-CSRFToken": "mine", "X-DjangoKit-Data": "1" },
    });
    const request = lastSeen();
    assert.equal(request.headers.accept, "text/html");
    assert.equal(request.headers["x-csrftoken"], "mine");
    assert.equal(request.headers["x-djangokit-data"], "1");
  });

  it("passes same-origin credentials and the abort signal to fetch", async () => {
    const inits: RequestInit[] = [];
    const spying = createApi({
      fetch: (input, init) => {
        inits.push(init ?? {});
        return fetch(input, init);
      },
    });
    await spying.get(`${origin}/notes`);
    assert.equal(inits[0]?.credentials, "same-origin");

    const controller = new AbortController();
    controller.abort();
    await assert.rejects(spying.get(`${origin}/notes`, { signal: controller.signal }), {
      name: "AbortError",
    });
    assert.equal(inits[1]?.signal, controller.signal);
  });
});

describe("api responses", () => {
  it("resolves to undefined for an empty body", async () => {
    assert.equal(await api.get(`${origin}/empty`), undefined);
  });

  it("resolves to the text of a body that is not JSON", async () => {
    assert.equal(await api.get(`${origin}/text`), "plain words");
  });

  it("throws an ApiError carrying the problem document", async () => {
    const error = await apiError(api.get(`${origin}/problem`));
    assert.ok(error instanceof Error);
    assert.equal(error.name, "ApiError");
    assert.equal(error.status, 404);
    assert.equal(error.method, "GET");
    assert.equal(error.url, `${origin}/problem`);
    assert.deepEqual(error.problem, {
      type: "https://djangokit.org/problems/not-found",
      title: "Not Found",
      status: 404,
      detail: "No note 7.",
      instance: "/notes/7",
    });
    assert.equal(error.message, `GET ${origin}/problem failed with 404 Not Found: No note 7.`);
  });

  it("reads a plain JSON error body as problem extension members", async () => {
    const error = await apiError(createApi({ csrfToken: () => "t" }).post(`${origin}/invalid`, {}));
    assert.equal(error.status, 400);
    assert.deepEqual(error.problem, {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      errors: { title: ["This field is required."] },
    });
  });

  it("trusts the response's status and drops standard members of the wrong type", async () => {
    const error = await apiError(api.get(`${origin}/lying-status`));
    assert.deepEqual(error.problem, { type: "about:blank", title: "Conflict", status: 409 });
  });

  it("keeps only the status line of an error page that is not JSON", async () => {
    const error = await apiError(api.get(`${origin}/html-error`));
    assert.deepEqual(error.problem, {
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
    });
  });
});

describe("the default api", () => {
  const globals = globalThis as { document?: unknown; fetch: typeof fetch };
  const realFetch = globals.fetch;

  afterEach(() => {
    globals.fetch = realFetch;
    delete globals.document;
  });

  it("uses the global fetch of the moment it is called", async () => {
    const urls: string[] = [];
    globals.fetch = (input, init) => {
      urls.push(String(input));
      return realFetch(input, init);
    };
    await api.get(`${origin}/notes`);
    assert.deepEqual(urls, [`${origin}/notes`]);
  });

  it("takes the CSRF token from the document's cookie", async () => {
    globals.document = { cookie: "csrftoken=from-cookie", getElementById: () => null };
    await api.patch(`${origin}/echo`, { done: true });
    assert.equal(lastSeen().headers["x-csrftoken"], "from-cookie");
  });

  it("sends no CSRF token where there is no document", async () => {
    await api.put(`${origin}/echo`, {});
    assert.equal(lastSeen().headers["x-csrftoken"], undefined);
  });
});

describe("the CSRF token stays on the page's origin", () => {
  const sent: Headers[] = [];
  const client = createApi({
    csrfToken: () => "tok-123",
    fetch: async (_input, init) => {
      sent.push(new Headers(init?.headers));
      return new Response("{}", { headers: { "Content-Type": "application/json" } });
    },
  });
  const token = async (url: string): Promise<string | null> => {
    await client.post(url, {});
    return sent.at(-1)?.get("X-CSRFToken") ?? null;
  };

  it("goes to relative and same-origin URLs", async () => {
    assert.equal(await token("/api/notes"), "tok-123");
    assert.equal(await token("notes/1"), "tok-123");
    assert.equal(await token(`${origin}/api/notes`), "tok-123");
  });

  it("never goes to another origin", async () => {
    assert.equal(await token("https://evil.example/steal"), null);
    assert.equal(await token("//evil.example/steal"), null);
    assert.equal(await token(`${origin.replace("127.0.0.1", "localhost")}/api`), null);
    assert.equal(await token(`${origin.replace("http:", "https:")}/api`), null);
  });

  it("without a page, goes to relative URLs only", () => {
    const saved = page.location;
    delete page.location;
    try {
      assert.equal(isSameOrigin("/api/notes"), true);
      assert.equal(isSameOrigin("?page=2"), true);
      assert.equal(isSameOrigin("http://127.0.0.1/api"), false);
      assert.equal(isSameOrigin("//evil.example/x"), false);
      assert.equal(isSameOrigin("\\\\evil.example/x"), false);
    } finally {
      page.location = saved;
    }
  });
});
