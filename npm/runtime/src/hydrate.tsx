/**
 * The browser entry points that DjangoKit's generated client entry (and a custom
 * frontend) calls: `hydrate()` over server-rendered markup, `render()` without it.
 */
import { type ReactNode, useEffect } from "react";
import { type Root, createRoot, hydrateRoot } from "react-dom/client";
import type { DataRouter } from "react-router-dom";

import { ROUTE_DATA_ID, readRouteData } from "./json.js";
import type { RouteData } from "./protocol.js";
import { type ClientAppOptions, createClientApp } from "./router.js";

/** The `id` of the element the document shell renders the app into. */
export const ROOT_ELEMENT_ID = "djangokit-root";

/** Set on the root element once the app has committed and answers input. */
export const READY_ATTRIBUTE = "data-ready";

export interface HydrateOptions extends ClientAppOptions {
  /** The element to render into; `#djangokit-root` by default. */
  container?: Element;
  /** The `id` of the route-data script; `"djangokit-data"` by default. */
  dataElementId?: string;
}

/** A running app: its React Router instance, and how to take it down again. */
export interface MountedApp {
  router: DataRouter;
  unmount(): void;
}

/**
 * Starts the app on a page Django served: hydrates the server-rendered markup, or renders
 * from scratch where there is none (SSR off or failed), with the route data embedded in
 * the page so that no request is made for it. Resolves once React has committed the
 * page, when it answers clicks and submissions; the root element then has `data-ready`.
 *
 * ```ts
 * import { hydrate } from "@djangokit/runtime";
 * import { routes, notFound } from "./routes.js"; // generated
 * hydrate({ routes, notFound });
 * ```
 */
export function hydrate(options: HydrateOptions): Promise<MountedApp> {
  return start(options, true);
}

/**
 * Like `hydrate()`, but always renders on the client, replacing whatever the container
 * holds: for pages that are never server-rendered.
 */
export function render(options: HydrateOptions): Promise<MountedApp> {
  return start(options, false);
}

async function start(options: HydrateOptions, hydrating: boolean): Promise<MountedApp> {
  const container = options.container ?? document.getElementById(ROOT_ELEMENT_ID);
  if (container === null) {
    throw new Error(
      `DjangoKit: the page has no #${ROOT_ELEMENT_ID} element to render into; ` +
        `pass hydrate({ container }) or render({ container }).`,
    );
  }
  const data = readRouteData<RouteData>(document, options.dataElementId ?? ROUTE_DATA_ID);
  const app = await createClientApp(options, data);
  let root: Root | undefined;
  await new Promise<void>((resolve, reject) => {
    const element = (
      <>
        {app.element}
        <Committed onCommit={resolve} />
      </>
    );
    const onUncaughtError = (error: unknown) => reject(error);
    if (hydrating && hasMarkup(container)) {
      root = hydrateRoot(container, element, { onUncaughtError });
    } else {
      root = createRoot(container, { onUncaughtError });
      root.render(element);
    }
  });
  // Tests, styles and scripts can tell a page that answers (`#djangokit-root[data-ready]`)
  // from server markup still waiting for its JavaScript.
  container.setAttribute(READY_ATTRIBUTE, "");
  return {
    router: app.router,
    unmount() {
      container.removeAttribute(READY_ATTRIBUTE);
      root?.unmount();
      app.dispose();
    },
  };
}

/** Renders nothing; its effect runs once React has committed the tree around it. */
function Committed({ onCommit }: { onCommit: () => void }): ReactNode {
  useEffect(onCommit, [onCommit]);
  return null;
}

/** Whether the server rendered into the container (whitespace alone is a template's). */
function hasMarkup(container: Element): boolean {
  return container.firstElementChild !== null || (container.textContent ?? "").trim() !== "";
}
