import { createContext, useContext, useSyncExternalStore } from "react";

/**
 * The signed-in user as Django's user serializer writes it into every route-data answer.
 *
 * Always an object: anonymous visitors get `isAuthenticated: false` and an empty
 * `username`, so `useUser().isAuthenticated` needs no null check. A custom serializer's
 * extra fields (`email`, `groups`, …) are kept alongside.
 */
export interface User {
  isAuthenticated: boolean;
  /** The primary key; `null` for anonymous visitors. */
  id: number | string | null;
  username: string;
  /** The full name, else the username; `""` for anonymous visitors. */
  displayName: string;
  isStaff: boolean;
  isSuperuser: boolean;
  [field: string]: unknown;
}

const ANONYMOUS: User = Object.freeze({
  isAuthenticated: false,
  id: null,
  username: "",
  displayName: "",
  isStaff: false,
  isSuperuser: false,
});

/**
 * Who is signed in and the CSRF token, kept current from each route-data answer.
 *
 * One session belongs to one mounted app (`hydrate()`, `render()`, one `renderPage()`), so
 * concurrent server renders never see each other's user.
 */
export interface Session {
  readonly user: User;
  readonly csrfToken: string;
  /** Takes `user` and `csrfToken` from a route-data answer; other keys are ignored. */
  update(answer: unknown): void;
  subscribe(listener: () => void): () => void;
}

export function createSession(initial?: unknown): Session {
  let user = ANONYMOUS;
  let csrfToken = "";
  const listeners = new Set<() => void>();
  const session: Session = {
    get user() {
      return user;
    },
    get csrfToken() {
      return csrfToken;
    },
    update(answer) {
      if (typeof answer !== "object" || answer === null) {
        return;
      }
      let changed = false;
      if ("user" in answer) {
        const next = toUser(answer.user);
        // Every answer carries the user; keep the same object while it is the same user,
        // so components reading it re-render only when something changed.
        if (JSON.stringify(next) !== JSON.stringify(user)) {
          user = next;
          changed = true;
        }
      }
      if ("csrfToken" in answer && typeof answer.csrfToken === "string") {
        if (answer.csrfToken !== csrfToken) {
          csrfToken = answer.csrfToken;
          changed = true;
        }
      }
      if (changed) {
        for (const listener of [...listeners]) {
          listener();
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  session.update(initial);
  return session;
}

function toUser(value: unknown): User {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return ANONYMOUS;
  }
  return Object.freeze({ ...ANONYMOUS, ...value });
}

/** The session of routes made by a bare `createRoutes()`, outside `hydrate()`/`render()`. */
export const defaultSession: Session = createSession();

/** The session of the app around a component; the default one outside any app. */
export const SessionContext = createContext<Session>(defaultSession);

/**
 * The current user, updated after every navigation or submission (a login, a logout)
 * without a page reload.
 *
 * ```tsx
 * const user = useUser();
 * return user.isAuthenticated ? <p>Hello {user.displayName}</p> : <Link to="/accounts/login">Sign in</Link>;
 * ```
 */
export function useUser(): User {
  const session = useContext(SessionContext);
  return useSyncExternalStore(
    session.subscribe,
    () => session.user,
    () => session.user,
  );
}

/**
 * The CSRF token of the latest route data, for requests the runtime does not make itself.
 * `Form` and route actions already send it.
 */
export function useCsrfToken(): string {
  const session = useContext(SessionContext);
  return useSyncExternalStore(
    session.subscribe,
    () => session.csrfToken,
    () => session.csrfToken,
  );
}
