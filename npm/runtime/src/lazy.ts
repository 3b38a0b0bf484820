/**
 * Lazy loading: route modules imported once and then at hand synchronously, and the lazy
 * routes of the first page resolved before React Router sees them.
 */
import { type RouteObject, matchRoutes } from "react-router-dom";

/** A module loader that imports once and then remembers the module for synchronous use. */
export interface Lazy<T> {
  (): Promise<T>;
  value: T | undefined;
}

export function once<T>(load: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | undefined;
  const lazy: Lazy<T> = Object.assign(
    () => {
      pending ??= load().then(
        (value) => (lazy.value = value),
        (error: unknown) => {
          pending = undefined; // a chunk that failed to load (offline) is tried again
          throw error;
        },
      );
      return pending;
    },
    { value: undefined },
  );
  return lazy;
}

/**
 * Resolves now the lazy routes that the first render at `path` shows, so that React
 * Router finds them complete: a lazy route still pending at hydration makes it render a
 * fallback and load the data again (React Router's SSR guide resolves them the same way).
 * Where no route matches, that is the root route, which shows the 404.
 */
export async function resolveFirstRoutes(
  routes: RouteObject[],
  path: string,
  basename: string | undefined,
): Promise<string[]> {
  const matched = matchRoutes(routes, path, basename)?.map((match) => match.route) ?? [
    routes.length === 1 ? routes[0] : routes.find((route) => route.index || isRootPath(route.path)),
  ];
  await Promise.all(
    matched.map(async (route) => {
      if (typeof route?.lazy === "function") {
        Object.assign(route, await route.lazy());
        delete route.lazy;
      }
    }),
  );
  return matched.flatMap((route) => (route?.id === undefined ? [] : [route.id]));
}

/** Whether a top route is the root: `routes/` itself, around every other route. */
export function isRootPath(path: string | undefined): boolean {
  return path === undefined || path === "" || path === "/";
}
