// Imports the package by its name, so these run against the built dist/ through the
// `exports` map, as an installed copy would.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import * as runtime from "@djangokit/runtime";

const require = createRequire(import.meta.url);

describe("@djangokit/runtime", () => {
  it("exports exactly the public API", () => {
    assert.deepEqual(Object.keys(runtime).sort(), [
      "ApiError",
      "CSRF_COOKIE_NAME",
      "ROUTE_DATA_ID",
      "VERSION",
      "api",
      "createApi",
      "getCsrfToken",
      "readRouteData",
    ]);
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
});
