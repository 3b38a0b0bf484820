import { getCsrfToken } from "./csrf.js";
import { type ProblemDocument, toProblem } from "./problem.js";

export type { ProblemDocument } from "./problem.js";

/**
 * Thrown by `api` for every response outside 2xx.
 *
 * ```ts
 * try {
 *   await api.post("/notes", { title: "" });
 * } catch (error) {
 *   if (error instanceof ApiError && error.status === 400) showErrors(error.problem.errors);
 *   else throw error;
 * }
 * ```
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** The HTTP status of the response. */
  readonly status: number;
  /**
   * The response's problem document. A JSON error body that is not one (a handler's
   * `return 400, {"errors": …}`) is read as its extension members, and a body that is
   * not JSON at all (a proxy's HTML page) leaves only `type`, `title` and `status`.
   */
  readonly problem: ProblemDocument;
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, problem: ProblemDocument) {
    const detail = problem.detail === undefined ? "" : `: ${problem.detail}`;
    super(`${method} ${url} failed with ${problem.status} ${problem.title}${detail}`);
    this.status = problem.status;
    this.problem = problem;
    this.method = method;
    this.url = url;
  }
}

/** Per-request options, passed through to `fetch`. */
export interface ApiRequestOptions {
  headers?: HeadersInit;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** The `fetch` to call; `globalThis.fetch`, looked up at each request, by default. */
  fetch?: typeof globalThis.fetch;
  /** Returns the CSRF token for unsafe methods; `getCsrfToken(document)` by default. */
  csrfToken?: () => string | undefined;
}

/** `api.get|post|put|patch|delete`: JSON in, JSON out, CSRF handled, errors thrown. */
export interface ApiClient {
  get<T = unknown>(url: string, options?: ApiRequestOptions): Promise<T>;
  post<T = unknown>(url: string, body?: unknown, options?: ApiRequestOptions): Promise<T>;
  put<T = unknown>(url: string, body?: unknown, options?: ApiRequestOptions): Promise<T>;
  patch<T = unknown>(url: string, body?: unknown, options?: ApiRequestOptions): Promise<T>;
  delete<T = unknown>(url: string, body?: unknown, options?: ApiRequestOptions): Promise<T>;
}

/**
 * Makes an API client; most code uses the ready-made `api`.
 *
 * ```ts
 * const notes = await api.get<Note[]>("/api/notes");
 * const note = await api.post<Note>("/api/notes", { title: "Hello" });
 * ```
 *
 * Every request asks for JSON (`Accept: application/json`) and sends cookies to the same
 * origin only. A body is sent as JSON, except `FormData`, `URLSearchParams` and `Blob`,
 * which go as they are (file uploads). Unsafe methods to the page's own origin (a relative
 * URL, or an absolute one on the same origin) carry `X-CSRFToken`; other origins never get
 * it. A 2xx answer resolves to its parsed JSON, to its text when it is not JSON, or to
 * `undefined` when it is empty; anything else rejects with an `ApiError`.
 */
export function createApi(options: ApiClientOptions = {}): ApiClient {
  const request = async <T>(
    method: string,
    url: string,
    body: unknown,
    requestOptions: ApiRequestOptions = {},
  ): Promise<T> => {
    const headers = new Headers(requestOptions.headers);
    if (!headers.has("Accept")) {
      headers.set("Accept", "application/json");
    }
    // The token is the session's: never hand it to another origin.
    if (method !== "GET" && !headers.has("X-CSRFToken") && isSameOrigin(url)) {
      const token = (options.csrfToken ?? csrfTokenFromDocument)();
      if (token !== undefined) {
        headers.set("X-CSRFToken", token);
      }
    }
    const init: RequestInit = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      if (isRawBody(body)) {
        init.body = body;
      } else {
        init.body = JSON.stringify(body);
        if (!headers.has("Content-Type")) {
          headers.set("Content-Type", "application/json");
        }
      }
    }
    if (requestOptions.signal !== undefined) {
      init.signal = requestOptions.signal;
    }

    const response = await (options.fetch ?? globalThis.fetch)(url, init);
    const text = await response.text();
    const isJson = /[/+]json\b/i.test(response.headers.get("Content-Type") ?? "");
    if (!response.ok) {
      const problemBody = isJson ? parseOrUndefined(text) : undefined;
      throw new ApiError(method, url, toProblem(problemBody, response.status, response.statusText));
    }
    if (text === "") {
      return undefined as T;
    }
    return (isJson ? JSON.parse(text) : text) as T;
  };

  return {
    get: (url, requestOptions) => request("GET", url, undefined, requestOptions),
    post: (url, body, requestOptions) => request("POST", url, body, requestOptions),
    put: (url, body, requestOptions) => request("PUT", url, body, requestOptions),
    patch: (url, body, requestOptions) => request("PATCH", url, body, requestOptions),
    delete: (url, body, requestOptions) => request("DELETE", url, body, requestOptions),
  };
}

/** The API client for the current page: global `fetch`, the page's CSRF token. */
export const api: ApiClient = /* @__PURE__ */ createApi();

function csrfTokenFromDocument(): string | undefined {
  // No `document` during a server render; requests made there are the caller's business.
  return typeof document === "undefined" ? undefined : getCsrfToken(document);
}

/** Whether `url` stays on the page's origin; without a page, only a relative URL does. */
export function isSameOrigin(url: string): boolean {
  const page = typeof location === "undefined" ? undefined : location.href;
  if (page === undefined) {
    // "/api/x", "x", "?q": relative. "https://…", "//host/…", "\\host": another origin.
    return !/^(?:[a-z][a-z\d+.-]*:|[\\/]{2})/i.test(url);
  }
  try {
    return new URL(url, page).origin === new URL(page).origin;
  } catch {
    return false;
  }
}

function isRawBody(body: unknown): body is FormData | URLSearchParams | Blob {
  return (
    (typeof FormData !== "undefined" && body instanceof FormData) ||
    (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) ||
    (typeof Blob !== "undefined" && body instanceof Blob)
  );
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
