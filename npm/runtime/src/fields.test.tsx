import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  type FieldError,
  FieldErrors,
  type FormActionData,
  formActionData,
  useField,
} from "./fields.js";
import { Form } from "./form.js";
import { renderPage } from "./server.js";

interface TaskAction {
  errors: Partial<Record<"title" | "body" | "pin" | "__all__", FieldError[]>>;
  values: Partial<Record<"title" | "body", string>>;
}

function TaskForm() {
  return (
    <Form method="post">
      <FieldErrors<TaskAction> name="__all__" />
      <input {...useField<TaskAction>("title")} id="title" />
      <FieldErrors<TaskAction> name="title" />
      <textarea {...useField<TaskAction>("body", { initial: "before" })} id="body" />
      <FieldErrors<TaskAction> name="body" className="small" />
      <input {...useField<TaskAction>("pin")} id="pin" type="password" />
    </Form>
  );
}

/** The server markup of TaskForm, with `action` as the native post's answer when given. */
async function html(action?: unknown): Promise<string> {
  const page = await renderPage({
    routes: [
      {
        id: "page:tasks",
        path: "/",
        hasData: false,
        hasAction: true,
        module: async () => ({ default: TaskForm }),
      },
    ],
    url: "/",
    data: { routes: {}, csrfToken: "tok", ...(action === undefined ? {} : { action }) },
  });
  return page.html;
}

const required = { message: "This field is required.", code: "required" };

describe("useField and FieldErrors", () => {
  it("give a fresh form its names and initial values, and render no errors", async () => {
    const markup = await html();
    assert.match(markup, /<input id="title" name="title"\/>/);
    assert.match(markup, /<textarea name="body" id="body">before<\/textarea>/);
    assert.doesNotMatch(markup, /errorlist|aria-invalid/);
  });

  it("put back the typed values and the messages after a failed post", async () => {
    const markup = await html({
      errors: {
        title: [required],
        pin: [{ message: "Too short.", code: "min_length" }],
        __all__: [{ message: "Say more than the title.", code: "same" }],
      },
      values: { title: "Hi <b>", body: "typed" },
    });
    assert.match(
      markup,
      /<ul id="__all__-errors" class="errorlist nonfield"><li>Say more than the title\.<\/li><\/ul>/,
    );
    assert.match(
      markup,
      /<input aria-invalid="true" aria-describedby="title-errors" id="title" name="title" value="Hi &lt;b&gt;"\/>/,
    );
    assert.match(
      markup,
      /<ul id="title-errors" class="errorlist"><li>This field is required\.<\/li><\/ul>/,
    );
    // The typed value replaces the initial one; no errors, no list.
    assert.match(markup, /<textarea name="body" id="body">typed<\/textarea>/);
    assert.doesNotMatch(markup, /id="body-errors"/);
    // A password is never sent back: its input comes back empty, with its error.
    assert.match(
      markup,
      /<input aria-invalid="true" aria-describedby="pin-errors" id="pin" type="password" name="pin"\/>/,
    );
  });

  it("read hand-made errors as plain strings too", async () => {
    const markup = await html({ errors: { title: ["Too long.", "Taken."] }, values: {} });
    assert.match(
      markup,
      /<ul id="title-errors" class="errorlist"><li>Too long\.<\/li><li>Taken\.<\/li><\/ul>/,
    );
  });

  it("ignore action data that is not a form's", async () => {
    const markup = await html({ saved: true });
    assert.doesNotMatch(markup, /errorlist|aria-invalid/);
    assert.match(markup, /<textarea name="body" id="body">before<\/textarea>/);
  });
});

/** Never called: `npm run typecheck` fails when a misspelled field name type-checks. */
export function MisspelledFields() {
  // @ts-expect-error: "titel" is not a field of TaskAction
  const title = useField<TaskAction>("titel");
  return (
    <>
      <input {...title} />
      {/* @ts-expect-error: nor is "bdy" */}
      <FieldErrors<TaskAction> name="bdy" />
    </>
  );
}

describe("formActionData", () => {
  it("accepts the form answer and nothing else", () => {
    const answer: FormActionData = { errors: { title: [required] }, values: { title: "" } };
    assert.deepEqual(formActionData(answer), answer);
    assert.deepEqual(formActionData({ errors: {} }), { errors: {}, values: {} });
    assert.equal(formActionData(null), undefined);
    assert.equal(formActionData({ errors: ["x"] }), undefined);
  });
});
