// Imports the package by its name, so these run against the built dist/ through the
// `exports` map, as an installed copy would.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import * as runtime from "@djangokit/runtime";
import * as server from "@djangokit/runtime/server";

const require = createRequire(import.meta.url);

/** The dist/ modules a built module imports, directly or not, and the packages it reaches. */
function imports(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(
      /^(?:import|export)\b[^'"]*?from\s+["']([^"']+)["']/gm,
    )) {
      if (specifier!.startsWith(".")) visit(join(dirname(file), specifier!));
      else packages.add(specifier!);
    }
  };
  visit(entry);
  return { modules, packages };
}

describe("@djangokit/runtime", () => {
  it("exports exactly the public API", () => {
    assert.deepEqual(Object.keys(runtime).sort(), [
      "ApiError",
      "CSRF_COOKIE_NAME",
      "FieldErrors",
      "Form",
      "Link",
      "NavLink",
      "Navigate",
      "Outlet",
      "ROOT_ELEMENT_ID",
      "ROUTE_DATA_ID",
      "VERSION",
      "api",
      "createApi",
      "createRoutes",
      "getCsrfToken",
      "hydrate",
      "readRouteData",
      "render",
      "useActionData",
      "useCsrfToken",
      "useData",
      "useFetcher",
      "useField",
      "useFieldErrors",
      "useLayoutData",
      "useLocation",
      "useNavigate",
      "useNavigation",
      "useParams",
      "useSearchParams",
      "useSubmit",
      "useUser",
    ]);
  });

  it("re-exports React Router's navigation helpers as they are", async () => {
    const router = await import("react-router-dom");
    assert.equal(runtime.Navigate, router.Navigate);
    assert.equal(runtime.useNavigate, router.useNavigate);
    assert.equal(runtime.useLocation, router.useLocation);
    assert.equal(runtime.useSearchParams, router.useSearchParams);
  });

  it("has VERSION equal to package.json's version", () => {
    const { version } = require("@djangokit/runtime/package.json") as { version: string };
    assert.match(version, /^\d+\.\d+\.\d+/);
    assert.equal(runtime.VERSION, version);
  });

  it("resolves to the built ESM and its type declarations", () => {
    const entry = fileURLToPath(import.meta.resolve("@djangokit/runtime"));
    assert.match(entry, /[/\\]dist[/\\]index\.js$/);
    assert.ok(existsSync(entry.replace(/\.js$/, ".d.ts")));
  });

  it("needs no package but React, React DOM's client and React Router in the browser", () => {
    const { packages } = imports(fileURLToPath(import.meta.resolve("@djangokit/runtime")));
    assert.deepEqual([...packages].sort(), [
      "react",
      "react-dom/client",
      "react-router-dom",
      "react/jsx-runtime",
    ]);
  });
});

describe("@djangokit/runtime/server", () => {
  it("exports renderPage, from dist/server.js with its declarations", () => {
    assert.deepEqual(Object.keys(server).sort(), ["renderPage"]);
    const entry = fileURLToPath(import.meta.resolve("@djangokit/runtime/server"));
    assert.match(entry, /[/\\]dist[/\\]server\.js$/);
    assert.ok(existsSync(entry.replace(/\.js$/, ".d.ts")));
  });

  it("shares the browser entry's modules, so pages and the renderer see the same contexts", () => {
    const browser = imports(fileURLToPath(import.meta.resolve("@djangokit/runtime"))).modules;
    const { modules, packages } = imports(
      fileURLToPath(import.meta.resolve("@djangokit/runtime/server")),
    );
    for (const shared of ["user.js", "routes.js", "errors.js"]) {
      const file = [...modules].find((module) => module.endsWith(shared));
      assert.ok(file && browser.has(file), shared);
    }
    assert.ok(packages.has("react-dom/server"));
    assert.ok(!packages.has("react-dom/client"));
  });
});
