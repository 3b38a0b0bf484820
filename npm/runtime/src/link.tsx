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
 * prefetches (the server render, an app without DjangoKit's router) it is React Router's
 * `Link` alone: the prefetch hooks resolve the target again, a tenth of a server render.
 */
export function Link(props: LinkProps) {
  if (useContext(PrefetchContext) === undefined) {
    const { prefetch: _, ...rest } = props;
    return <RouterLink {...rest} />;
  }
  return <PrefetchingLink {...props} />;
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
