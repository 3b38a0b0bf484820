/**
 * The browser router: React Router's data router over the generated routes, with the one
 * data request per navigation, the first page's lazy routes resolved before hydration,
 * prefetching for links, and page meta kept in the document.
 */
import type { ReactElement } from "react";
import {
  type DataRouter,
  type DataStrategyFunction,
  type DataStrategyResult,
  type HydrationState,
  RouterProvider,
  createBrowserRouter,
  isRouteErrorResponse,
  matchRoutes,
} from "react-router-dom";

import { createDataClient } from "./data.js";
import { resolveFirstRoutes } from "./lazy.js";
import { PrefetchContext, type Prefetcher } from "./link.js";
import {
  type CreateRoutesOptions,
  NOT_FOUND_ROUTE_ID,
  type RouteManifestEntry,
} from "./manifest.js";
import { type ProblemDocument, problemResponse } from "./problem.js";
import {
  type RouteData,
  documentErrors,
  isRecord,
  toBasename,
} from "./protocol.js";
import {
  type BuiltRoutes,
  buildRoutes,
  clientHandlers,
  errorTarget,
  metaModule,
  placeErrors,
  reactRouterBoundary,
} from "./routes.js";
import { SessionContext, createSession } from "./user.js";

/** The window event `dk dev`'s live-reload script sends after a Python change. */
export const DEV_REVALIDATE = "djangokit:revalidate";

export interface ClientAppOptions extends CreateRoutesOptions {
  /** The generated route manifest. */
  routes: RouteManifestEntry[];
}

export interface ClientApp {
  router: DataRouter;
  /** The tree to render: the router inside the runtime's providers. */
  element: ReactElement;
  dispose(): void;
}

/** Builds the browser router for the page's route data (`undefined`: none embedded). */
export async function createClientApp(
  options: ClientAppOptions,
  data: RouteData | undefined,
): Promise<ClientApp> {
  const session = createSession(data);
  const client = createDataClient({ session });
  const built = buildRoutes(
    options.routes,
    options.notFound === undefined ? {} : { notFound: options.notFound },
    clientHandlers(client),
  );
  const basename = toBasename(data?.prefix);

  const location = window.location;
  const first = await resolveFirstRoutes(
    built.routes,
    location.pathname + location.search,
    basename,
  );
  const errors = data === undefined ? {} : documentErrors(data, first);
  if (Object.keys(errors).length > 0) {
    await built.loadNotFound?.(); // the default error boundary renders it for a 404
  }

  const dataStrategy: DataStrategyFunction = async ({ request, matches }) => {
    const due = matches.filter((match) => match.shouldCallHandler());
    if (request.method === "GET" && due.some((match) => match.route.loader)) {
      // Start the navigation's one request now, beside the chunks still loading; every
      // loader then reads its part of that answer (`client.load` is per request).
      client.load(request).catch(() => undefined);
    }
    const results: Record<string, DataStrategyResult> = {};
    await Promise.all(
      due.map(async (match) => {
        results[match.route.id] = await match.resolve();
      }),
    );
    // React Router shows a route's error at the nearest boundary above it; a 404 shows the
    // not-found page inside the root layout instead (errorTarget). Where the two differ,
    // report the error at the route that shows it too: React Router keeps the shallowest.
    const shown = new Set(matches.map((match) => match.route.id));
    for (const [id, result] of Object.entries(results)) {
      if (result.type !== "error") {
        continue;
      }
      const status = isRouteErrorResponse(result.result) ? result.result.status : undefined;
      const target = errorTarget(id, status, built.info);
      if (target === undefined || !shown.has(target) || results[target]?.type === "error") {
        continue;
      }
      if (target !== reactRouterBoundary(id, built.info)) {
        results[target] = { type: "error", result: result.result };
      }
    }
    return results;
  };

  const hydrationData = data === undefined ? undefined : hydrationState(data, errors, built, first);
  const router = createBrowserRouter(built.routes, {
    dataStrategy,
    ...(basename === undefined ? {} : { basename }),
    ...(hydrationData === undefined ? {} : { hydrationData }),
  });

  const prefetch: Prefetcher = ({ pathname, href }, withData) => {
    const matches = matchRoutes(router.routes, pathname) ?? [];
    for (const match of matches) {
      built.info
        .get(match.route.id)
        ?.preload()
        .catch(() => undefined);
    }
    const url = new URL(href, window.location.href);
    if (withData && needsData(matches, router.state, url.search)) {
      client.prefetch(url.href.replace(/#.*$/, ""));
    }
  };

  const unsubscribe = keepMeta(router, built);
  // `dk dev` dispatches this when a handler or another Python module changed: load the
  // current page's data again in place, keeping the page and its state.
  const revalidate = (event: Event) => {
    event.preventDefault(); // handled: the dev script does not reload the page
    void router.revalidate();
  };
  window.addEventListener(DEV_REVALIDATE, revalidate);
  const element = (
    <SessionContext.Provider value={session}>
      <PrefetchContext.Provider value={prefetch}>
        <RouterProvider router={router} />
      </PrefetchContext.Provider>
    </SessionContext.Provider>
  );
  return {
    router,
    element,
    dispose() {
      window.removeEventListener(DEV_REVALIDATE, revalidate);
      unsubscribe();
      router.dispose();
    },
  };
}

/**
 * Whether navigating to `matches` would load data, as React Router decides by default: a
 * route with a loader that is new or now matches another path, or any one when the query
 * changes. Layouts that stay put are not loaded again, so hovering a link beside them
 * should not ask Django for anything.
 */
function needsData(
  matches: { route: { id: string; loader?: unknown }; pathname: string }[],
  state: DataRouter["state"],
  search: string,
): boolean {
  const loading = matches.filter((match) => match.route.loader);
  if (loading.length > 0 && search !== state.location.search) {
    return true;
  }
  return loading.some((match) => {
    const current = state.matches.find((shown) => shown.route.id === match.route.id);
    return current === undefined || current.pathname !== match.pathname;
  });
}

/**
 * The document's route data as React Router's hydration state. The protocol keys an
 * error by the route that failed; React Router keys it by the boundary that renders it.
 */
function hydrationState(
  data: RouteData,
  failed: Record<string, ProblemDocument>,
  built: BuiltRoutes,
  matched: string[],
): HydrationState {
  const loaderData: Record<string, unknown> = { ...(isRecord(data.routes) ? data.routes : {}) };
  if (built.info.has(NOT_FOUND_ROUTE_ID) && !(NOT_FOUND_ROUTE_ID in loaderData)) {
    loaderData[NOT_FOUND_ROUTE_ID] = null; // Django has no data for a URL it has no route for
  }
  let errors: Record<string, unknown> | null = null;
  const placed = placeErrors(failed, (problem) => problem.status, matched, built.info);
  for (const [boundary, problem] of Object.entries(placed)) {
    errors ??= {};
    errors[boundary] = problemResponse(problem);
  }
  const leaf = matched.at(-1);
  if ("action" in data && leaf !== undefined) {
    // A native form post's answer, which the server rendered as the leaf's action data.
    return { loaderData, errors, actionData: { [leaf]: data.action } };
  }
  return { loaderData, errors };
}

/**
 * Applies the page's meta now and after every navigation. The title of the document as
 * served stays the fallback when the first page's meta gives none. `meta.js` is loaded
 * with the first route module that has a `meta` (see `metaModule`); until then there is
 * nothing to apply.
 */
function keepMeta(router: DataRouter, built: BuiltRoutes): () => void {
  let first = true;
  let fallbackTitle: string | undefined;
  let shown: [unknown, unknown] = [undefined, undefined];
  const apply = () => {
    const { matches, loaderData, errors, navigation } = router.state;
    if (navigation.state !== "idle" || (shown[0] === matches && shown[1] === loaderData)) {
      return;
    }
    shown = [matches, loaderData];
    const module = metaModule.value;
    if (module === undefined) {
      // No route module with a `meta` has loaded yet: the head is still as Django sent it.
      if (first) {
        fallbackTitle = document.title;
      }
      first = false;
      return;
    }
    try {
      const notFoundMeta = built.loadNotFound?.value?.meta;
      const meta = module.collectMeta(matches, loaderData, errors, notFoundMeta);
      if (first && meta.title === undefined) {
        fallbackTitle = document.title;
      }
      first = false;
      module.applyMeta(document, meta, fallbackTitle);
    } catch (error) {
      console.error("DjangoKit: a route's meta() failed", error);
    }
  };
  apply();
  return router.subscribe(apply);
}
