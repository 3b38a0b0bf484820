/**
 * The route manifest: what DjangoKit's build generates from `routes/` for the runtime,
 * one entry per React Router route. README.md documents it for the Python side.
 */
import type { ComponentType } from "react";

import type { ErrorProps } from "./errors.js";
import type { MetaFunction } from "./meta.js";

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
