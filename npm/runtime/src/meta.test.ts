import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { JSDOM } from "jsdom";

import { type MetaFunction, type MetaMatch, applyMeta, collectMeta, metaToHtml } from "./meta.js";

function match(id: string, meta?: MetaFunction, loader = true): MetaMatch {
  return {
    route: { id, handle: { meta }, ...(loader ? { loader: () => null } : {}) },
    params: { id: "7" },
  };
}

describe("collectMeta", () => {
  it("lets the deepest route win the title and merges tags by name or property", () => {
    const meta = collectMeta(
      [
        match("root", () => ({
          title: "Site",
          tags: [
            { name: "robots", content: "all" },
            { property: "og:site_name", content: "S" },
          ],
        })),
        match("page", ({ data, params }) => ({
          title: `${(data as { t: string }).t} ${params.id}`,
          description: "D",
          tags: [{ name: "robots", content: "noindex" }, { content: "no key" }],
        })),
      ],
      { root: null, page: { t: "Post" } },
    );
    assert.deepEqual(meta, {
      title: "Post 7",
      tags: [
        { name: "robots", content: "noindex" },
        { property: "og:site_name", content: "S" },
        { name: "description", content: "D" },
        { content: "no key" },
      ],
    });
  });

  it("skips routes still without data and those below an error boundary", () => {
    let calls = 0;
    const counting: MetaFunction = () => {
      calls++;
      return { title: "never" };
    };
    const meta = collectMeta(
      [
        match("root", () => ({ title: "Root" })),
        match("waiting", counting),
        match("other", () => ({ title: "Other" }), false),
      ],
      { root: 1 },
    );
    assert.equal(calls, 0);
    assert.deepEqual(meta, { title: "Other", tags: [] }); // no loader: nothing to wait for

    const failed = collectMeta(
      [
        match("root", () => ({ title: "Root" })),
        match("section", counting),
        match("page", counting),
      ],
      { root: 1, section: 2, page: 3 },
      { section: new Error("boom") },
    );
    assert.equal(calls, 0);
    assert.deepEqual(failed, { title: "Root", tags: [] });
  });

  it("takes the not-found page's meta for a 404 shown by a boundary", () => {
    const notFound: MetaFunction = ({ data }) => ({ title: `Not found (${String(data)})` });
    const matches = [match("root", () => ({ title: "Root" })), match("page")];
    const missing = { status: 404, statusText: "Not Found", internal: false, data: {} };
    assert.deepEqual(collectMeta(matches, { root: 1 }, { page: missing }, notFound), {
      title: "Not found (null)",
      tags: [],
    });
    const forbidden = { ...missing, status: 403 };
    assert.deepEqual(collectMeta(matches, { root: 1 }, { page: forbidden }, notFound), {
      title: "Root",
      tags: [],
    });
  });

  it("gives no title when no route has one", () => {
    assert.deepEqual(
      collectMeta([match("root"), match("page", () => null)], { root: 1, page: 2 }),
      { tags: [] },
    );
  });
});

describe("metaToHtml", () => {
  it("writes escaped title and meta tags marked as the runtime's", () => {
    const html = metaToHtml({
      title: `<"Tom" & 'Jerry'>`,
      tags: [
        { name: "description", content: "a</title>b" },
        { property: "og:x", content: "y" },
      ],
    });
    assert.equal(
      html,
      "<title>&lt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&gt;</title>" +
        '<meta name="description" content="a&lt;/title&gt;b" data-djangokit="">' +
        '<meta property="og:x" content="y" data-djangokit="">',
    );
    assert.equal(metaToHtml({ tags: [] }), "");
  });
});

describe("applyMeta", () => {
  it("sets the title and replaces the tags the runtime put there before, and only those", () => {
    const { document } = new JSDOM(
      "<head><title>Shell</title><meta name=viewport content=w>" +
        '<meta name="description" content="server" data-djangokit=""></head>',
    ).window;
    applyMeta(document, { title: "New", tags: [{ name: "description", content: "client" }] });
    assert.equal(document.title, "New");
    assert.deepEqual(
      [...document.head.querySelectorAll("meta")].map((m) => m.outerHTML),
      [
        '<meta name="viewport" content="w">',
        '<meta name="description" content="client" data-djangokit="">',
      ],
    );
    applyMeta(document, { tags: [] }, "Fallback");
    assert.equal(document.title, "Fallback");
    assert.equal(document.head.querySelectorAll("meta").length, 1);
    applyMeta(document, { tags: [] });
    assert.equal(document.title, "Fallback"); // nothing to fall back to: left alone
  });
});
