/**
 * `Link` and `NavLink`: React Router's, plus prefetching of the target's route chunks and
 * data when the user shows the intent to follow them (hover, focus, touch).
 */
import {
  type FocusEvent,
  type MouseEvent,
  type Ref,
  type TouchEvent,
  createContext,
  useCallback,
  useContext,
  useEffect,
} from "react";
import {
  type LinkProps as RouterLinkProps,
  type NavLinkProps as RouterNavLinkProps,
  Link as RouterLink,
  NavLink as RouterNavLink,
  type To,
  useHref,
  useResolvedPath,
} from "react-router-dom";

/**
 * When a link prefetches: `"intent"` (default) loads the target's chunks and data on hover,
 * focus or touch; `"viewport"` and `"render"` also load its chunks (not its data) once the
 * link is visible or rendered; `"none"` never.
 */
export type PrefetchMode = "intent" | "viewport" | "render" | "none";

export interface LinkProps extends Omit<RouterLinkProps, "prefetch"> {
  prefetch?: PrefetchMode;
  ref?: Ref<HTMLAnchorElement>;
}

export interface NavLinkProps extends Omit<RouterNavLinkProps, "prefetch"> {
  prefetch?: PrefetchMode;
  ref?: Ref<HTMLAnchorElement>;
}

/** Loads what a navigation to `pathname` (`href` with the basename) needs. */
export type Prefetcher = (target: { pathname: string; href: string }, data: boolean) => void;

/** Set by `hydrate()`/`render()`; absent on the server, where links do not prefetch. */
export const PrefetchContext = createContext<Prefetcher | undefined>(undefined);

/**
 * React Router's `Link`, prefetching its target (see `PrefetchMode`). Where nothing
 * prefetches it is React Router's `Link` alone (the prefetch hooks resolve the target
 * again, a tenth of a server render), and on the server only its markup (`ServerLink`).
 */
export function Link(props: LinkProps) {
  if (useContext(PrefetchContext) === undefined) {
    const { prefetch: _, ...rest } = props;
    return typeof document === "undefined" ? <ServerLink {...rest} /> : <RouterLink {...rest} />;
  }
  return <PrefetchingLink {...props} />;
}

/** React Router's test for a URL outside the app (`https:`, `mailto:`, `//host`). */
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})/i;

/**
 * What React Router's `Link` renders on the server, without the hooks only a browser uses
 * (its click handler resolves the target a second time, then prefetch state and refs): a
 * link cost a server render about 19 µs, as much as 20 rows of a table, and 9 µs this way.
 * The markup is React Router's, attribute for attribute (tested against it); an absolute
 * URL or a masked link is left to React Router's own.
 */
function ServerLink(props: RouterLinkProps) {
  const {
    to,
    relative,
    discover = "render",
    target,
    mask,
    onClick: _onClick,
    prefetch: _prefetch,
    reloadDocument: _reloadDocument,
    replace: _replace,
    state: _state,
    preventScrollReset: _preventScrollReset,
    viewTransition: _viewTransition,
    defaultShouldRevalidate: _defaultShouldRevalidate,
    ...rest
  } = props;
  const href = useHref(to, relative === undefined ? {} : { relative });
  if (mask !== undefined || (typeof to === "string" && ABSOLUTE_URL.test(to))) {
    return <RouterLink {...props} />;
  }
  return (
    <a
      {...rest}
      href={href}
      target={target}
      data-discover={discover === "render" ? "true" : undefined}
    />
  );
}

/** React Router's `NavLink` (an active class, `aria-current`), prefetching its target. */
export function NavLink(props: NavLinkProps) {
  if (useContext(PrefetchContext) === undefined) {
    const { prefetch: _, ...rest } = props;
    return <RouterNavLink {...rest} />;
  }
  return <PrefetchingNavLink {...props} />;
}

function PrefetchingLink({ prefetch, ref, ...props }: LinkProps) {
  return <RouterLink {...props} {...usePrefetch(props, prefetch, ref)} />;
}

function PrefetchingNavLink({ prefetch, ref, ...props }: NavLinkProps) {
  return <RouterNavLink {...props} {...usePrefetch(props, prefetch, ref)} />;
}

interface Prefetchable {
  to: To;
  relative?: RouterLinkProps["relative"] | undefined;
  reloadDocument?: boolean | undefined;
  onMouseEnter?: ((event: MouseEvent<HTMLAnchorElement>) => void) | undefined;
  onFocus?: ((event: FocusEvent<HTMLAnchorElement>) => void) | undefined;
  onTouchStart?: ((event: TouchEvent<HTMLAnchorElement>) => void) | undefined;
}

function usePrefetch(
  props: Prefetchable,
  mode: PrefetchMode = "intent",
  userRef: Ref<HTMLAnchorElement> | undefined,
) {
  const prefetcher = useContext(PrefetchContext);
  const options = props.relative === undefined ? {} : { relative: props.relative };
  const { pathname } = useResolvedPath(props.to, options);
  const href = useHref(props.to, options);
  const enabled =
    prefetcher !== undefined && mode !== "none" && !props.reloadDocument && !isExternal(props.to);

  const run = useCallback(
    (data: boolean) => {
      if (enabled) {
        prefetcher?.({ pathname, href }, data);
      }
    },
    [enabled, prefetcher, pathname, href],
  );

  useEffect(() => {
    if (mode === "render") {
      run(false);
    }
  }, [mode, run]);

  const ref = useCallback(
    (node: HTMLAnchorElement | null) => {
      assignRef(userRef, node);
      if (node === null || mode !== "viewport" || typeof IntersectionObserver === "undefined") {
        return;
      }
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          run(false);
        }
      });
      observer.observe(node);
      return () => {
        observer.disconnect();
        assignRef(userRef, null);
      };
    },
    [userRef, mode, run],
  );

  return {
    ref,
    onMouseEnter: (event: MouseEvent<HTMLAnchorElement>) => {
      props.onMouseEnter?.(event);
      if (!event.defaultPrevented) run(true);
    },
    onFocus: (event: FocusEvent<HTMLAnchorElement>) => {
      props.onFocus?.(event);
      if (!event.defaultPrevented) run(true);
    },
    onTouchStart: (event: TouchEvent<HTMLAnchorElement>) => {
      props.onTouchStart?.(event);
      if (!event.defaultPrevented) run(true);
    },
  };
}

/** `https://…`, `mailto:…`, `//host/…`: not a route of this app. */
function isExternal(to: To): boolean {
  return typeof to === "string" && /^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(to);
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === "function") {
    ref(value);
  } else if (ref !== null && ref !== undefined) {
    ref.current = value;
  }
}
