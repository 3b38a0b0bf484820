/**
 * `Form` and `useFetcher`: React Router's, plus Django's hidden `csrfmiddlewaretoken`
 * field, so the same form also posts natively before (or without) JavaScript.
 */
import { type Ref, useMemo } from "react";
import {
  type FetcherFormProps,
  type FetcherWithComponents,
  Form as RouterForm,
  type FormProps as RouterFormProps,
  useFetcher as useRouterFetcher,
} from "react-router-dom";

import { useCsrfToken } from "./user.js";

export interface FormProps extends RouterFormProps {
  ref?: Ref<HTMLFormElement>;
}

/**
 * React Router's `Form`. With JavaScript it submits through the route's action (the
 * `X-CSRFToken` header, then revalidation); without, the browser posts it, and the hidden
 * field passes Django's CSRF check.
 *
 * ```tsx
 * <Form method="post">
 *   <input name="title" />
 *   <button>Save</button>
 * </Form>
 * ```
 */
export function Form(props: FormProps) {
  return (
    <RouterForm {...props}>
      <CsrfField method={props.method} />
      {props.children}
    </RouterForm>
  );
}

/**
 * React Router's `useFetcher`, whose `fetcher.Form` carries the CSRF field like `Form`.
 *
 * ```tsx
 * const fetcher = useFetcher<{ liked: boolean }>();
 * <fetcher.Form method="post" action="/posts/1/like"><button>Like</button></fetcher.Form>
 * ```
 */
export function useFetcher<T = unknown>(options?: { key?: string }): FetcherWithComponents<T> {
  const fetcher = useRouterFetcher<T>(options) as FetcherWithComponents<T>;
  const RouterFetcherForm = fetcher.Form;
  const FetcherForm = useMemo(() => {
    function FetcherForm(props: FetcherFormProps & { ref?: Ref<HTMLFormElement> }) {
      return (
        <RouterFetcherForm {...props}>
          <CsrfField method={props.method} />
          {props.children}
        </RouterFetcherForm>
      );
    }
    // A function component takes `ref` as a prop in React 19, as the forwardRef it stands for.
    return FetcherForm as unknown as typeof RouterFetcherForm;
  }, [RouterFetcherForm]);
  return useMemo(() => ({ ...fetcher, Form: FetcherForm }), [fetcher, FetcherForm]);
}

function CsrfField({ method }: { method: string | undefined }) {
  const token = useCsrfToken();
  if (method === undefined || method.toLowerCase() === "get") {
    return null; // GET forms put their fields in the URL; a token there would leak
  }
  return <input type="hidden" name="csrfmiddlewaretoken" value={token} />;
}
