import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Form, useFetcher } from "./form.js";
import { renderPage } from "./server.js";

function Forms() {
  const fetcher = useFetcher();
  return (
    <>
      <Form method="post" id="post" />
      <Form method="DELETE" id="delete" />
      <Form method="get" id="get" />
      <Form id="default" />
      <fetcher.Form method="post" action="/like" id="fetcher" />
      <fetcher.Form id="fetcher-get" />
    </>
  );
}

async function html(): Promise<string> {
  const page = await renderPage({
    routes: [
      {
        id: "root",
        path: "/",
        hasData: false,
        hasAction: true,
        module: async () => ({ default: Forms }),
      },
    ],
    url: "/",
    data: { routes: {}, csrfToken: "tok-1" },
  });
  return page.html;
}

const field = '<input type="hidden" name="csrfmiddlewaretoken" value="tok-1"/>';

/** The inner HTML of the form with this id. */
function form(markup: string, id: string): string {
  const found = new RegExp(`<form id="${id}"[^>]*>(.*?)</form>`).exec(markup);
  assert.ok(found, `no form #${id} in ${markup}`);
  return found[1] ?? "";
}

describe("Form", () => {
  it("adds the CSRF field to forms that post, for native submissions", async () => {
    const markup = await html();
    assert.equal(form(markup, "post"), field);
    assert.equal(form(markup, "delete"), field);
  });

  it("leaves it out of GET forms, whose fields go into the URL", async () => {
    const markup = await html();
    assert.equal(form(markup, "get"), "");
    assert.equal(form(markup, "default"), "");
  });
});

describe("useFetcher", () => {
  it("gives a fetcher.Form with the CSRF field", async () => {
    const markup = await html();
    assert.equal(form(markup, "fetcher"), field);
    assert.match(markup, /<form id="fetcher" [^>]*action="\/like" method="post">/);
    assert.equal(form(markup, "fetcher-get"), "");
  });
});
