import { readCookie } from "./cookie.js";
import { type DocumentLike, ROUTE_DATA_ID, readRouteData } from "./json.js";

/** Django's default `CSRF_COOKIE_NAME`. */
export const CSRF_COOKIE_NAME = "csrftoken";

export interface CsrfTokenOptions {
  /** The cookie to read, when the project changed Django's `CSRF_COOKIE_NAME`. */
  cookieName?: string;
  /** The `id` of the route-data script (default `"djangokit-data"`). */
  dataId?: string;
}

/**
 * Finds the CSRF token Django expects in the `X-CSRFToken` header.
 *
 * ```ts
 * getCsrfToken(document);                    // cookie, else the page's route data
 * getCsrfToken("sessionid=…; csrftoken=…");  // a cookie string alone
 * ```
 *
 * The cookie comes first because Django rotates the token at login and the cookie always
 * holds the current one, while the route data embedded in the page may predate it. The
 * route data's `csrfToken` is the fallback for projects where scripts cannot read the
 * cookie (`CSRF_COOKIE_HTTPONLY` or `CSRF_USE_SESSIONS`).
 */
export function getCsrfToken(
  source: DocumentLike | string,
  options: CsrfTokenOptions = {},
): string | undefined {
  const cookieName = options.cookieName ?? CSRF_COOKIE_NAME;
  if (typeof source === "string") {
    return readCookie(source, cookieName);
  }
  const fromCookie =
    source.cookie === undefined ? undefined : readCookie(source.cookie, cookieName);
  if (fromCookie !== undefined) {
    return fromCookie;
  }
  const data = readRouteData<unknown>(source, options.dataId ?? ROUTE_DATA_ID);
  if (typeof data === "object" && data !== null && "csrfToken" in data) {
    const token = data.csrfToken;
    if (typeof token === "string" && token !== "") {
      return token;
    }
  }
  return undefined;
}
