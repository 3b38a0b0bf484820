/**
 * The route data protocol of docs/decisions/0001-route-data-protocol.md, read into what
 * React Router understands: loader values, thrown route errors, redirects.
 *
 * Pure functions over already-received answers, so the browser client and the server
 * render read the format the same way.
 */
import { data, redirect, redirectDocument } from "react-router-dom";

import { NOT_FOUND_ROUTE_ID } from "./manifest.js";
import { type ProblemDocument, problemResponse, problemStatus, toProblem } from "./problem.js";
import type { User } from "./user.js";

/** The request header that asks Django for route data instead of a document. */
export const DATA_HEADER = "X-DjangoKit-Data";

/**
 * The route data of a page: the JSON in `<script id="djangokit-data">`, and (less `url`,
 * `prefix` and `params`) the answer to every client navigation.
 */
export interface RouteData {
  url?: string;
  /** The URL prefix the routes are mounted below: `""` or `"/app"`. */
  prefix?: string;
  /** The ids of the matched routes, root first; informational. */
  matches?: string[];
  params?: Record<string, string>;
  /** Each matched route id that has server data, mapped to that data (`null` included). */
  routes: Record<string, unknown>;
  /** The route whose handler failed, mapped to its RFC 9457 problem document. */
  errors?: Record<string, ProblemDocument> | null;
  status?: number;
  /** The user serializer's output; `useUser()` fills in what a custom one leaves out. */
  user?: Partial<User>;
  csrfToken?: string;
  /** Set in the document of a URL that no Django route matches. */
  notFound?: boolean;
  /** In the document answering a native form post: the handler's result (`useActionData`). */
  action?: unknown;
}

/** A response body as the client received it. */
export interface RawAnswer {
  status: number;
  statusText: string;
  /** The parsed body when it was JSON, else `undefined`. */
  json: unknown;
}

/** What a data request came to, before each route takes its part. */
export type Answer =
  | { kind: "data"; routes: Record<string, unknown>; errors: Record<string, ProblemDocument> }
  | { kind: "redirect"; location: string }
  | { kind: "document"; location: string }
  | { kind: "problem"; problem: ProblemDocument };

/**
 * Reads the answer to a GET data request for `url`.
 *
 * `{"redirect"}` becomes an absolute URL, so React Router neither prefixes it with the
 * basename again nor mistakes another origin for its own. An answer that is not JSON at
 * all came from a Django view that is not a DjangoKit route (the admin, a login view):
 * the browser is sent there, unless that is the page already shown, which would loop.
 */
export function readAnswer(raw: RawAnswer, url: string, currentUrl?: string): Answer {
  const body = raw.json;
  if (isRecord(body) && typeof body.redirect === "string") {
    return { kind: "redirect", location: new URL(body.redirect, url).href };
  }
  if (isRecord(body) && ("routes" in body || "errors" in body)) {
    const routes = isRecord(body.routes) ? body.routes : {};
    const errors: Record<string, ProblemDocument> = {};
    if (isRecord(body.errors)) {
      for (const [id, problem] of Object.entries(body.errors)) {
        errors[id] = toProblem(problem, problemStatus(problem));
        const login = loginLocation(problem, url);
        if (login !== undefined) {
          return { kind: "redirect", location: login };
        }
      }
    }
    return { kind: "data", routes, errors };
  }
  const login = raw.status === 401 ? loginLocation(body, url) : undefined;
  if (login !== undefined) {
    return { kind: "redirect", location: login };
  }
  if (body === undefined && raw.status < 500 && stripHash(url) !== stripHash(currentUrl)) {
    return { kind: "document", location: url };
  }
  if (raw.status >= 200 && raw.status < 300) {
    return { kind: "data", routes: {}, errors: {} }; // plain JSON: nothing for the routes
  }
  return { kind: "problem", problem: toProblem(raw.json, raw.status, raw.statusText) };
}

/**
 * The problems the routes of a document render, by failing route: the data's own, plus a
 * 404 where Django matched no route (`notFound`) though React Router matched some (`matched`,
 * root first): Django refused a converter, `<int:id>` for `/notes/abc`. The 404 goes to the
 * first route below the top one, so that the not-found page shows inside the root layout.
 */
export function documentErrors(
  data: RouteData,
  matched: string[],
): Record<string, ProblemDocument> {
  const errors: Record<string, ProblemDocument> = {};
  for (const [id, problem] of Object.entries(isRecord(data.errors) ? data.errors : {})) {
    errors[id] = toProblem(problem, problemStatus(problem));
  }
  const target = matched[1] ?? matched[0];
  if (data.notFound === true && Object.keys(errors).length === 0 && target !== undefined) {
    if (target !== NOT_FOUND_ROUTE_ID) {
      errors[target] = toProblem({ detail: "No route matches this URL." }, 404);
    }
  }
  return errors;
}

/** The loader value of route `id`, or the redirect or route error it throws. */
export function routeValue(answer: Answer, id: string): unknown {
  switch (answer.kind) {
    case "redirect":
      throw redirect(answer.location);
    case "document":
      throw redirectDocument(answer.location);
    case "problem":
      throw problemResponse(answer.problem);
    case "data": {
      // Django stops loading at the first failure: a route with no data in an answer with
      // an error is below the failed one (whose loader may not even run in this
      // navigation, a layout that stays), and fails with it.
      const problem =
        answer.errors[id] ??
        (id in answer.routes ? undefined : Object.values(answer.errors).at(0));
      if (problem !== undefined) {
        throw problemResponse(problem);
      }
      // React Router wants a value from every loader; a route without data has null.
      return answer.routes[id] ?? null;
    }
  }
}

/**
 * The action value of a mutation's answer: `{"action": data, "status": n}` becomes action
 * data with that status (React Router skips revalidation after a 4xx/5xx, as a form with
 * validation errors wants), `{"redirect"}` a redirect; any other failure a route error.
 */
export function actionValue(raw: RawAnswer, url: string): unknown {
  const body = raw.json;
  if (isRecord(body) && typeof body.redirect === "string") {
    return redirect(new URL(body.redirect, url).href);
  }
  const login = raw.status === 401 ? loginLocation(body, url) : undefined;
  if (login !== undefined) {
    return redirect(login);
  }
  if (isRecord(body) && "action" in body) {
    const status = typeof body.status === "number" ? body.status : raw.status;
    return data(body.action ?? null, { status });
  }
  if (raw.status >= 200 && raw.status < 300) {
    return data(body ?? null, { status: raw.status });
  }
  throw problemResponse(toProblem(raw.json, raw.status, raw.statusText));
}

/**
 * Where a 401 problem asks the visitor to sign in: its `loginUrl` (`@login_required` puts
 * `?next=` in it), absolute like a redirect. Only a same-origin URL: a problem's members
 * are data, and a navigation elsewhere would be an open redirect.
 */
export function loginLocation(problem: unknown, url: string): string | undefined {
  if (!isRecord(problem) || problem.status !== 401 || typeof problem.loginUrl !== "string") {
    return undefined;
  }
  const location = new URL(problem.loginUrl, url);
  return location.origin === new URL(url).origin ? location.href : undefined;
}

/** React Router's basename for the data's `prefix`: `""` → none, `"app/"` → `"/app"`. */
export function toBasename(prefix: string | undefined): string | undefined {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? undefined : `/${trimmed}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stripHash(url: string | undefined): string | undefined {
  return url?.replace(/#.*$/, "");
}
