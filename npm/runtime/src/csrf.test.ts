import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { getCsrfToken } from "./csrf.js";
import { fakeDocument } from "./dom.test-helper.js";

describe("getCsrfToken from a cookie string", () => {
  it("finds csrftoken among other cookies", () => {
    assert.equal(getCsrfToken("sessionid=s1; csrftoken=tok123; theme=dark"), "tok123");
  });

  it("does not take a cookie whose name merely ends in csrftoken", () => {
    assert.equal(getCsrfToken("xcsrftoken=wrong; csrftoken=right"), "right");
    assert.equal(getCsrfToken("xcsrftoken=wrong"), undefined);
  });

  it("decodes a percent-encoded value and keeps one that is not", () => {
    assert.equal(getCsrfToken("csrftoken=a%2Bb"), "a+b");
    assert.equal(getCsrfToken("csrftoken=100%"), "100%");
  });

  it("returns undefined for no cookie or an empty one", () => {
    assert.equal(getCsrfToken(""), undefined);
    assert.equal(getCsrfToken("csrftoken="), undefined);
  });

  it("reads the cookie named by cookieName", () => {
    const cookies = "csrftoken=default; mysite_csrf=custom";
    assert.equal(getCsrfToken(cookies, { cookieName: "mysite_csrf" }), "custom");
  });
});

describe("getCsrfToken from a document", () => {
  const data = { "djangokit-data": '{"csrfToken": "from-data"}' };

  it("prefers the cookie, which Django keeps current across logins", () => {
    assert.equal(getCsrfToken(fakeDocument(data, "csrftoken=from-cookie")), "from-cookie");
  });

  it("falls back to the route data when scripts cannot read the cookie", () => {
    assert.equal(getCsrfToken(fakeDocument(data, "sessionid=s1")), "from-data");
    assert.equal(getCsrfToken(fakeDocument(data)), "from-data");
  });

  it("reads route data from the element named by dataId", () => {
    const doc = fakeDocument({ mine: '{"csrfToken": "mine"}' });
    assert.equal(getCsrfToken(doc, { dataId: "mine" }), "mine");
  });

  it("returns undefined when neither source has a token", () => {
    assert.equal(getCsrfToken(fakeDocument({}, "")), undefined);
    assert.equal(getCsrfToken(fakeDocument({ "djangokit-data": '{"csrfToken": 7}' })), undefined);
    assert.equal(getCsrfToken(fakeDocument({ "djangokit-data": "null" })), undefined);
  });
});
