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
 * The problem document of an error response: its JSON body when it is one, filled in from
 * the status line.
 */
export function toProblem(
  response: Pick<Response, "status" | "statusText">,
  body: unknown,
): ProblemDocument {
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
    title: response.statusText || `HTTP ${response.status}`,
    ...members,
    // The response's status is authoritative (RFC 9457 §3.1.2), whatever the body says.
    status: response.status,
  };
}
