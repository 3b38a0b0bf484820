/**
 * The browser's side of the route data protocol: one request per navigation, prefetched
 * answers reused, mutations sent with the CSRF token, the session kept current.
 *
 * The client itself lives in network.ts, a chunk of its own loaded by the first
 * navigation, prefetch or submission: a page that only hydrates (its route data is in the
 * document) never downloads it.
 */
import { once } from "./lazy.js";
import { type Answer, actionValue, readAnswer } from "./protocol.js";
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
  const client = once(() =>
    import("./network.js").then((network) =>
      network.createNetworkClient({
        send,
        session,
        readAnswer,
        actionValue,
        prefetchTtl: PREFETCH_TTL,
      }),
    ),
  );
  return {
    session,
    load: async (request) => (await client()).load(request),
    prefetch(url) {
      const askedAt = Date.now(); // its TTL runs from now, not from when network.ts loaded
      client().then(
        (loaded) => loaded.prefetch(url, askedAt),
        () => undefined, // a prefetch is a hint: the navigation reports the failure
      );
    },
    submit: async (request) => (await client()).submit(request),
  };
}
