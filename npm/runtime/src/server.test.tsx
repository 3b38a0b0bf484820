import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import {
  anonymous,
  imported,
  manifest,
  manifestWithRootError,
  notFound,
  routeData,
} from "./app.test-helper.js";
import type { RouteManifestEntry } from "./manifest.js";
import { renderPage } from "./server.js";

const render = (url: string, data = routeData(url)) =>
  renderPage({ routes: manifest, notFound, url, data });

beforeEach(() => {
  imported.length = 0;
});

describe("renderPage", () => {
  it("renders the nested layout, the page and their data", async () => {
    const page = await render("/");
    assert.equal(page.status, 200);
    assert.match(page.html, /<div id="layout">/);
    assert.match(page.html, /<span id="site">Test site<\/span>/);
    assert.match(page.html, /<span id="user">anonymous<\/span>/);
    assert.match(page.html, /<main><h1 id="home">/);
    assert.match(page.html, /<a [^>]*href="\/notes\/1"[^>]*>Note 1<\/a>/);
  });

  it("escapes data that looks like markup, </script> included", async () => {
    const page = await render("/");
    assert.match(page.html, /<h1 id="home">Hello &lt;\/script&gt;&lt;b&gt;<\/h1>/);
    assert.doesNotMatch(page.html, /<\/script>|<b>/);
  });

  it("gives a dynamic page its params, its data and the layout's data", async () => {
    const page = await render("/notes/7?tab=1");
    assert.match(page.html, /<article id="note" data-id="7"><h1>Note 7<\/h1><p>Body 7<\/p>/);
    assert.match(page.html, /<small id="note-site">Test site<\/small>/);
  });

  it("gives useLayoutData a layout's data by router id or directory id", async () => {
    const page = await render("/blog/hello");
    assert.match(page.html, /<h2 id="post">Hello<!-- --> in <!-- -->Blog<small/);
    assert.match(page.html, /<small id="post-layouts">Blog of Test site<\/small>/);
  });

  it("turns the matched routes' meta into head tags, the deepest title winning", async () => {
    const page = await render("/notes/7");
    assert.equal(
      page.head,
      "<title>Note 7 (note 7)</title>" +
        '<meta name="robots" content="all" data-djangokit="">' +
        '<meta name="description" content="About Note 7" data-djangokit="">' +
        '<meta property="og:title" content="Note 7" data-djangokit="">',
    );
    assert.equal((await render("/")).head.slice(0, 19), "<title>Home</title>");
  });

  it("escapes meta content", async () => {
    const data = routeData("/notes/1");
    data.routes["page:notes/_id"] = { note: { title: '"Quotes" & <tags>', body: "" } };
    const page = await render("/notes/1", data);
    assert.match(page.head, /<title>&quot;Quotes&quot; &amp; &lt;tags&gt; \(note 1\)<\/title>/);
    assert.match(page.head, /content="&quot;Quotes&quot; &amp; &lt;tags&gt;"/);
  });

  it("renders a route's problem in the nearest error.tsx, inside the layouts above it", async () => {
    const page = await render("/blog/broken");
    assert.equal(page.status, 500);
    assert.match(page.html, /<div id="layout">/);
    assert.match(
      page.html,
      /<main><p id="blog-error">500<!-- --> <!-- -->Internal Server Error<!-- -->: <!-- -->It broke\.<\/p><\/main>/,
    );
    assert.doesNotMatch(page.html, /id="post"/);
  });

  it("renders a 404 problem as the not-found page inside the root layout", async () => {
    const page = await render("/notes/404");
    assert.equal(page.status, 404);
    assert.match(page.html, /<main><h1 id="not-found">Nothing here<\/h1><\/main>/);
    assert.match(page.html, /<span id="site">Test site<\/span>/);
  });

  for (const url of ["/blog/missing", "/blog/hidden"]) {
    it(`renders a handler's 404 (${url}) as the not-found page, past the blog's error.tsx`, async () => {
      const page = await render(url);
      assert.equal(page.status, 404);
      assert.match(page.html, /^<div id="layout">/);
      assert.match(page.html, /<main><h1 id="not-found">Nothing here<\/h1><\/main>/);
      assert.doesNotMatch(page.html, /blog-error|id="blog"/);
      // The not-found page's meta, as for a URL no route matches.
      const head = '<title>Not found</title><meta name="robots" content="all" data-djangokit="">';
      assert.equal(page.head, head);
    });
  }

  it("renders a 404 inside the root layout though the root has an error.tsx", async () => {
    const withRootError = (url: string) =>
      renderPage({ routes: manifestWithRootError, notFound, url, data: routeData(url) });
    const missing = await withRootError("/notes/404");
    assert.equal(missing.status, 404);
    assert.match(missing.html, /^<div id="layout">/);
    assert.match(missing.html, /<main><h1 id="not-found">Nothing here<\/h1><\/main>/);
    assert.doesNotMatch(missing.html, /root-error/);
    // Other errors keep their boundaries: the root's error.tsx instead of the root layout ...
    const broken = await withRootError("/notes/500");
    assert.equal(broken.html, "<p id=\"root-error\">500<!-- --> <!-- -->Internal Server Error</p>");
    // ... and the blog's own error.tsx inside it.
    const blog = await withRootError("/blog/broken");
    assert.match(blog.html, /^<div id="layout">.*<p id="blog-error">500/);
  });

  it("renders the not-found page for a URL no route matches, with status 404", async () => {
    const page = await render("/no/such/page", { ...routeData("/no/such/page"), status: 200 });
    assert.equal(page.status, 404);
    assert.match(page.html, /<main><h1 id="not-found">Nothing here<\/h1><\/main>/);
    assert.equal(
      page.head,
      '<title>Not found</title><meta name="robots" content="all" data-djangokit="">',
    );
  });

  it("renders the not-found page where Django matched no route but React Router did", async () => {
    const page = await render("/notes/abc"); // Django's <int:id> refused it: notFound
    assert.equal(page.status, 404);
    assert.match(page.html, /<main><h1 id="not-found">Nothing here<\/h1><\/main>/);
    assert.doesNotMatch(page.html, /id="note"/);
  });

  it("renders the action data of a native form post", async () => {
    const data = { ...routeData("/login"), action: { errors: { password: ["Required."] } } };
    const page = await render("/login", { ...data, status: 400 });
    assert.equal(page.status, 400);
    assert.match(
      page.html,
      /<p id="login-errors">\{&quot;password&quot;:\[&quot;Required\.&quot;\]\}<\/p>/,
    );
  });

  it("renders a bare status line for a 404 when the project has no not-found page", async () => {
    const page = await renderPage({ routes: manifest, url: "/nope", data: routeData("/nope") });
    assert.equal(page.status, 404);
    // No route matched, so not even the root layout renders around it.
    assert.equal(page.html, "<main><h1>404<!-- --> <!-- -->Not Found</h1></main>");
  });

  it("renders the root's own failure in the default boundary, instead of the root", async () => {
    const problem = { type: "about:blank", title: "Service Unavailable", status: 503 };
    const data = {
      ...routeData("/about"),
      routes: {},
      errors: { "layout:root": problem },
      status: 503,
    };
    const page = await render("/about", data);
    assert.equal(page.status, 503);
    assert.equal(page.html, "<main><h1>503<!-- --> <!-- -->Service Unavailable</h1></main>");
  });

  it("shows the signed-in user and puts the CSRF token in forms", async () => {
    const user = { isAuthenticated: true, username: "ada", isStaff: true, email: "a@b.c" };
    const page = await render("/login", routeData("/login", user));
    assert.match(page.html, /<span id="user">ada<\/span>/);
    assert.match(
      page.html,
      /<form id="login-form" data-token="data-token" [^>]*action="\/login" method="post">/,
    );
    assert.match(
      page.html,
      /<input type="hidden" name="csrfmiddlewaretoken" value="data-token"\/>/,
    );
  });

  it("loads only the modules of the matched routes (and the not-found page), once", async () => {
    const routes = [...manifest]; // a manifest no render has seen yet
    await renderPage({ routes, notFound, url: "/blog/hello", data: routeData("/blog/hello") });
    assert.deepEqual(imported.sort(), ["blog", "blog-error", "not-found", "post", "root"]);
    imported.length = 0;
    await renderPage({ routes, notFound, url: "/blog/hello", data: routeData("/blog/hello") });
    assert.deepEqual(imported, []); // the routes are built once per manifest
  });

  it("renders a page the same way once its routes are loaded (without the static handler)", async () => {
    for (const [url, prefix] of [["/notes/7?tab=1", ""], ["/app/blog/hello", "/app"]] as const) {
      const data = { ...routeData(url.slice(prefix.length)), prefix };
      const first = await renderPage({ routes: [...manifest], notFound, url, data }); // handler
      const routes = [...manifest];
      await renderPage({ routes, notFound, url, data }); // loads the modules
      const again = await renderPage({ routes, notFound, url, data }); // loaded: direct
      assert.deepEqual(again, first);
      assert.equal(again.status, 200);
    }
  });

  it("gives each path its own params once matches are reused (direct renders)", async () => {
    const routes = [...manifest];
    const renderWith = (url: string) => renderPage({ routes, notFound, url, data: routeData(url) });
    await renderWith("/notes/1"); // loads the modules: later renders are direct
    for (const id of [3, 4, 3, 4, 3]) {
      const url = `/notes/${id}`;
      const page = await renderWith(url);
      assert.match(page.html, new RegExp(`<article id="note" data-id="${id}"><h1>Note ${id}<`));
      const first = await renderPage({ routes: [...manifest], notFound, url, data: routeData(url) });
      assert.deepEqual(page, first); // the same as a fresh render through React Router's handler
    }
  });

  it("gives each of concurrent renders of the same routes its own data", async () => {
    const [one, two, three] = await Promise.all(
      ["/notes/1", "/notes/2", "/notes/404"].map((url) => render(url)),
    );
    assert.match(one!.html, /<h1>Note 1<\/h1>/);
    assert.match(two!.html, /<h1>Note 2<\/h1>/);
    assert.doesNotMatch(one!.html + two!.html, /Nothing here/);
    assert.equal(three!.status, 404);
    assert.match(three!.html, /<main><h1 id="not-found">Nothing here<\/h1><\/main>/);
  });

  it("mounts the routes below the data's prefix", async () => {
    const data = { ...routeData("/notes/3"), prefix: "/app" };
    const page = await render("/app/notes/3", data);
    assert.equal(page.status, 200);
    assert.match(page.html, /<a [^>]*href="\/app\/notes\/1"/);
    assert.match(page.html, /<h1>Note 3<\/h1>/);
  });

  it("waits for Suspense boundaries to resolve", async () => {
    const text = new Promise<string>((resolve) => setTimeout(() => resolve("late text"), 5));
    const { use, Suspense } = await import("react");
    function Late() {
      return <p id="late">{use(text)}</p>;
    }
    const routes: RouteManifestEntry[] = [
      {
        id: "root",
        path: "/",
        hasData: false,
        hasAction: false,
        module: async () => ({
          default: () => (
            <Suspense fallback={<p>loading</p>}>
              <Late />
            </Suspense>
          ),
        }),
      },
    ];
    const page = await renderPage({ routes, url: "/", data: { routes: {}, user: anonymous } });
    assert.match(page.html, /<p id="late">late text<\/p>/);
    assert.doesNotMatch(page.html, /loading/);
  });

  it("leaves a Suspense boundary that fails to the browser, and renders the rest", async () => {
    const { Suspense } = await import("react");
    function Broken(): never {
      throw new Error("broken on the server");
    }
    const routes: RouteManifestEntry[] = [
      {
        id: "root",
        path: "/",
        hasData: false,
        hasAction: false,
        module: async () => ({
          default: () => (
            <main>
              <h1>Around</h1>
              <Suspense fallback={<p>later</p>}>
                <Broken />
              </Suspense>
            </main>
          ),
        }),
      },
    ];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const page = await renderPage({ routes, url: "/", data: { routes: {}, user: anonymous } });
      assert.match(page.html, /<h1>Around<\/h1><!--\$!-->.*<p>later<\/p><!--\/\$-->/s);
      assert.equal(errors.length, 1); // logged once, by the stream renderer
    } finally {
      console.error = original;
    }
  });
});
