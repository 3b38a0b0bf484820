/**
 * `@djangokit/runtime/server`: renders a page to HTML for the Node SSR renderer, from the
 * route data Django already loaded (no request leaves the renderer), with the same routes
 * and modules the browser hydrates, so the markup matches.
 */
import type { ReactNode } from "react";
import { renderToReadableStream, renderToString } from "react-dom/server";
import {
  type DataRouteMatch,
  type StaticHandler,
  type StaticHandlerContext,
  StaticRouterProvider,
  createStaticHandler,
  createStaticRouter,
  isRouteErrorResponse,
  matchRoutes,
} from "react-router-dom";

import { resolveFirstRoutes } from "./lazy.js";
import {
  type CreateRoutesOptions,
  NOT_FOUND_ROUTE_ID,
  type RouteManifestEntry,
} from "./manifest.js";
import { collectMeta, metaToHtml } from "./meta.js";
import { problemResponse } from "./problem.js";
import {
  type Answer,
  type RouteData,
  documentErrors,
  isRecord,
  routeValue,
  toBasename,
} from "./protocol.js";
import { type BuiltRoutes, buildRoutes, placeErrors } from "./routes.js";
import { SessionContext, createSession } from "./user.js";

export type { RouteData } from "./protocol.js";
export type { RouteManifestEntry } from "./manifest.js";

export interface RenderPageOptions extends CreateRoutesOptions {
  /** The generated route manifest, the same the client entry hydrates with. */
  routes: RouteManifestEntry[];
  /** The requested URL: a path with its query (`/blog/hello?page=2`) or an absolute URL. */
  url: string;
  /** The page's route data, exactly as embedded in the document for the client. */
  data: RouteData;
}

export interface RenderedPage {
  /** The markup for the root element (`#djangokit-root`). */
  html: string;
  /** `<title>` and `<meta>` tags from the routes' `meta`, for the document's head. */
  head: string;
  /** The page's HTTP status: Django's, or 404 where no route matches the URL. */
  status: number;
}

/**
 * Renders the page at `url` with the route data Django loaded for it.
 *
 * ```ts
 * import { renderPage } from "@djangokit/runtime/server";
 * import { routes, notFound } from "./routes.js"; // generated
 * const { html, head, status } = await renderPage({ routes, notFound, url, data });
 * ```
 *
 * Waits for every Suspense boundary, so the markup is complete (a page that does not suspend
 * is rendered synchronously with `renderToString`, one that does with the stream renderer).
 * Rejects when rendering fails outside an error boundary; the caller then serves the page
 * without markup and the browser renders it.
 */
export async function renderPage(options: RenderPageOptions): Promise<RenderedPage> {
  const { data } = options;
  const origin = "http://djangokit.invalid";
  const url = new URL(options.url, origin);
  const basename = toBasename(data.prefix);
  const prep = prepare(options, basename);
  const { built, handler } = prep;
  // The same reading of the data as the browser's hydration, so the markup matches.
  const routes = isRecord(data.routes) ? data.routes : {};
  let answer: Answer = { kind: "data", routes, errors: {} };
  let context = direct(prep, url, basename, data, answer);
  if (context === undefined) {
    await built.loadNotFound?.(); // the default error boundary renders it for any 404
    const matched = await resolveFirstRoutes(built.routes, url.pathname + url.search, basename);
    answer = { kind: "data", routes, errors: documentErrors(data, matched) };
    // This request's answer reaches the loaders as the request context (see prepare()).
    const queried = await handler.query(new Request(url), { requestContext: answer });
    if (queried instanceof Response) {
      throw new Error(`DjangoKit: rendering ${url.pathname} gave a ${queried.status} response`);
    }
    context = queried;
  }
  const noMatch = Object.values(context.errors ?? {}).some(
    (error) => isRouteErrorResponse(error) && "internal" in error && error.internal === true,
  );
  if (Object.keys(answer.errors).length > 0 && !noMatch) {
    // Where each error shows, as hydration places it (a 404: the not-found page inside the
    // root layout), rather than at React Router's nearest boundary.
    const matchedIds = context.matches.map((match) => match.route.id);
    const placed = placeErrors(answer.errors, (p) => p.status, matchedIds, built.info);
    context.errors = Object.fromEntries(
      Object.entries(placed).map(([id, problem]) => [id, problemResponse(problem)]),
    );
  }
  const leaf = context.matches.at(-1)?.route.id;
  if ("action" in data && leaf !== undefined) {
    context.actionData = { [leaf]: data.action }; // a native form post's answer
  }
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = await renderToHtml(
    <SessionContext.Provider value={createSession(data)}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </SessionContext.Provider>,
  );
  const notFoundMeta = built.loadNotFound?.value?.meta;
  const head = metaToHtml(
    collectMeta(context.matches, context.loaderData, context.errors, notFoundMeta),
  );

  const unmatched =
    leaf === NOT_FOUND_ROUTE_ID ||
    Object.values(context.errors ?? {}).some(
      (error) =>
        isRouteErrorResponse(error) &&
        error.status === 404 &&
        "internal" in error &&
        error.internal === true,
    );
  const status = unmatched ? 404 : (data.status ?? context.statusCode);
  return { html, head, status };
}

/**
 * The context React Router's static handler builds for a page whose routes all loaded
 * their data, built directly: the data is already here, so the handler's request, loader
 * calls and promises are a third of a render for nothing. `undefined` (the handler then
 * answers) for anything else: an error or a 404 in the data, a URL no route matches, or a
 * route whose module an earlier render has not loaded yet (the handler loads it).
 */
function direct(
  { handler, matches: matched }: Prepared,
  url: URL,
  basename: string | undefined,
  data: RouteData,
  answer: Answer,
): StaticHandlerContext | undefined {
  if (data.notFound === true || (isRecord(data.errors) && Object.keys(data.errors).length > 0)) {
    return undefined;
  }
  const location = {
    pathname: url.pathname,
    search: url.search,
    hash: url.hash,
    state: null,
    key: "default",
  };
  let matches = matched.get(url.pathname);
  if (matches === undefined) {
    matches = matchRoutes(handler.dataRoutes, location, basename);
    if (matched.size >= MATCHES_KEPT) matched.clear();
    matched.set(url.pathname, matches);
  }
  if (matches === null || matches.some((match) => match.route.lazy !== undefined)) {
    return undefined;
  }
  matches = [...matches]; // React Router's context owns its array
  const loaderData: Record<string, unknown> = {};
  for (const match of matches) {
    if (match.route.loader !== undefined) {
      loaderData[match.route.id] = routeValue(answer, match.route.id);
    }
  }
  return {
    basename: basename ?? "/",
    location,
    matches,
    loaderData,
    actionData: null,
    errors: null,
    statusCode: 200,
    loaderHeaders: {},
    actionHeaders: {},
  };
}

interface Prepared {
  built: BuiltRoutes;
  handler: StaticHandler;
  notFound: RenderPageOptions["notFound"];
  /** `matchRoutes()` by path: it ranks every route on each call (~6% of a render). */
  matches: Map<string, DataRouteMatch[] | null>;
}

/** How many paths' matches are kept per prepared routes (then forgotten all at once). */
const MATCHES_KEPT = 1000;

/** The routes and static handler of each route manifest (and basename), built once. */
const prepared = new WeakMap<RouteManifestEntry[], Map<string, Prepared>>();

/**
 * The routes and React Router's static handler for `options.routes`, built on the first
 * render and reused by every later one (about a tenth of a render's time each): their
 * loaders read the route data of the render at hand from the request context, never from
 * a closure, so no render sees another's data.
 */
function prepare(options: RenderPageOptions, basename: string | undefined): Prepared {
  let byBasename = prepared.get(options.routes);
  if (byBasename === undefined) {
    byBasename = new Map();
    prepared.set(options.routes, byBasename);
  }
  const key = basename ?? "";
  const found = byBasename.get(key);
  if (found !== undefined && found.notFound === options.notFound) {
    return found;
  }
  const built = buildRoutes(
    options.routes,
    options.notFound === undefined ? {} : { notFound: options.notFound },
    {
      loader: (id, args) => routeValue(args.context as Answer, id),
      action: () => {
        throw new Error("DjangoKit: renderPage() renders GET requests; actions run in Django");
      },
    },
  );
  const handler = createStaticHandler(built.routes, basename === undefined ? {} : { basename });
  const made = { built, handler, notFound: options.notFound, matches: new Map() };
  byBasename.set(key, made);
  return made;
}

/** What React writes for a Suspense boundary it left for the browser (`<!--$!-->`). */
const CLIENT_RENDERED_BOUNDARY = "<!--$!-->";

async function renderToHtml(element: ReactNode): Promise<string> {
  // The static handler has loaded the matched routes' modules and data, so a page rarely
  // suspends: render it synchronously (about half the cost of the stream renderer). A page
  // that does suspend (or fails inside a Suspense boundary) leaves a client-rendered
  // boundary or throws; it is rendered again by the stream renderer, which waits for it.
  try {
    const html = renderToString(element);
    if (!html.includes(CLIENT_RENDERED_BOUNDARY)) return html;
  } catch {
    // suspended outside a Suspense boundary, or failed: the stream renderer decides
  }
  return renderToStream(element);
}

async function renderToStream(element: ReactNode): Promise<string> {
  const stream = await renderToReadableStream(element, {
    // An error inside a Suspense boundary leaves that boundary for the browser to render;
    // one outside rejects below. Either way the renderer's log is the place to see it.
    onError(error) {
      console.error("DjangoKit: a component failed in the server render", error);
    },
  });
  await stream.allReady;
  return new Response(stream).text();
}
