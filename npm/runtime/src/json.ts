/** The `id` of the `<script type="application/json">` holding a page's route data. */
export const ROUTE_DATA_ID = "djangokit-data";

/**
 * The part of `document` the runtime reads. The real `document` fits, and so does a
 * small object in tests or in a server render.
 */
export interface DocumentLike {
  getElementById(elementId: string): { readonly textContent: string | null } | null;
  readonly cookie?: string;
}

/**
 * Parses the JSON that the server embedded in the page.
 *
 * ```ts
 * // <script type="application/json" id="djangokit-data">{"user": …}</script>
 * const data = readRouteData<RouteData>(document);
 * ```
 *
 * Returns `undefined` when the page has no such element; throws a `SyntaxError` naming
 * the element when its content is not JSON, since that is a server bug worth seeing.
 */
export function readRouteData<T = unknown>(
  doc: DocumentLike,
  id: string = ROUTE_DATA_ID,
): T | undefined {
  const element = doc.getElementById(id);
  if (element === null) {
    return undefined;
  }
  try {
    // The server escapes `<` as `\u003c`, which JSON.parse turns back into `<`.
    return JSON.parse(element.textContent ?? "") as T;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`DjangoKit: #${id} does not hold valid JSON (${reason})`, {
      cause: error,
    });
  }
}
