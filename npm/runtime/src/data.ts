/**
 * The browser's side of the route data protocol: one request per navigation, prefetched
 * answers reused, mutations sent with the CSRF token, the session kept current.
 */
import { getCsrfToken } from "./csrf.js";
import { type Answer, DATA_HEADER, type RawAnswer, actionValue, readAnswer } from "./protocol.js";
import { type Session, createSession } from "./user.js";

/** How long a prefetched answer waits for the navigation that uses it, in milliseconds. */
export const PREFETCH_TTL = 5_000;

export interface DataClient {
  readonly session: Session;
  /**
   * The answer to `GET request.url` with `X-DjangoKit-Data: 1`. React Router hands every
   * loader of one navigation the same `Request`, so they share one fetch.
   */
  load(request: Request): Promise<Answer>;
  /** Fetches the route data of `url` (absolute) now, for a navigation soon to come. */
  prefetch(url: string): void;
  /** Sends a mutation (`POST`, `PUT`, …) and returns its action value or redirect. */
  submit(request: Request): Promise<unknown>;
}

export interface DataClientOptions {
  session?: Session;
  /** `globalThis.fetch`, looked up at each request, by default. */
  fetch?: typeof globalThis.fetch;
}

export function createDataClient(options: DataClientOptions = {}): DataClient {
  const session = options.session ?? createSession();
  const send: typeof globalThis.fetch = (input, init) =>
    (options.fetch ?? globalThis.fetch)(input, init);
  const answers = new WeakMap<Request, Promise<Answer>>();
  const prefetched = new Map<string, { raw: Promise<RawAnswer>; expires: number }>();

  const get = (url: string, signal?: AbortSignal): Promise<RawAnswer> => {
    const init: RequestInit = {
      headers: { Accept: "application/json", [DATA_HEADER]: "1" },
      credentials: "same-origin",
    };
    if (signal !== undefined) {
      init.signal = signal;
    }
    return receive(send(url, init));
  };

  /** A fresh prefetched answer for `url`, used once: later loads ask the server again. */
  const takePrefetched = (url: string, signal: AbortSignal): Promise<RawAnswer> | undefined => {
    const entry = prefetched.get(url);
    prefetched.delete(url);
    if (entry === undefined || entry.expires < Date.now()) {
      return undefined;
    }
    // A prefetch that failed (offline for a moment) is no reason to fail the navigation.
    return entry.raw.catch(() => get(url, signal));
  };

  return {
    session,
    load(request) {
      let answer = answers.get(request);
      if (answer === undefined) {
        answer = (async () => {
          const raw = await (takePrefetched(request.url, request.signal) ??
            get(request.url, request.signal));
          const read = readAnswer(raw, request.url, globalThis.location?.href);
          if (read.kind === "data" || read.kind === "redirect") {
            session.update(raw.json);
          }
          return read;
        })();
        answers.set(request, answer);
      }
      return answer;
    },
    prefetch(url) {
      const now = Date.now();
      for (const [key, entry] of prefetched) {
        if (entry.expires < now) {
          prefetched.delete(key);
        }
      }
      if (!prefetched.has(url)) {
        const raw = get(url);
        raw.catch(() => {}); // reported, if ever, by the navigation that uses it
        prefetched.set(url, { raw, expires: now + PREFETCH_TTL });
      }
    },
    async submit(request) {
      // Data prefetched before a mutation may be stale after it.
      prefetched.clear();
      const headers = new Headers({ Accept: "application/json", [DATA_HEADER]: "1" });
      const token = cookieToken() ?? session.csrfToken;
      if (token !== "") {
        headers.set("X-CSRFToken", token);
      }
      const type = request.headers.get("Content-Type");
      if (type !== null) {
        headers.set("Content-Type", type); // keeps a multipart boundary
      }
      const raw = await receive(
        send(request.url, {
          method: request.method,
          headers,
          body: await request.arrayBuffer(),
          credentials: "same-origin",
          signal: request.signal,
        }),
      );
      const body = raw.json;
      if (typeof body === "object" && body !== null && ("action" in body || "redirect" in body)) {
        session.update(body);
      }
      return actionValue(raw, request.url);
    },
  };
}

/**
 * Django keeps the cookie current (it rotates the token at login); the route data's
 * token is the fallback where scripts cannot read the cookie.
 */
function cookieToken(): string | undefined {
  return typeof document === "undefined" ? undefined : getCsrfToken(document.cookie ?? "");
}

async function receive(pending: Promise<Response>): Promise<RawAnswer> {
  const response = await pending;
  const text = await response.text();
  let json: unknown;
  if (/[/+]json\b/i.test(response.headers.get("Content-Type") ?? "") && text !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined; // read as an answer that is not JSON
    }
  }
  return { status: response.status, statusText: response.statusText, json };
}
