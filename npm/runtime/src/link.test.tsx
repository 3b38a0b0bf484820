// Link and NavLink prefetching in a browser (jsdom), inside a memory router, with the
// prefetcher that hydrate() provides replaced by one that records its calls.
import { $, click, dom, hover, waitFor } from "./browser.test-helper.js";

import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { type ReactNode, createRef } from "react";
import { type Root, createRoot } from "react-dom/client";
import { RouterProvider, createMemoryRouter } from "react-router-dom";

import { Link, NavLink, PrefetchContext, type Prefetcher } from "./link.js";

type Call = [string, string, boolean];
let calls: Call[];
let root: Root | undefined;
const prefetch: Prefetcher = ({ pathname, href }, data) => calls.push([pathname, href, data]);

async function show(element: ReactNode, initial = "/"): Promise<void> {
  const router = createMemoryRouter(
    [
      { path: "/", element },
      { path: "/section/page", element },
      { path: "*", element: <p id="elsewhere">elsewhere</p> },
    ],
    { initialEntries: [initial], basename: "/" },
  );
  document.body.innerHTML = '<div id="app"></div>';
  root = createRoot($("#app"));
  root.render(
    <PrefetchContext.Provider value={prefetch}>
      <RouterProvider router={router} />
    </PrefetchContext.Provider>,
  );
  await waitFor(() => $("#app").childElementCount > 0, "the links");
}

beforeEach(() => {
  calls = [];
});
afterEach(() => {
  root?.unmount();
  root = undefined;
});

describe("Link", () => {
  it("prefetches its target on hover, focus and touch, with its data", async () => {
    await show(
      <Link to="/notes/1?x=1#top" id="a">
        a
      </Link>,
    );
    hover($("#a"));
    ($("#a") as HTMLElement).focus();
    $("#a").dispatchEvent(new dom.window.TouchEvent("touchstart", { bubbles: true }));
    assert.deepEqual(calls, [
      ["/notes/1", "/notes/1?x=1#top", true],
      ["/notes/1", "/notes/1?x=1#top", true],
      ["/notes/1", "/notes/1?x=1#top", true],
    ]);
  });

  it("resolves a relative target against its route", async () => {
    await show(
      <Link to="../other" relative="path" id="a">
        a
      </Link>,
      "/section/page",
    );
    hover($("#a"));
    assert.deepEqual(calls, [["/section/other", "/section/other", true]]);
  });

  it("still calls the page's own handlers, and a prevented default stops the prefetch", async () => {
    const seen: string[] = [];
    await show(
      <Link
        to="/x"
        id="a"
        onMouseEnter={(event) => {
          seen.push("enter");
          event.preventDefault();
        }}
        onFocus={() => seen.push("focus")}
      >
        a
      </Link>,
    );
    hover($("#a"));
    ($("#a") as HTMLElement).focus();
    assert.deepEqual(seen, ["enter", "focus"]);
    assert.deepEqual(calls, [["/x", "/x", true]]);
  });

  it("does not prefetch with prefetch=none, reloadDocument or another site's URL", async () => {
    await show(
      <>
        <Link to="/a" prefetch="none" id="none">
          a
        </Link>
        <Link to="/b" reloadDocument id="reload">
          b
        </Link>
        <Link to="https://example.com/c" id="external">
          c
        </Link>
        <Link to="mailto:a@example.com" id="mail">
          d
        </Link>
      </>,
    );
    for (const id of ["#none", "#reload", "#external", "#mail"]) {
      hover($(id));
    }
    assert.deepEqual(calls, []);
  });

  it("loads the chunks (not the data) when rendered, with prefetch=render", async () => {
    await show(
      <Link to="/r" prefetch="render" id="a">
        a
      </Link>,
    );
    await waitFor(() => calls.length > 0, "the prefetch");
    assert.deepEqual(calls, [["/r", "/r", false]]);
  });

  it("loads the chunks once visible, with prefetch=viewport", async () => {
    const observers: { callback: IntersectionObserverCallback; disconnected: boolean }[] = [];
    Object.defineProperty(globalThis, "IntersectionObserver", {
      configurable: true,
      value: class {
        record: { callback: IntersectionObserverCallback; disconnected: boolean };
        constructor(callback: IntersectionObserverCallback) {
          this.record = { callback, disconnected: false };
          observers.push(this.record);
        }
        observe() {}
        disconnect() {
          this.record.disconnected = true;
        }
      },
    });
    try {
      await show(
        <Link to="/v" prefetch="viewport" id="a">
          a
        </Link>,
      );
      assert.equal(observers.length, 1);
      assert.deepEqual(calls, []);
      const entry = { isIntersecting: true } as IntersectionObserverEntry;
      observers[0]!.callback([entry], {} as IntersectionObserver);
      assert.deepEqual(calls, [["/v", "/v", false]]);
      assert.equal(observers[0]!.disconnected, true);
    } finally {
      delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
    }
  });

  it("passes its ref to the anchor and navigates like React Router's", async () => {
    const ref = createRef<HTMLAnchorElement>();
    await show(
      <Link to="/somewhere" ref={ref} id="a">
        a
      </Link>,
    );
    assert.equal(ref.current, $("#a"));
    click($("#a"));
    await waitFor(() => document.querySelector("#elsewhere") !== null, "the navigation");
  });
});

describe("NavLink", () => {
  it("prefetches and keeps the active state", async () => {
    await show(
      <>
        <NavLink to="/" id="home" className={({ isActive }) => (isActive ? "on" : "off")}>
          home
        </NavLink>
        <NavLink to="/n" id="n">
          n
        </NavLink>
      </>,
    );
    assert.equal($("#home").className, "on");
    assert.equal($("#home").getAttribute("aria-current"), "page");
    hover($("#n"));
    assert.deepEqual(calls, [["/n", "/n", true]]);
  });
});

describe("outside an app", () => {
  it("renders links that do not prefetch (server rendering)", async () => {
    const router = createMemoryRouter([
      {
        path: "/",
        element: (
          <Link to="/x" id="a">
            a
          </Link>
        ),
      },
    ]);
    document.body.innerHTML = '<div id="app"></div>';
    root = createRoot($("#app"));
    root.render(<RouterProvider router={router} />);
    await waitFor(() => document.querySelector("#a") !== null, "the link");
    hover($("#a"));
    assert.deepEqual(calls, []);
  });
});
