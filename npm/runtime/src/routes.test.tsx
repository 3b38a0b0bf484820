import assert from "node:assert/strict";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import type { LoaderFunctionArgs, RouteObject } from "react-router-dom";

import { once } from "./lazy.js";
import { NOT_FOUND_ROUTE_ID, type RouteManifestEntry } from "./manifest.js";
import { buildRoutes, createRoutes, errorTarget, reactRouterBoundary } from "./routes.js";

const Page = () => <p>page</p>;
const Oops = () => <p>oops</p>;
const module = async () => ({ default: Page, meta: () => ({ title: "T" }) });
const errorModule = async () => ({ default: Oops });
const notFound = async () => ({ default: Page });

const manifest: RouteManifestEntry[] = [
  {
    id: "root",
    path: "/",
    hasData: true,
    hasAction: false,
    module,
    children: [
      { id: "root/+page", index: true, hasData: true, hasAction: true, module },
      {
        id: "blog",
        path: "blog",
        hasData: false,
        hasAction: false,
        errorModule,
        children: [{ id: "blog/_slug", path: ":slug", hasData: true, hasAction: false, module }],
      },
      { id: "about", path: "about", hasData: false, hasAction: false },
    ],
  },
];

/** A route tree reduced to what the tests compare. */
function shape(routes: RouteObject[]): unknown[] {
  return routes.map((route) => ({
    id: route.id,
    ...(route.index ? { index: true } : { path: route.path }),
    loader: route.loader !== undefined,
    action: route.action !== undefined,
    lazy: route.lazy !== undefined,
    boundary: route.ErrorBoundary !== undefined,
    ...(route.children ? { children: shape(route.children) } : {}),
  }));
}

const noHandlers = { loader: () => null, action: () => null };

describe("createRoutes", () => {
  it("builds React Router routes with loaders, actions, lazy modules and boundaries", () => {
    const routes = createRoutes(manifest, { notFound });
    assert.deepEqual(shape(routes), [
      {
        id: "root",
        path: "/",
        loader: true,
        action: false,
        lazy: true,
        boundary: true, // the default boundary: the root has no error.tsx
        children: [
          { id: "root/+page", index: true, loader: true, action: true, lazy: true, boundary: true },
          {
            id: "blog",
            path: "blog",
            loader: false,
            action: false,
            lazy: true, // only its error.tsx
            boundary: false, // comes with the lazy error module
            children: [
              {
                id: "blog/_slug",
                path: ":slug",
                loader: true,
                action: false,
                lazy: true,
                boundary: false,
              },
            ],
          },
          { id: "about", path: "about", loader: false, action: false, lazy: false, boundary: true },
          {
            id: NOT_FOUND_ROUTE_ID,
            path: "*",
            loader: true,
            action: false,
            lazy: true,
            boundary: true,
          },
        ],
      },
    ]);
    assert.ok(routes[0]?.HydrateFallback);
  });

  it("loads a route's component, meta and error boundary through lazy", async () => {
    const [root] = createRoutes(manifest);
    const blog = root!.children![1]!;
    const loaded = await (root!.lazy as () => Promise<RouteObject>)();
    assert.ok(loaded.Component);
    assert.deepEqual((loaded.handle as { meta: () => unknown }).meta(), { title: "T" });
    const blogLoaded = await (blog.lazy as () => Promise<RouteObject>)();
    assert.ok(blogLoaded.ErrorBoundary);
    assert.equal(blogLoaded.Component, undefined);
  });

  it("leaves the boundaries to the root's own error.tsx when it has one", () => {
    const withError = [{ ...manifest[0]!, errorModule }];
    const [root] = createRoutes(withError);
    assert.equal(root!.ErrorBoundary, undefined);
    assert.deepEqual(
      root!.children!.map((child) => child.ErrorBoundary !== undefined),
      [false, false, false],
    );
  });

  it("gives the root layout's children a boundary for the not-found page only", () => {
    const withError = [{ ...manifest[0]!, errorModule }];
    const built = buildRoutes(withError, { notFound }, noHandlers);
    const [root] = built.routes;
    assert.deepEqual(
      root!.children!.map((child) => [child.id, child.ErrorBoundary !== undefined]),
      [
        ["root/+page", true],
        ["blog", false], // its error.tsx comes with its lazy module
        ["about", true],
        [NOT_FOUND_ROUTE_ID, false],
      ],
    );
    // An error other than a 404 still goes to the root's error.tsx ...
    assert.equal(errorTarget("blog/_slug", 500, built.info), "blog");
    assert.equal(errorTarget("about", 500, built.info), "root");
    assert.equal(reactRouterBoundary("about", built.info), "about");
    // ... a 404 shows the not-found page inside the root layout, past blog's error.tsx.
    assert.equal(errorTarget("blog/_slug", 404, built.info), "blog");
    assert.equal(errorTarget("about", 404, built.info), "about");
    assert.equal(errorTarget("root", 404, built.info), "root");
  });

  it("keeps the project's own catch-all instead of adding the not-found route", () => {
    const catchAll = { id: "__path", path: "*", hasData: true, hasAction: false, module };
    const [root] = createRoutes([{ ...manifest[0]!, children: [catchAll] }], { notFound });
    assert.deepEqual(
      root!.children!.map((child) => child.id),
      ["__path"],
    );
  });

  it("does not take a top page at / for the root layout", () => {
    const home = { id: "page:root", path: "/", hasData: false, hasAction: false, module };
    const routes = createRoutes([home], { notFound });
    assert.deepEqual(
      routes.map((route) => [route.id, route.path, route.children]),
      [
        ["page:root", "/", undefined],
        [NOT_FOUND_ROUTE_ID, "*", undefined],
      ],
    );
  });

  it("adds the not-found route at the top without a root route", () => {
    const routes = createRoutes([{ id: "docs", path: "docs", hasData: false, hasAction: false }], {
      notFound,
    });
    assert.deepEqual(
      routes.map((route) => [route.id, route.path]),
      [
        ["docs", "docs"],
        [NOT_FOUND_ROUTE_ID, "*"],
      ],
    );
  });

  it("records each route's parent, boundary and chunks", async () => {
    const built = buildRoutes(manifest, { notFound }, noHandlers);
    assert.deepEqual(
      [...built.info].map(([id, info]) => [id, info.parentId, info.boundary, info.notFoundSlot]),
      [
        ["root", undefined, true, false],
        ["root/+page", "root", true, true],
        ["blog", "root", true, true],
        ["blog/_slug", "blog", false, false],
        ["about", "root", true, true],
        [NOT_FOUND_ROUTE_ID, "root", true, false],
      ],
    );
    const loaded = await built.info.get("blog")!.preload();
    assert.deepEqual(loaded, [undefined, { default: Oops }]);
  });
});

describe("once", () => {
  it("imports once and keeps the module for synchronous use", async () => {
    let calls = 0;
    const load = once(async () => ++calls);
    assert.equal(load.value, undefined);
    assert.equal(await Promise.all([load(), load()]).then(() => load()), 1);
    assert.equal(load.value, 1);
    assert.equal(calls, 1);
  });

  it("tries again after a failed import", async () => {
    let calls = 0;
    const load = once(async () => {
      if (++calls === 1) throw new Error("offline");
      return "module";
    });
    await assert.rejects(load(), /offline/);
    assert.equal(await load(), "module");
  });
});

describe("the loaders of createRoutes", () => {
  let server: Server;
  let origin: string;
  let requests = 0;

  before(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ routes: { root: { a: 1 }, "root/+page": { b: 2 } }, errors: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("share one request per navigation even without the runtime's router", async () => {
    const [root] = createRoutes(manifest);
    const index = root!.children![0]!;
    const request = new Request(`${origin}/`);
    const args = { request, params: {}, context: undefined } as unknown as LoaderFunctionArgs;
    const call = (route: RouteObject) =>
      (route.loader as (a: LoaderFunctionArgs) => Promise<unknown>)(args);
    assert.deepEqual(await Promise.all([call(root!), call(index)]), [{ a: 1 }, { b: 2 }]);
    assert.equal(requests, 1);
  });
});
