/**
 * Error boundaries: what an `error.tsx` receives, and the page shown where a project has
 * none (its `not-found.tsx` for a 404, a bare status line otherwise).
 */
import type { ComponentType } from "react";
import { isRouteErrorResponse, useRouteError } from "react-router-dom";

import { type ProblemDocument, toProblem } from "./problem.js";

/**
 * The props of an `error.tsx` component.
 *
 * ```tsx
 * export default function Error({ problem }: ErrorProps) {
 *   return <h1>{problem.status === 403 ? "Members only" : problem.title}</h1>;
 * }
 * ```
 */
export interface ErrorProps {
  /** What was thrown: a route error response for server problems, else an `Error`. */
  error: unknown;
  /** The error as an RFC 9457 problem: the server's own, or one made from the error. */
  problem: ProblemDocument;
}

/** A problem document for anything a route can throw. */
export function problemOf(error: unknown): ProblemDocument {
  if (!isRouteErrorResponse(error)) {
    return toProblem({}, 500); // a component threw: its message stays in the console
  }
  const data = error.data as { status?: unknown } | null;
  if (typeof data === "object" && data !== null && typeof data.status === "number") {
    return toProblem(data, data.status); // a problem document from Django
  }
  // React Router's own errors (no route matches, no action) carry a developer message.
  const members: Record<string, unknown> = {};
  if (error.statusText !== "") {
    members.title = error.statusText;
  }
  if (typeof error.data === "string" && !("internal" in error && error.internal === true)) {
    members.detail = error.data;
  }
  return toProblem(members, error.status);
}

/**
 * The route's `ErrorBoundary`: the project's `error.tsx` with the error as props, or the
 * not-found page for a 404 when the project has one (`Http404` shows `not-found.tsx`).
 */
export function errorBoundary(
  Page: ComponentType<ErrorProps>,
  notFound: () => ComponentType | undefined = () => undefined,
): ComponentType {
  return function ErrorBoundary() {
    const error = useRouteError();
    const problem = problemOf(error);
    const NotFound = problem.status === 404 ? notFound() : undefined;
    if (NotFound !== undefined) {
      return <NotFound />;
    }
    return <Page error={error} problem={problem} />;
  };
}

/**
 * The boundary of a route just inside the root layout where the root has an `error.tsx`:
 * it shows the not-found page for a 404, inside the root layout. The runtime places no
 * other route error here (see `placeErrors`); an error thrown while rendering goes on up
 * to the root's `error.tsx`, as it would without this boundary.
 */
export function notFoundBoundary(notFound: () => ComponentType | undefined): ComponentType {
  const Default = defaultErrorBoundary(notFound);
  return function NotFoundBoundary() {
    const error = useRouteError();
    if (problemOf(error).status !== 404) {
      throw error;
    }
    return <Default />;
  };
}

/**
 * The boundary where no `error.tsx` applies: the not-found page for a 404 when it is
 * loaded (the runtime loads it before any 404 reaches the screen), else the status line.
 */
export function defaultErrorBoundary(notFound: () => ComponentType | undefined): ComponentType {
  return function DefaultErrorBoundary() {
    const problem = problemOf(useRouteError());
    const NotFound = problem.status === 404 ? notFound() : undefined;
    if (NotFound !== undefined) {
      return <NotFound />;
    }
    return (
      <main>
        <h1>
          {problem.status} {problem.title}
        </h1>
        {problem.detail === undefined ? null : <p>{problem.detail}</p>}
      </main>
    );
  };
}
