import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fakeDocument } from "./dom.test-helper.js";
import { readRouteData } from "./json.js";

describe("readRouteData", () => {
  it("parses the djangokit-data script", () => {
    const doc = fakeDocument({ "djangokit-data": '{"user": {"username": "ada"}, "n": [1, 2]}' });
    assert.deepEqual(readRouteData(doc), { user: { username: "ada" }, n: [1, 2] });
  });

  it("turns the server's \\u003c escapes back into <", () => {
    const doc = fakeDocument({ "djangokit-data": '{"html": "\\u003c/script\\u003e"}' });
    assert.deepEqual(readRouteData(doc), { html: "</script>" });
  });

  it("reads another element when given its id", () => {
    const doc = fakeDocument({ "djangokit-data": "1", other: '"two"' });
    assert.equal(readRouteData(doc, "other"), "two");
  });

  it("returns undefined when the page has no such element", () => {
    assert.equal(readRouteData(fakeDocument({})), undefined);
  });

  it("throws a SyntaxError naming the element for content that is not JSON", () => {
    const doc = fakeDocument({ "djangokit-data": "{not json" });
    assert.throws(() => readRouteData(doc), (error: unknown) => {
      assert.ok(error instanceof SyntaxError);
      assert.match(error.message, /#djangokit-data does not hold valid JSON/);
      assert.ok(error.cause instanceof SyntaxError);
      return true;
    });
  });

  it("throws for an empty element", () => {
    assert.throws(() => readRouteData(fakeDocument({ "djangokit-data": "" })), SyntaxError);
  });
});
