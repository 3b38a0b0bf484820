import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isRouteErrorResponse } from "react-router-dom";

import {
  type Answer,
  actionValue,
  readAnswer,
  routeValue,
  toBasename,
} from "./protocol.js";
import { problemResponse, toProblem } from "./problem.js";

const url = "http://site.test/blog/hello";
const raw = (json: unknown, status = 200, statusText = "") => ({ status, statusText, json });

/** What `routeValue` throws, for inspection. */
function thrown(answer: Answer, id: string): unknown {
  try {
    routeValue(answer, id);
  } catch (error) {
    return error;
  }
  assert.fail("routeValue did not throw");
}

describe("readAnswer", () => {
  it("reads route data and completes the problems in errors", () => {
    const answer = readAnswer(
      raw({
        routes: { root: { a: 1 } },
        errors: { "blog/_slug": { status: 404, detail: "Gone." } },
      }),
      url,
    );
    assert.deepEqual(answer, {
      kind: "data",
      routes: { root: { a: 1 } },
      errors: {
        "blog/_slug": { type: "about:blank", title: "Not Found", status: 404, detail: "Gone." },
      },
    });
  });

  it("makes a redirect absolute against the request URL", () => {
    assert.deepEqual(readAnswer(raw({ redirect: "/login?next=/blog/hello" }), url), {
      kind: "redirect",
      location: "http://site.test/login?next=/blog/hello",
    });
    assert.deepEqual(readAnswer(raw({ redirect: "https://other.test/x" }), url), {
      kind: "redirect",
      location: "https://other.test/x",
    });
  });

  it("sends the browser to a URL that answers with something other than JSON", () => {
    assert.deepEqual(readAnswer(raw(undefined, 200), "http://site.test/admin/"), {
      kind: "document",
      location: "http://site.test/admin/",
    });
    assert.equal(readAnswer(raw(undefined, 404), url).kind, "document");
  });

  it("does not send the browser to the page it shows, which would reload forever", () => {
    const answer = readAnswer(raw(undefined, 200, "OK"), url, `${url}#comments`);
    assert.equal(answer.kind, "data"); // nothing for the routes, but no loop
    const failed = readAnswer(raw(undefined, 404, "Not Found"), url, url);
    assert.deepEqual(failed, {
      kind: "problem",
      problem: { type: "about:blank", title: "Not Found", status: 404 },
    });
  });

  it("shows a server error instead of navigating to the error page", () => {
    assert.deepEqual(readAnswer(raw(undefined, 502), url), {
      kind: "problem",
      problem: { type: "about:blank", title: "Bad Gateway", status: 502 },
    });
  });

  it("reads a JSON error outside the protocol as the problem of every route", () => {
    const problem = { type: "urn:x", title: "Forbidden", status: 403, detail: "No." };
    const answer = readAnswer(raw(problem, 403), url);
    assert.deepEqual(answer, { kind: "problem", problem });
    assert.deepEqual(thrown(answer, "root"), problemResponse(problem));
  });

  it("navigates to the loginUrl of a 401 in route data (a guarded page or layout)", () => {
    const unauthorized = { status: 401, title: "Unauthorized", loginUrl: "/login?next=/blog/hello" };
    const answer = readAnswer(
      raw({ routes: { "layout:root": {} }, errors: { "page:blog": unauthorized }, status: 401 }, 401),
      url,
    );
    assert.deepEqual(answer, {
      kind: "redirect",
      location: "http://site.test/login?next=/blog/hello",
    });
  });

  it("navigates to the loginUrl of a 401 problem outside the protocol", () => {
    const unauthorized = { status: 401, title: "Unauthorized", loginUrl: "/app/login?next=/x" };
    assert.deepEqual(readAnswer(raw(unauthorized, 401), url), {
      kind: "redirect",
      location: "http://site.test/app/login?next=/x",
    });
  });

  it("keeps a 401 without a same-origin loginUrl, and a 403, as route errors", () => {
    const elsewhere = { status: 401, title: "Unauthorized", loginUrl: "https://evil.test/" };
    assert.equal(readAnswer(raw(elsewhere, 401), url).kind, "problem");
    const plain = { status: 401, title: "Unauthorized" };
    assert.equal(readAnswer(raw(plain, 401), url).kind, "problem");
    const forbidden = { status: 403, title: "Forbidden", loginUrl: "/login" };
    const answer = readAnswer(raw({ routes: {}, errors: { "page:x": forbidden } }, 403), url);
    assert.equal(answer.kind, "data");
    assert.equal(isRouteErrorResponse(thrown(answer, "page:x")), true);
  });

  it("reads plain JSON that is not route data as no data", () => {
    assert.deepEqual(readAnswer(raw([1, 2]), url), { kind: "data", routes: {}, errors: {} });
  });
});

describe("routeValue", () => {
  const answer: Answer = {
    kind: "data",
    routes: { root: { site: "S" }, empty: null },
    errors: { broken: toProblem({ status: 500, detail: "Boom" }, 500) },
  };

  it("gives each route its data, null where it has none", () => {
    assert.deepEqual(routeValue(answer, "root"), { site: "S" });
    assert.equal(routeValue(answer, "empty"), null);
    assert.equal(routeValue({ ...answer, errors: {} }, "other"), null);
  });

  it("fails a route below the failed one with it: Django loaded nothing after it", () => {
    // The layout that failed keeps its old data in a navigation that does not reload it.
    assert.equal((thrown(answer, "other") as { status: number }).status, 500);
  });

  it("throws a route's problem as a route error response", () => {
    const error = thrown(answer, "broken");
    assert.ok(isRouteErrorResponse(error));
    assert.equal(error.status, 500);
    assert.equal(error.statusText, "Internal Server Error");
    assert.deepEqual(error.data, {
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "Boom",
    });
  });

  it("throws redirects as React Router redirect responses", () => {
    const redirect = thrown({ kind: "redirect", location: "http://site.test/login" }, "root");
    assert.ok(redirect instanceof Response);
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get("Location"), "http://site.test/login");
    const document = thrown({ kind: "document", location: "http://site.test/admin/" }, "root");
    assert.ok(document instanceof Response);
    assert.equal(document.headers.get("X-Remix-Reload-Document"), "true");
  });
});

describe("actionValue", () => {
  it("gives action data with the handler's status", () => {
    const value = actionValue(
      raw({ action: { errors: { title: ["Required."] } }, status: 400 }),
      url,
    );
    const { data, init } = value as { data: unknown; init: unknown };
    assert.deepEqual(data, { errors: { title: ["Required."] } });
    assert.deepEqual(init, { status: 400 });
  });

  it("turns {redirect} into an absolute redirect", () => {
    const value = actionValue(raw({ redirect: "." }), url);
    assert.ok(value instanceof Response);
    assert.equal(value.headers.get("Location"), "http://site.test/blog/");
  });

  it("redirects a 401 with loginUrl (a guarded mutation) to the login page", () => {
    const unauthorized = { status: 401, title: "Unauthorized", loginUrl: "/login?next=/blog/hello" };
    const value = actionValue(raw(unauthorized, 401), url);
    assert.ok(value instanceof Response);
    assert.equal(value.headers.get("Location"), "http://site.test/login?next=/blog/hello");
  });

  it("throws other failures as route errors", () => {
    assert.throws(
      () => actionValue(raw(undefined, 403, "Forbidden"), url),
      (error: unknown) => isRouteErrorResponse(error) && error.status === 403,
    );
  });
});

describe("toBasename", () => {
  it("accepts the prefix with or without slashes", () => {
    assert.equal(toBasename(""), undefined);
    assert.equal(toBasename("/"), undefined);
    assert.equal(toBasename(undefined), undefined);
    assert.equal(toBasename("app"), "/app");
    assert.equal(toBasename("/app/"), "/app");
    assert.equal(toBasename("a/b"), "/a/b");
  });
});
