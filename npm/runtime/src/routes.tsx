/**
 * The route manifest that DjangoKit's build generates from `routes/`, turned into React
 * Router route objects: lazily loaded modules (one chunk per route), loaders and actions
 * for the routes Django has handlers for, error boundaries, the not-found page.
 */
import { type ComponentType, createContext } from "react";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type RouteObject,
  isRouteErrorResponse,
  matchRoutes,
} from "react-router-dom";

import { createDataClient } from "./data.js";
import { type ErrorProps, defaultErrorBoundary, errorBoundary } from "./errors.js";
import type { MetaFunction } from "./meta.js";
import { routeValue } from "./protocol.js";

/** A `page.tsx` or `layout.tsx` module. */
export interface RouteModule {
  default: ComponentType;
  meta?: MetaFunction;
}

/** An `error.tsx` module. */
export interface ErrorModule {
  default: ComponentType<ErrorProps>;
}

/** The root's `not-found.tsx` module. */
export interface NotFoundModule {
  default: ComponentType;
  meta?: MetaFunction;
}

/**
 * One React Router route, as the generated manifest describes it. README.md gives the
 * mapping from `routes/` directories.
 */
export interface RouteManifestEntry {
  /** The route id of the protocol: the key of its data in `routes` and `errors`. */
  id: string;
  /** React Router path syntax relative to the parent (`"blog"`, `":slug"`, `"*"`). */
  path?: string;
  /** An index route: the page of its parent's URL. Has no `path` and no `children`. */
  index?: boolean;
  /** Django loads data for it (`layout.py` `load` or `handlers.py` `get`). */
  hasData: boolean;
  /** Django has a mutation handler for it (`post`, `put`, `patch` or `delete`). */
  hasAction: boolean;
  /** Lazily imports the component; without one the route renders `<Outlet />`. */
  module?: () => Promise<RouteModule>;
  /** Lazily imports `error.tsx`, the boundary for this route and those below it. */
  errorModule?: () => Promise<ErrorModule>;
  children?: RouteManifestEntry[];
}

export interface CreateRoutesOptions {
  /** Lazily imports `not-found.tsx`: rendered for URLs no route matches and for 404s. */
  notFound?: () => Promise<NotFoundModule>;
}

/** The id of the route the runtime adds for `not-found.tsx` (`+` dirs are not routes). */
export const NOT_FOUND_ROUTE_ID = "+not-found";

/** Where route data comes from: the network in the browser, the given data on the server. */
export interface RouteHandlers {
  loader(id: string, args: LoaderFunctionArgs): unknown;
  action(id: string, args: ActionFunctionArgs): unknown;
}

/** What the runtime keeps about each route beside the route object. */
export interface RouteInfo {
  parentId: string | undefined;
  /** Whether the route has an error boundary of its own. */
  boundary: boolean;
  /** Loads the route's chunks (component and error boundary) ahead of a navigation. */
  preload(): Promise<unknown>;
}

export interface BuiltRoutes {
  routes: RouteObject[];
  info: Map<string, RouteInfo>;
  /** Loads `not-found.tsx`, once; `undefined` without one. */
  loadNotFound: (() => Promise<unknown>) | undefined;
}

/** The route id of the component around a hook call (for `useLayoutData`). */
export const RouteIdContext = createContext<string | undefined>(undefined);

/**
 * React Router route objects for a manifest, for custom frontends; `hydrate()`, `render()`
 * and `renderPage()` call this themselves.
 *
 * ```ts
 * const router = createBrowserRouter(createRoutes(manifest, { notFound }));
 * ```
 *
 * Their loaders and actions speak the route data protocol to Django, one request per
 * navigation however many routes match.
 */
export function createRoutes(
  manifest: RouteManifestEntry[],
  options: CreateRoutesOptions = {},
): RouteObject[] {
  return buildRoutes(manifest, options, clientHandlers(createDataClient())).routes;
}

export function clientHandlers(client: ReturnType<typeof createDataClient>): RouteHandlers {
  return {
    loader: async (id, { request }) => routeValue(await client.load(request), id),
    action: (_id, { request }) => client.submit(request),
  };
}

export function buildRoutes(
  manifest: RouteManifestEntry[],
  options: CreateRoutesOptions,
  handlers: RouteHandlers,
): BuiltRoutes {
  const info = new Map<string, RouteInfo>();
  const notFound = options.notFound === undefined ? undefined : once(options.notFound);
  const DefaultBoundary = defaultErrorBoundary(() => notFound?.value?.default);

  const loader = (id: string) => async (args: LoaderFunctionArgs) => {
    try {
      return await handlers.loader(id, args);
    } catch (error) {
      if (notFound !== undefined && isRouteErrorResponse(error) && error.status === 404) {
        await notFound().catch(() => undefined); // the 404 page must be there to render
      }
      throw error;
    }
  };

  const build = (
    entry: RouteManifestEntry,
    parentId: string | undefined,
    defaultBoundary: boolean,
  ): RouteObject => {
    const module = entry.module === undefined ? undefined : once(entry.module);
    const errorModule = entry.errorModule === undefined ? undefined : once(entry.errorModule);
    const route: RouteObject = entry.index
      ? { id: entry.id, index: true }
      : { id: entry.id, ...(entry.path === undefined ? {} : { path: entry.path }) };
    if (entry.hasData) {
      route.loader = loader(entry.id);
    }
    if (entry.hasAction) {
      route.action = (args) => handlers.action(entry.id, args);
    }
    if (module !== undefined || errorModule !== undefined) {
      route.lazy = async () => {
        const [page, error] = await Promise.all([module?.(), errorModule?.()]);
        return {
          ...(page && { Component: withRouteId(entry.id, page.default), handle: { meta: page.meta } }),
          ...(error && { ErrorBoundary: withRouteId(entry.id, errorBoundary(error.default)) }),
        };
      };
    }
    const boundary = errorModule !== undefined || defaultBoundary;
    if (errorModule === undefined && defaultBoundary) {
      route.ErrorBoundary = DefaultBoundary;
    }
    info.set(entry.id, {
      parentId,
      boundary,
      preload: () => Promise.all([module?.(), errorModule?.()]),
    });
    if (!entry.index) {
      // Where a root has no error.tsx, each of its children gets the default boundary,
      // so an error below renders inside the root layout rather than instead of it.
      const childDefault = parentId === undefined && errorModule === undefined;
      const children = (entry.children ?? []).map((child) => build(child, entry.id, childDefault));
      if (notFound !== undefined && parentId === undefined && isRootPath(entry.path)) {
        if (!children.some((child) => child.path === "*")) {
          children.push(notFoundRoute(notFound, entry.id, childDefault));
        }
      }
      if (children.length > 0) {
        route.children = children;
      }
    }
    return route;
  };

  const notFoundRoute = (
    load: Lazy<NotFoundModule>,
    parentId: string | undefined,
    defaultBoundary: boolean,
  ): RouteObject => {
    info.set(NOT_FOUND_ROUTE_ID, { parentId, boundary: defaultBoundary, preload: load });
    return {
      id: NOT_FOUND_ROUTE_ID,
      path: "*",
      // Django still answers for the URL: it may be one of its own views (the admin), in
      // which case the browser is sent there; a route-data answer renders this page.
      loader: loader(NOT_FOUND_ROUTE_ID),
      lazy: async () => {
        const page = await load();
        return { Component: withRouteId(NOT_FOUND_ROUTE_ID, page.default), handle: { meta: page.meta } };
      },
      ...(defaultBoundary ? { ErrorBoundary: DefaultBoundary } : {}),
    };
  };

  const routes = manifest.map((entry) => build(entry, undefined, true));
  if (notFound !== undefined && !manifest.some((entry) => isRootPath(entry.path) && !entry.index)) {
    routes.push(notFoundRoute(notFound, undefined, true)); // no root layout to put it in
  }
  return { routes, info, loadNotFound: notFound };
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

function isRootPath(path: string | undefined): boolean {
  return path === undefined || path === "" || path === "/";
}

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

function withRouteId<P extends object>(id: string, Inner: ComponentType<P>): ComponentType<P> {
  function Route(props: P) {
    return (
      <RouteIdContext.Provider value={id}>
        <Inner {...props} />
      </RouteIdContext.Provider>
    );
  }
  Route.displayName = Inner.displayName ?? Inner.name;
  return Route;
}
