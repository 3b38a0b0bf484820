/**
 * Form fields over a handler's form answer (docs/forms.md): when a Django form fails
 * validation, the action data is `{ errors: form.errors.get_json_data(), values }`, and
 * these put the messages and the typed values back into the page, with or without
 * JavaScript (the server renders them from the same action data).
 *
 * ```tsx
 * <Form method="post">
 *   <input {...useField("title")} />
 *   <FieldErrors name="title" />
 * </Form>
 * ```
 */
import { useActionData } from "./hooks.js";
import { isRecord } from "./protocol.js";

/** One message of Django's `form.errors.get_json_data()`. */
export interface FieldError {
  message: string;
  code: string;
}

/** What a handler that returned an invalid form (or raised `ValidationError`) answers. */
export interface FormActionData {
  /** Messages by field name; `"__all__"` holds the errors of no one field. */
  errors: Partial<Record<string, FieldError[]>>;
  /** The submitted values by field name, less passwords and files. */
  values: Partial<Record<string, unknown>>;
}

/** The field names of a form's action data (`dk types` generates it): its errors' keys. */
export type FieldName<A extends FormActionData = FormActionData> = Exclude<
  keyof A["errors"] & string,
  "__all__"
>;

/** What `useField` gives an input: spread it on `<input>`, `<textarea>` or `<select>`. */
export interface FieldProps {
  name: string;
  defaultValue?: string | string[];
  "aria-invalid"?: true;
  /** The id of the field's `<FieldErrors>` when it has errors. */
  "aria-describedby"?: string;
}

export interface FieldOptions<A extends FormActionData = FormActionData> {
  /** The value before any failed submission (an edit form's current value). */
  initial?: string | string[];
  /** Action data other than the route's own, e.g. `fetcher.data`. */
  data?: A | undefined;
}

/** The id `<FieldErrors name>` renders with, which `useField` points `aria-describedby` at. */
export function fieldErrorsId(name: string): string {
  return `${name}-errors`;
}

/**
 * The props of the input named `name`: its `defaultValue` is what was typed before a failed
 * submission (else `initial`), and it is marked invalid while it has errors.
 *
 * ```tsx
 * // ActionData: the route's generated +types.ts; a misspelled name fails tsc
 * <input {...useField<ActionData>("title")} />
 * ```
 */
export function useField<A extends FormActionData = FormActionData>(
  name: FieldName<A>,
  options: FieldOptions<A> = {},
): FieldProps {
  const own = useActionData();
  const data = formActionData(options.data ?? own);
  const props: FieldProps = { name };
  const value = data !== undefined && name in data.values ? data.values[name] : options.initial;
  const defaultValue = asInputValue(value);
  if (defaultValue !== undefined) {
    props.defaultValue = defaultValue;
  }
  if (messages(data, name).length > 0) {
    props["aria-invalid"] = true;
    props["aria-describedby"] = fieldErrorsId(name);
  }
  return props;
}

/** The messages of field `name` (`"__all__"`: the form's own) after a failed submission. */
export function useFieldErrors<A extends FormActionData = FormActionData>(
  name: FieldName<A> | "__all__",
  data?: A,
): string[] {
  const own = useActionData();
  return messages(formActionData(data ?? own), name);
}

export interface FieldErrorsProps<A extends FormActionData = FormActionData> {
  /** A field name, or `"__all__"` for the errors that belong to no one field. */
  name: FieldName<A> | "__all__";
  /** Action data other than the route's own, e.g. `fetcher.data`. */
  data?: A;
  className?: string;
}

/**
 * The messages of one field as `<ul class="errorlist">` (Django's class name), or nothing
 * when it has none.
 *
 * ```tsx
 * <FieldErrors name="__all__" />
 * ```
 */
export function FieldErrors<A extends FormActionData = FormActionData>(
  props: FieldErrorsProps<A>,
) {
  const list = useFieldErrors<A>(props.name, props.data);
  if (list.length === 0) {
    return null;
  }
  const base = props.name === "__all__" ? "errorlist nonfield" : "errorlist";
  return (
    <ul
      id={fieldErrorsId(props.name)}
      className={props.className === undefined ? base : `${base} ${props.className}`}
    >
      {list.map((message, index) => (
        <li key={index}>{message}</li>
      ))}
    </ul>
  );
}

/** `value` as action data of a form, or `undefined` when it is not (no submission yet). */
export function formActionData(value: unknown): FormActionData | undefined {
  if (!isRecord(value) || !isRecord(value.errors)) {
    return undefined;
  }
  const values = isRecord(value.values) ? value.values : {};
  return { errors: value.errors as FormActionData["errors"], values };
}

function messages(data: FormActionData | undefined, name: string): string[] {
  const list: unknown = data?.errors[name];
  if (!Array.isArray(list)) {
    return [];
  }
  // Django's get_json_data() shape, or plain strings from a hand-made {"errors": form.errors}.
  return list.map((error: unknown) =>
    isRecord(error) && typeof error.message === "string" ? error.message : String(error),
  );
}

function asInputValue(value: unknown): string | string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map((item) => String(item));
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
