/**
 * The data client behind `createDataClient` (data.ts), loaded by the first navigation,
 * prefetch or submission, so a page that only hydrates (its route data is in the document)
 * never downloads it.
 *
 * It imports nothing that the entry imports too (only `cookie.ts`; what it needs of the
 * protocol and the session is handed in), or esbuild would move the shared modules into
 * one more chunk that every page loads.
 */
import { readCookie } from "./cookie.js";
import type { Answer, RawAnswer } from "./protocol.js";
import type { Session } from "./user.js";

/** protocol.ts's `DATA_HEADER`, repeated here for the reason above (a test compares them). */
export const DATA_HEADER = "X-DjangoKit-Data";
/** csrf.ts's `CSRF_COOKIE_NAME`, likewise. */
export const CSRF_COOKIE_NAME = "csrftoken";

export type Send = typeof globalThis.fetch;

export interface NetworkClientParts {
  send: Send;
  session: Session;
  readAnswer(raw: RawAnswer, url: string, currentUrl?: string): Answer;
  actionValue(raw: RawAnswer, url: string): unknown;
  prefetchTtl: number;
}

/** What data.ts's `DataClient` does over the network; `prefetch` takes the time it was
 * asked at. (Spelled out, not derived from `DataClient`: data.ts imports this module.) */
export interface NetworkClient {
  load(request: Request): Promise<Answer>;
  prefetch(url: string, askedAt: number): void;
  submit(request: Request): Promise<unknown>;
}

export function createNetworkClient(parts: NetworkClientParts): NetworkClient {
  const { send, session } = parts;
  const answers = new WeakMap<Request, Promise<Answer>>();
  const prefetched = new Map<string, { raw: Promise<RawAnswer>; expires: number }>();

  /** A fresh prefetched answer for `url`, used once: later loads ask the server again. */
  const takePrefetched = (url: string, signal: AbortSignal): Promise<RawAnswer> | undefined => {
    const entry = prefetched.get(url);
    prefetched.delete(url);
    if (entry === undefined || entry.expires < Date.now()) {
      return undefined;
    }
    // A prefetch that failed (offline for a moment) is no reason to fail the navigation.
    return entry.raw.catch(() => get(send, url, signal));
  };

  return {
    load(request) {
      let answer = answers.get(request);
      if (answer === undefined) {
        answer = (async () => {
          const raw = await (takePrefetched(request.url, request.signal) ??
            get(send, request.url, request.signal));
          const read = parts.readAnswer(raw, request.url, globalThis.location?.href);
          if (read.kind === "data" || read.kind === "redirect") {
            session.update(raw.json);
          }
          return read;
        })();
        answers.set(request, answer);
      }
      return answer;
    },
    prefetch(url, now) {
      for (const [key, entry] of prefetched) {
        if (entry.expires < now) {
          prefetched.delete(key);
        }
      }
      if (!prefetched.has(url)) {
        const raw = get(send, url);
        raw.catch(() => {}); // reported, if ever, by the navigation that uses it
        prefetched.set(url, { raw, expires: now + parts.prefetchTtl });
      }
    },
    async submit(request) {
      // Data prefetched before a mutation may be stale after it.
      prefetched.clear();
      const raw = await submit(send, request, session.csrfToken);
      const body = raw.json;
      if (typeof body === "object" && body !== null && ("action" in body || "redirect" in body)) {
        session.update(body);
      }
      return parts.actionValue(raw, request.url);
    },
  };
}

/** `GET url` asking for route data. */
export function get(send: Send, url: string, signal?: AbortSignal): Promise<RawAnswer> {
  const init: RequestInit = {
    headers: { Accept: "application/json", [DATA_HEADER]: "1" },
    credentials: "same-origin",
  };
  if (signal !== undefined) {
    init.signal = signal;
  }
  return receive(send(url, init));
}

/**
 * Sends a mutation with the CSRF token: Django's cookie when scripts can read it (Django
 * keeps it current; it rotates the token at login), else `fallbackToken` (the route data's).
 */
export async function submit(
  send: Send,
  request: Request,
  fallbackToken: string,
): Promise<RawAnswer> {
  const headers = new Headers({ Accept: "application/json", [DATA_HEADER]: "1" });
  const token = cookieToken() ?? fallbackToken;
  if (token !== "") {
    headers.set("X-CSRFToken", token);
  }
  const type = request.headers.get("Content-Type");
  if (type !== null) {
    headers.set("Content-Type", type); // keeps a multipart boundary
  }
  return receive(
    send(request.url, {
      method: request.method,
      headers,
      body: await request.arrayBuffer(),
      credentials: "same-origin",
      signal: request.signal,
    }),
  );
}

function cookieToken(): string | undefined {
  return typeof document === "undefined"
    ? undefined
    : readCookie(document.cookie ?? "", CSRF_COOKIE_NAME);
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
