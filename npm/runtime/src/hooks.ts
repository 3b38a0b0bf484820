/**
 * The data hooks of DjangoKit pages, thin over React Router's: a page's data is what its
 * handler's `get` returned, a layout's what its `load` returned.
 */
import { useContext } from "react";
import { useActionData as useRouterActionData, useLoaderData, useMatches } from "react-router-dom";

import { RouteIdContext } from "./routes.js";

export { Outlet, useNavigation, useParams, useSubmit } from "react-router-dom";

/**
 * The data of the route whose component calls it: a page gets its handler's `get`, a
 * layout its `load`. `null` where Django has no data for the route.
 *
 * ```tsx
 * export default function Post() {
 *   const { post } = useData<{ post: Post }>();
 *   return <h1>{post.title}</h1>;
 * }
 * ```
 */
export function useData<T = unknown>(): T {
  return useLoaderData() as T;
}

/**
 * The data of the nearest route above the caller that has data (usually the enclosing
 * layout's `load`), or of the layout with the given id: its directory (`"root"`, `"blog"`,
 * `"blog/_slug"`) or its router id (`"layout:blog"`); `undefined` when there is none or
 * the route is not on the page.
 *
 * ```tsx
 * const { site } = useLayoutData<{ site: Site }>("root")!;
 * ```
 */
export function useLayoutData<T = unknown>(id?: string): T | undefined {
  const matches = useMatches();
  const own = useContext(RouteIdContext);
  if (id !== undefined) {
    // A router id has a kind (`layout:`, `page:`); a bare directory id means its layout.
    const wanted = id.includes(":") ? id : `layout:${id}`;
    const match = matches.find((m) => m.id === wanted) ?? matches.find((m) => m.id === id);
    return match?.data as T | undefined;
  }
  const index = matches.findIndex((match) => match.id === own);
  for (let i = (index === -1 ? matches.length : index) - 1; i >= 0; i--) {
    const data = matches[i]?.data;
    if (data !== undefined) {
      return data as T; // routes without a loader have no data at all, not null
    }
  }
  return undefined;
}

/**
 * What the route's last submission answered (`{"action": data}`), e.g. a form's
 * validation errors; `undefined` before any submission.
 */
export function useActionData<T = unknown>(): T | undefined {
  return useRouterActionData() as T | undefined;
}
