import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { renderToString } from "react-dom/server";

import { SessionContext, createSession, useCsrfToken, useUser } from "./user.js";

describe("createSession", () => {
  it("starts anonymous, with no token, without route data", () => {
    const session = createSession();
    assert.deepEqual(session.user, {
      isAuthenticated: false,
      id: null,
      username: "",
      displayName: "",
      isStaff: false,
      isSuperuser: false,
    });
    assert.equal(session.csrfToken, "");
  });

  it("takes the user and the token from route data, extra fields included", () => {
    const session = createSession({
      user: { isAuthenticated: true, username: "ada", isStaff: true, email: "ada@example.com" },
      csrfToken: "t1",
      routes: {},
    });
    assert.deepEqual(session.user, {
      isAuthenticated: true,
      id: null,
      username: "ada",
      displayName: "",
      isStaff: true,
      isSuperuser: false,
      email: "ada@example.com",
    });
    assert.equal(session.user.email, "ada@example.com");
    assert.equal(session.csrfToken, "t1");
  });

  it("types every field of DjangoKit's user serializer", () => {
    const session = createSession({
      user: {
        isAuthenticated: true,
        id: 7,
        username: "ada",
        displayName: "Ada Lovelace",
        isStaff: false,
        isSuperuser: true,
      },
    });
    // Typed members, not `unknown`: `tsc --strict` (npm run typecheck) rejects this otherwise.
    const { id, displayName, isSuperuser } = session.user;
    const typed: [number | string | null, string, boolean] = [id, displayName, isSuperuser];
    assert.deepEqual(typed, [7, "Ada Lovelace", true]);
  });

  it("fills in what a custom serializer leaves out, and ignores what is not a user", () => {
    assert.deepEqual(createSession({ user: { username: "bob" } }).user, {
      isAuthenticated: false,
      id: null,
      username: "bob",
      displayName: "",
      isStaff: false,
      isSuperuser: false,
    });
    assert.equal(createSession({ user: ["x"] }).user.username, "");
    assert.equal(createSession({ user: null }).user.isAuthenticated, false);
  });

  it("tells its listeners about changes, and only about changes", () => {
    const session = createSession({ user: { isAuthenticated: false }, csrfToken: "a" });
    let calls = 0;
    const unsubscribe = session.subscribe(() => calls++);
    const before = session.user;
    session.update({ user: { isAuthenticated: false }, csrfToken: "a", routes: {} });
    assert.equal(calls, 0);
    assert.equal(session.user, before); // same user, same object: no re-render
    session.update({ routes: {} }); // an answer without a user keeps the one there is
    assert.equal(calls, 0);
    session.update({ user: { isAuthenticated: true, username: "ada" } });
    assert.equal(calls, 1);
    assert.equal(session.user.username, "ada");
    session.update({ csrfToken: "b" });
    assert.equal(calls, 2);
    session.update({ csrfToken: 42 });
    assert.equal(session.csrfToken, "b");
    unsubscribe();
    session.update({ user: null });
    assert.equal(calls, 2);
  });
});

describe("useUser and useCsrfToken", () => {
  function Who() {
    const user = useUser();
    return (
      <p>
        {user.isAuthenticated ? user.username : "anonymous"} {String(user.isStaff)} {useCsrfToken()}
      </p>
    );
  }

  it("read the app's session", () => {
    const session = createSession({
      user: { isAuthenticated: true, username: "ada", isStaff: true },
      csrfToken: "tok",
    });
    const html = renderToString(
      <SessionContext.Provider value={session}>
        <Who />
      </SessionContext.Provider>,
    );
    assert.equal(html, "<p>ada<!-- --> <!-- -->true<!-- --> <!-- -->tok</p>");
  });

  it("give an anonymous user outside any app", () => {
    assert.equal(renderToString(<Who />), "<p>anonymous<!-- --> <!-- -->false<!-- --> </p>");
  });
});
