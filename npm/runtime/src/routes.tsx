/**
 * The route manifest (manifest.ts) turned into React Router route objects: lazily loaded
 * modules (one chunk per route), loaders and actions for the routes Django has handlers
 * for, error boundaries, the not-found page.
 */
import { type ComponentType, createContext } from "react";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  Outlet,
  type RouteObject,
  ScrollRestoration,
  isRouteErrorResponse,
} from "react-router-dom";

import { type DataClient, createDataClient } from "./data.js";
import { defaultErrorBoundary, errorBoundary, notFoundBoundary } from "./errors.js";
import { type Lazy, isRootPath, once } from "./lazy.js";
import {
  type CreateRoutesOptions,
  NOT_FOUND_ROUTE_ID,
  type NotFoundModule,
  type RouteManifestEntry,
} from "./manifest.js";
import { routeValue } from "./protocol.js";
import { defaultSession } from "./user.js";

/** Where route data comes from: the network in the browser, the given data on the server. */
export interface RouteHandlers {
  loader(id: string, args: LoaderFunctionArgs): unknown;
  action(id: string, args: ActionFunctionArgs): unknown;
}

/** What the runtime keeps about each route beside the route object. */
export interface RouteInfo {
  parentId: string | undefined;
  /** Whether the route has an error boundary of its own (error.tsx or the default one). */
  boundary: boolean;
  /**
   * Whether a 404 below it shows the not-found page in its place: the routes just inside
   * the root layout, when the project has a `not-found.tsx` (see `errorTarget`).
   */
  notFoundSlot: boolean;
  /** Loads the route's chunks (component and error boundary) ahead of a navigation. */
  preload(): Promise<unknown>;
}

export interface BuiltRoutes {
  routes: RouteObject[];
  info: Map<string, RouteInfo>;
  /** Loads `not-found.tsx`, once; `undefined` without one. */
  loadNotFound: Lazy<NotFoundModule> | undefined;
}

/**
 * `meta.js`, loaded with the first route module that exports `meta` (and awaited by that
 * route's `lazy`, so the module is at hand when the route renders): a site whose pages
 * have no `meta` never downloads it.
 */
export const metaModule = once(() => import("./meta.js"));

/** Loads `meta.js` when `page` has a `meta`; a failure only leaves the head as it is. */
async function withMeta<T extends { meta?: unknown } | undefined>(page: T): Promise<T> {
  if (page?.meta !== undefined) {
    await metaModule().catch(() => undefined);
  }
  return page;
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
  // The session `useUser()` reads outside hydrate()/render(): kept current all the same.
  const client = createDataClient({ session: defaultSession });
  return buildRoutes(manifest, options, clientHandlers(client)).routes;
}

/** Route handlers that ask Django through `client`. */
export function clientHandlers(client: DataClient): RouteHandlers {
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
  const notFoundPage = () => notFound?.value?.default;
  const DefaultBoundary = defaultErrorBoundary(notFoundPage);
  const NotFoundBoundary = notFoundBoundary(notFoundPage);

  const loader = (id: string) => async (args: LoaderFunctionArgs) => {
    try {
      return await handlers.loader(id, args);
    } catch (error) {
      if (notFound !== undefined && isRouteErrorResponse(error) && error.status === 404) {
        // The 404 page must be there to render, and meta.js for its `meta`.
        await notFound()
          .then(withMeta)
          .catch(() => undefined);
      }
      throw error;
    }
  };

  const build = (
    entry: RouteManifestEntry,
    parentId: string | undefined,
    defaultBoundary: boolean,
    notFoundSlot = false,
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
    const top = parentId === undefined;
    if (module !== undefined || errorModule !== undefined) {
      route.lazy = async () => {
        const [page, error] = await Promise.all([module?.().then(withMeta), errorModule?.()]);
        return {
          ...(page && {
            Component: withRouteId(entry.id, page.default, top),
            handle: { meta: page.meta },
          }),
          ...(error && {
            ErrorBoundary: withRouteId(entry.id, errorBoundary(error.default, notFoundPage)),
          }),
        };
      };
    }
    if (module === undefined && top) {
      route.Component = ScrolledOutlet;
    }
    const boundary = errorModule !== undefined || defaultBoundary;
    if (errorModule === undefined && defaultBoundary) {
      route.ErrorBoundary = DefaultBoundary;
    } else if (errorModule === undefined && notFoundSlot) {
      route.ErrorBoundary = NotFoundBoundary; // a 404 only: the root's error.tsx has the rest
    }
    info.set(entry.id, {
      parentId,
      boundary,
      notFoundSlot,
      preload: () => Promise.all([module?.(), errorModule?.()]),
    });
    if (!entry.index) {
      // Where a root has no error.tsx, each of its children gets the default boundary,
      // so an error below renders inside the root layout rather than instead of it.
      const childDefault = parentId === undefined && errorModule === undefined;
      const rootLayout = notFound !== undefined && parentId === undefined && isRootLayout(entry);
      const children = (entry.children ?? []).map((child) =>
        build(child, entry.id, childDefault, rootLayout),
      );
      if (rootLayout) {
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
    info.set(NOT_FOUND_ROUTE_ID, {
      parentId,
      boundary: defaultBoundary,
      notFoundSlot: false, // its loader answers a 404 with the page itself
      preload: load,
    });
    return {
      id: NOT_FOUND_ROUTE_ID,
      path: "*",
      // Django still answers for the URL: it may be one of its own views (the admin), in
      // which case the browser is sent there; its 404 renders this page.
      loader: async (args: LoaderFunctionArgs) => {
        try {
          return await loader(NOT_FOUND_ROUTE_ID)(args);
        } catch (error) {
          if (isRouteErrorResponse(error) && error.status === 404) {
            return null;
          }
          throw error;
        }
      },
      lazy: async () => {
        const page = await withMeta(await load());
        const Component = withRouteId(NOT_FOUND_ROUTE_ID, page.default, parentId === undefined);
        return { Component, handle: { meta: page.meta } };
      },
      ...(defaultBoundary ? { ErrorBoundary: DefaultBoundary } : {}),
    };
  };

  const routes = manifest.map((entry) => build(entry, undefined, true));
  if (notFound !== undefined && !manifest.some(isRootLayout)) {
    routes.push(notFoundRoute(notFound, undefined, true)); // no root layout to put it in
  }
  for (const route of routes) {
    // Without route data in the page, the first render waits for it: show nothing.
    route.HydrateFallback = Nothing;
  }
  return { routes, info, loadNotFound: notFound };
}

/**
 * The route whose error boundary shows an error of route `id` with HTTP `status`: for a
 * 404, the route just inside the root layout (a handler's `Http404` shows `not-found.tsx`
 * inside the root layout, whatever `error.tsx` lies between, as Next.js's `notFound()`
 * does); else the nearest route with an `error.tsx` or the default boundary. `undefined`
 * where none has one (React Router then uses the top route).
 */
export function errorTarget(
  id: string,
  status: number | undefined,
  info: Map<string, RouteInfo>,
): string | undefined {
  const slot = status === 404 ? ancestor(id, info, (route) => route.notFoundSlot) : undefined;
  return slot ?? ancestor(id, info, (route) => route.boundary);
}

/** Where React Router itself shows an error of route `id`: the nearest `ErrorBoundary`. */
export function reactRouterBoundary(id: string, info: Map<string, RouteInfo>): string | undefined {
  return ancestor(id, info, (route) => route.boundary || route.notFoundSlot);
}

/**
 * The failed routes' errors keyed by the route that shows each (React Router's keying of
 * `errors`), the shallowest failure first; `matched` are the route ids of the page, root
 * first.
 */
export function placeErrors<E>(
  failed: Record<string, E>,
  status: (error: E) => number | undefined,
  matched: string[],
  info: Map<string, RouteInfo>,
): Record<string, E> {
  const depth = (id: string) => (matched.includes(id) ? matched.indexOf(id) : matched.length);
  const placed: Record<string, E> = {};
  for (const [id, error] of Object.entries(failed).sort(([a], [b]) => depth(a) - depth(b))) {
    const target = errorTarget(id, status(error), info) ?? matched[0];
    if (target !== undefined) {
      placed[target] ??= error;
    }
  }
  return placed;
}

function ancestor(
  id: string,
  info: Map<string, RouteInfo>,
  wanted: (route: RouteInfo) => boolean,
): string | undefined {
  for (let at: string | undefined = id; at !== undefined; ) {
    const route = info.get(at);
    if (route === undefined) {
      return undefined;
    }
    if (wanted(route)) {
      return at;
    }
    at = route.parentId;
  }
  return undefined;
}

/** The layout of `routes/` itself, around every page: where the not-found page goes. */
function isRootLayout(entry: RouteManifestEntry): boolean {
  return !entry.index && isRootPath(entry.path) && (entry.children?.length ?? 0) > 0;
}

function Nothing() {
  return null;
}

/** A top route without a layout of its own. */
function ScrolledOutlet() {
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}

/**
 * `Inner` knowing its route id. The top route also restores the scroll position the way
 * browsers do for documents: to the top on a new page, where it was on back and forward.
 */
function withRouteId<P extends object>(
  id: string,
  Inner: ComponentType<P>,
  top = false,
): ComponentType<P> {
  function Route(props: P) {
    return (
      <RouteIdContext.Provider value={id}>
        {top ? <ScrollRestoration /> : null}
        <Inner {...props} />
      </RouteIdContext.Provider>
    );
  }
  Route.displayName = Inner.displayName ?? Inner.name;
  return Route;
}
