/**
 * `@djangokit/runtime`: what DjangoKit pages and custom frontends import.
 *
 * The public API is exactly what this module exports; `index.test.ts` lists it.
 */
export { ApiError, api, createApi } from "./api.js";
export type { ApiClient, ApiClientOptions, ApiRequestOptions, ProblemDocument } from "./api.js";
export { CSRF_COOKIE_NAME, getCsrfToken } from "./csrf.js";
export type { CsrfTokenOptions } from "./csrf.js";
export { ROUTE_DATA_ID, readRouteData } from "./json.js";
export type { DocumentLike } from "./json.js";
export { VERSION } from "./version.js";
