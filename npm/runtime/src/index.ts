/**
 * `@djangokit/runtime`: what DjangoKit pages and custom frontends import.
 *
 * The public API is exactly what this module exports; `index.test.ts` lists it. The
 * server renderer's entry is `@djangokit/runtime/server`.
 */
export { ApiError, api, createApi } from "./api.js";
export type { ApiClient, ApiClientOptions, ApiRequestOptions, ProblemDocument } from "./api.js";
export { CSRF_COOKIE_NAME, getCsrfToken } from "./csrf.js";
export type { CsrfTokenOptions } from "./csrf.js";
export type { ErrorProps } from "./errors.js";
export { FieldErrors, useField, useFieldErrors } from "./fields.js";
export type {
  FieldError,
  FieldErrorsProps,
  FieldName,
  FieldOptions,
  FieldProps,
  FormActionData,
} from "./fields.js";
export { Form, useFetcher } from "./form.js";
export type { FormProps } from "./form.js";
export {
  Outlet,
  useActionData,
  useData,
  useLayoutData,
  useNavigation,
  useParams,
  useSubmit,
} from "./hooks.js";
export { ROOT_ELEMENT_ID, hydrate, render } from "./hydrate.js";
export type { HydrateOptions, MountedApp } from "./hydrate.js";
export { ROUTE_DATA_ID, readRouteData } from "./json.js";
export type { DocumentLike } from "./json.js";
export { Link, NavLink } from "./link.js";
export type { LinkProps, NavLinkProps, PrefetchMode } from "./link.js";
export type {
  CreateRoutesOptions,
  ErrorModule,
  NotFoundModule,
  RouteManifestEntry,
  RouteModule,
} from "./manifest.js";
export type { MetaArgs, MetaFunction, MetaTag, PageMeta } from "./meta.js";
export type { RouteData } from "./protocol.js";
export { createRoutes } from "./routes.js";
export { useCsrfToken, useUser } from "./user.js";
export type { User } from "./user.js";
export { VERSION } from "./version.js";
// What sign-in flows need from React Router, so pages import one package.
export { Navigate, useLocation, useNavigate, useSearchParams } from "react-router-dom";
