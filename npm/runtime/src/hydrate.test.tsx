// The runtime in a browser (jsdom), against a real node:http server speaking the route
// data protocol: hydration of server-rendered pages, client navigation, prefetching,
// redirects, forms and the session.
import {
  $,
  captureConsole,
  click,
  hover,
  reported,
  visit,
  waitFor,
} from "./browser.test-helper.js";

import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import {
  imported,
  manifest,
  manifestWithRootError,
  notFound,
  routeData,
} from "./app.test-helper.js";
import { type TestServer, startServer } from "./django.test-helper.js";
import { type MountedApp, hydrate, render } from "./hydrate.js";
import type { RouteData } from "./protocol.js";
import { startRenderer } from "./ssr.test-helper.js";

const renderer = startRenderer();
let server: TestServer;
let app: MountedApp | undefined;
let console_: ReturnType<typeof captureConsole>;

/** The data script as Django's shell writes it: `<`, `>`, `&` escaped. */
function dataScript(data: RouteData): string {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `<script type="application/json" id="djangokit-data">${json}</script>`;
}

/** Serves `path` as Django with SSR would: rendered markup, head tags, data. */
async function serve(path: string, data: RouteData = routeData(path, server.user)): Promise<void> {
  const page = await renderer.render(path, data);
  visit(
    server.origin + path,
    `<div id="djangokit-root">${page.html}</div>${dataScript(data)}`,
    `<title>Shell</title>${page.head}`,
  );
}

/** Requests the server saw, as "METHOD /path". */
const requests = () => server.seen.map((seen) => `${seen.method} ${seen.path}`);

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.close();
  await renderer.stop();
});
beforeEach(() => {
  server.seen.length = 0;
  server.prefix = "";
  server.user = { isAuthenticated: false, username: "", isStaff: false };
  imported.length = 0;
  reported.length = 0;
  document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  console_ = captureConsole();
});
afterEach(() => {
  app?.unmount();
  app = undefined;
  console_.restore();
});

/** No hydration mismatch, no warning, no error reported. */
function assertQuiet(): void {
  assert.deepEqual(console_.messages, []);
  assert.deepEqual(reported, []);
}

describe("hydrate()", () => {
  it("hydrates server markup without mismatches and without a request", async () => {
    await serve("/notes/1");
    const before = document.getElementById("djangokit-root")!.innerHTML;
    assert.equal(document.getElementById("djangokit-root")!.hasAttribute("data-ready"), false);
    app = await hydrate({ routes: manifest, notFound });
    assert.equal(document.getElementById("djangokit-root")!.hasAttribute("data-ready"), true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assertQuiet();
    assert.deepEqual(requests(), []);
    assert.equal(document.getElementById("djangokit-root")!.innerHTML, before);
    assert.equal(document.title, "Note 1 (note 1)");
    assert.deepEqual(imported.sort(), ["note", "root"]);
  });

  const pages: [string, RouteData?][] = [
    ["/"],
    ["/blog/broken"],
    ["/notes/404"],
    ["/blog/missing"],
    ["/blog/hidden"],
    ["/no/such/page"],
    ["/notes/abc"],
    ["/login"],
    ["/login?action", { ...routeData("/login"), action: { errors: { password: ["Required."] } } }],
    ["/down"],
  ];
  for (const [path, data] of pages) {
    it(`hydrates ${path} without mismatches`, async () => {
      await serve(path, data);
      const before = document.getElementById("djangokit-root")!.innerHTML;
      app = await hydrate({ routes: manifest, notFound });
      await new Promise((resolve) => setTimeout(resolve, 20));
      assertQuiet();
      assert.deepEqual(requests(), []);
      assert.equal(document.getElementById("djangokit-root")!.innerHTML, before);
    });
  }

  it("renders on the client when the server sent no markup (SSR off)", async () => {
    visit(
      `${server.origin}/notes/5`,
      `<div id="djangokit-root">\n</div>${dataScript(routeData("/notes/5"))}`,
    );
    app = await hydrate({ routes: manifest, notFound });
    await waitFor(() => document.querySelector("#note h1")?.textContent === "Note 5", "the note");
    assertQuiet();
    assert.deepEqual(requests(), []);
    assert.equal(document.title, "Note 5 (note 5)");
    assert.equal(
      document.querySelector('meta[name="description"]')?.getAttribute("content"),
      "About Note 5",
    );
  });

  it("loads the data itself when the page embeds none", async () => {
    visit(`${server.origin}/notes/6`, `<div id="djangokit-root"></div>`);
    app = await render({ routes: manifest, notFound });
    await waitFor(() => document.querySelector("#note h1")?.textContent === "Note 6", "the note");
    assert.deepEqual(requests(), ["GET /notes/6"]);
    assert.equal(server.seen[0]?.headers["x-djangokit-data"], "1");
    assertQuiet();
  });

  it("notices a mismatch: the check above is not blind", async () => {
    const signedIn = { isAuthenticated: true, username: "ada", isStaff: false };
    await serve("/about", routeData("/about", signedIn));
    document.getElementById("djangokit-data")!.textContent = JSON.stringify(routeData("/about"));
    app = await hydrate({ routes: manifest, notFound });
    await waitFor(() => $("#user").textContent === "anonymous", "the client's render");
    assert.ok(
      [...console_.messages, ...reported.map(String)].some((message) =>
        /Hydration failed/.test(message),
      ),
      "React reported no hydration mismatch",
    );
  });

  it("says which element is missing", async () => {
    visit(`${server.origin}/`, "");
    await assert.rejects(hydrate({ routes: manifest }), /no #djangokit-root element/);
  });
});

describe("client navigation", () => {
  it("makes one data request per navigation and updates the page and its meta", async () => {
    await serve("/notes/1");
    app = await hydrate({ routes: manifest, notFound });
    click($("#note2-link"));
    await waitFor(() => $("#note").getAttribute("data-id") === "2", "note 2");
    assert.deepEqual(requests(), ["GET /notes/2"]);
    const headers = server.seen[0]!.headers;
    assert.equal(headers["x-djangokit-data"], "1");
    assert.equal(headers.accept, "application/json");
    assert.equal(document.title, "Note 2 (note 2)");
    assert.equal(
      document.querySelector('meta[property="og:title"]')?.getAttribute("content"),
      "Note 2",
    );
    assert.equal(document.querySelectorAll("meta[data-djangokit]").length, 3);
    assert.equal(window.location.pathname, "/notes/2");

    click($("#home-link")); // a new page and the root: still one request
    await waitFor(() => document.querySelector("#home") !== null, "the home page");
    assert.deepEqual(requests(), ["GET /notes/2", "GET /"]);
    assert.equal(document.title, "Home");
    assert.equal($("#home-link").getAttribute("aria-current"), "page");
    assertQuiet();
  });

  it("asks nothing for a page without data under a layout already loaded", async () => {
    await serve("/notes/1");
    app = await hydrate({ routes: manifest, notFound });
    click($("#about-link"));
    await waitFor(() => document.querySelector("#about") !== null, "the about page");
    assert.deepEqual(requests(), []);
    assert.equal(document.title, "Note 1 (note 1)"); // no route gives one; the last stays
  });

  it("prefetches the chunks and data on hover, and the navigation uses them", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    assert.ok(!imported.includes("note"));
    hover($("#note2-link"));
    await waitFor(() => requests().length === 1, "the prefetch");
    assert.ok(imported.includes("note"));
    assert.deepEqual(requests(), ["GET /notes/2"]);
    hover($("#note2-link")); // hovering again within the TTL asks nothing more
    click($("#note2-link"));
    await waitFor(() => document.querySelector("#note") !== null, "note 2");
    assert.deepEqual(requests(), ["GET /notes/2"]);
    // Used once: the next navigation to the same URL asks again.
    click($("#about-link"));
    await waitFor(() => document.querySelector("#about") !== null, "the about page");
    click($("#note2-link"));
    await waitFor(() => document.querySelector("#note") !== null, "note 2 again");
    assert.deepEqual(requests(), ["GET /notes/2", "GET /notes/2"]);
    assertQuiet();
  });

  it("prefetches on focus, and only chunks where no data would load", async () => {
    await serve("/notes/1");
    app = await hydrate({ routes: manifest, notFound });
    ($("#about-link") as HTMLElement).focus();
    await waitFor(() => imported.includes("about"), "the about chunk");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(requests(), []);
  });

  it("follows a {redirect} answer", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    click($("#private-link"));
    await waitFor(() => document.querySelector("#login-form") !== null, "the login form");
    assert.equal(window.location.pathname + window.location.search, "/login?next=/private");
    // The new query revalidates the root layout (React Router's default), hence a second.
    assert.deepEqual(requests(), ["GET /private", "GET /login?next=/private"]);
    assertQuiet();
  });

  it("renders a route's problem in its error.tsx and a 404 as the not-found page", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    await app.router.navigate("/blog/broken");
    await waitFor(() => document.querySelector("#blog-error") !== null, "the blog's error page");
    assert.equal($("#blog-error").textContent, "500 Internal Server Error: It broke.");
    assert.ok(document.querySelector("#layout"));
    await app.router.navigate("/notes/404");
    await waitFor(() => document.querySelector("#not-found") !== null, "the not-found page");
    assert.equal($("main").innerHTML, '<h1 id="not-found">Nothing here</h1>');
    assert.deepEqual(requests(), ["GET /blog/broken", "GET /notes/404"]);
  });

  it("shows a handler's 404 as the not-found page in the root layout, past error.tsx", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    for (const path of ["/blog/missing", "/blog/hidden"]) {
      await app.router.navigate(path);
      await waitFor(() => document.querySelector("#not-found") !== null, "the not-found page");
      assert.equal($("main").innerHTML, '<h1 id="not-found">Nothing here</h1>');
      assert.ok(document.querySelector("#layout"));
      assert.equal(document.title, "Not found");
      await app.router.navigate("/blog/hello");
      await waitFor(() => document.querySelector("#post") !== null, "the post");
    }
    assert.deepEqual(requests(), [
      "GET /blog/missing",
      "GET /blog/hello",
      "GET /blog/hidden",
      "GET /blog/hello",
    ]);
    assertQuiet();
  });

  it("shows a 404 inside the root layout when the root has an error.tsx", async () => {
    await serve("/notes/404", routeData("/notes/404"));
    const before = document.getElementById("djangokit-root")!.innerHTML;
    app = await hydrate({ routes: manifestWithRootError, notFound });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(document.getElementById("djangokit-root")!.innerHTML, before);
    assert.equal($("main").innerHTML, '<h1 id="not-found">Nothing here</h1>');
    await app.router.navigate("/notes/500");
    await waitFor(() => document.querySelector("#root-error") !== null, "the root's error.tsx");
    assert.equal(document.querySelector("#layout"), null); // it stands for the root layout
    await app.router.navigate("/notes/1");
    await waitFor(() => document.querySelector("#note") !== null, "note 1");
    await app.router.navigate("/notes/404");
    await waitFor(() => document.querySelector("#not-found") !== null, "the not-found page");
    assert.ok(document.querySelector("#layout"));
    assert.equal(document.querySelector("#root-error"), null);
    assertQuiet();
  });

  it("shows the not-found page for a URL Django refuses though a route matches it", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    await app.router.navigate("/notes/abc");
    await waitFor(() => document.querySelector("#not-found") !== null, "the not-found page");
    assert.deepEqual(requests(), ["GET /notes/abc"]);
    assert.ok(document.querySelector("#layout"));
  });

  it("asks Django about a URL no route matches, then shows the not-found page", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    click($("#nowhere-link"));
    await waitFor(() => document.querySelector("#not-found") !== null, "the not-found page");
    assert.deepEqual(requests(), ["GET /nowhere"]);
    assert.equal(document.title, "Not found");
    assert.ok(document.querySelector("#layout"));
  });
});

describe("below a URL prefix", () => {
  it("navigates, fetches and follows redirects below the prefix", async () => {
    server.prefix = "/app";
    await serve("/app/notes/1", { ...routeData("/notes/1"), prefix: "/app" });
    app = await hydrate({ routes: manifest, notFound });
    assert.equal($("#note2-link").getAttribute("href"), "/app/notes/2");
    click($("#note2-link"));
    await waitFor(() => $("#note").getAttribute("data-id") === "2", "note 2");
    click($("#private-link"));
    await waitFor(() => document.querySelector("#login-form") !== null, "the login form");
    assert.equal(window.location.pathname + window.location.search, "/app/login?next=/private");
    assert.deepEqual(requests(), [
      "GET /app/notes/2",
      "GET /app/private",
      "GET /app/login?next=/private",
    ]);
    assertQuiet();
  });
});

describe("a URL that is not a DjangoKit route", () => {
  it("is handed to the browser when Django answers it with HTML", async () => {
    await serve("/about");
    app = await hydrate({ routes: manifest, notFound });
    void app.router.navigate("/admin/");
    // jsdom cannot load another document; its complaint shows React Router asked for one.
    await waitFor(
      () => console_.messages.some((m) => /Not implemented: navigation/.test(m)),
      "a document load",
    );
    assert.deepEqual(requests(), ["GET /admin/"]);
    assert.equal(document.querySelector("#not-found"), null);
  });
});

describe("forms and the session", () => {
  it("posts with the CSRF token, shows action data, then logs in and updates useUser", async () => {
    await serve("/login");
    app = await hydrate({ routes: manifest, notFound });
    const field = $('#login-form input[name="csrfmiddlewaretoken"]') as HTMLInputElement;
    assert.equal(field.type, "hidden");
    assert.equal(field.value, "data-token");

    ($("#login-form") as HTMLFormElement).requestSubmit();
    await waitFor(() => document.querySelector("#login-errors") !== null, "the form errors");
    assert.equal($("#login-errors").textContent, '{"password":["This field is required."]}');
    const post = server.seen[0]!;
    assert.equal(post.method, "POST");
    assert.equal(post.path, "/login");
    assert.equal(post.headers["x-csrftoken"], "data-token");
    assert.equal(post.headers["x-djangokit-data"], "1");
    assert.match(post.headers["content-type"] ?? "", /^application\/x-www-form-urlencoded/);
    assert.equal(post.body, "csrfmiddlewaretoken=data-token&username=ada&password=");
    assert.deepEqual(requests(), ["POST /login"]); // a 400 answer revalidates nothing

    document.cookie = "csrftoken=cookie-token";
    ($('#login-form input[name="password"]') as HTMLInputElement).value = "secret";
    ($("#login-form") as HTMLFormElement).requestSubmit();
    await waitFor(() => $("#user").textContent === "ada", "the signed-in user");
    assert.equal(server.seen[1]!.headers["x-csrftoken"], "cookie-token"); // the cookie wins
    assert.equal(window.location.pathname, "/");
    assert.deepEqual(requests(), ["POST /login", "POST /login", "GET /"]);
    // The rotated token from the answer now fills forms.
    click($("#login-link"));
    await waitFor(() => document.querySelector("#login-form") !== null, "the login form");
    assert.equal(
      ($('#login-form input[name="csrfmiddlewaretoken"]') as HTMLInputElement).value,
      "rotated-token",
    );
    assertQuiet();
  });
});
