/**
 * Reading one cookie: shared by `getCsrfToken` and the data client's network half, which
 * must import nothing else (see network.ts).
 */

/** The value of cookie `name` in a `document.cookie` string, percent-decoded. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const pair of cookies.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1 || pair.slice(0, separator).trim() !== name) {
      continue;
    }
    const value = pair.slice(separator + 1).trim();
    if (value === "") {
      return undefined;
    }
    try {
      return decodeURIComponent(value);
    } catch {
      return value; // not percent-encoded after all; Django's own tokens never are
    }
  }
  return undefined;
}
