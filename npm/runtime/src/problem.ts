/**
 * RFC 9457 problem documents, the shape of every error DjangoKit reports. Its own module
 * so that the route-data client can use it without pulling in the `api` client.
 */

/**
 * An RFC 9457 problem document (`application/problem+json`), as DjangoKit's `Problem`
 * writes it. Extension members, such as a form's `errors`, are kept alongside.
 */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/**
 * The one constructor of problem documents: from a *body* (a problem Django sent, any JSON
 * error body, or nothing), with *status* authoritative (RFC 9457 §3.1.2) whatever the body
 * says, and a title from the body, else the status line, else the status code's name.
 *
 * ```ts
 * toProblem({ detail: "Boom" }, 500); // { type: "about:blank", title: "Internal Server Error", status: 500, detail: "Boom" }
 * toProblem(await response.json(), response.status, response.statusText);
 * ```
 */
export function toProblem(body: unknown, status: number, statusText = ""): ProblemDocument {
  const members: Record<string, unknown> =
    typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body } : {};
  // The standard members are strings when present; a body that says otherwise is not
  // trusted with them.
  for (const key of ["type", "title", "detail", "instance"]) {
    if (key in members && typeof members[key] !== "string") {
      delete members[key];
    }
  }
  return {
    type: "about:blank",
    title: statusText || statusTitle(status),
    ...members,
    status,
  };
}

/** The status a problem from the wire carries, else *fallback*. */
export function problemStatus(value: unknown, fallback = 500): number {
  const status = (value as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : fallback;
}

/**
 * The value React Router receives as a route error for a problem document: a route
 * error response whose `data` is the problem, so `isRouteErrorResponse()` holds and
 * `error.tsx` reads the problem the same way in loaders and in hydration.
 */
export interface ProblemResponse {
  status: number;
  statusText: string;
  internal: false;
  data: ProblemDocument;
}

export function problemResponse(problem: ProblemDocument): ProblemResponse {
  return { status: problem.status, statusText: problem.title, internal: false, data: problem };
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function statusTitle(status: number): string {
  return TITLES[status] ?? `HTTP ${status}`;
}
