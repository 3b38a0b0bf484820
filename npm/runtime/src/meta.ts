/**
 * Page `meta`: the title and meta tags a route module asks for, as head HTML on the server
 * and applied to `document` after every client navigation.
 */
import type { Params } from "react-router-dom";

/** One `<meta>` tag: `{ name: "robots", content: "noindex" }`, `{ property: "og:title", … }`. */
export interface MetaTag {
  name?: string;
  property?: string;
  content: string;
}

/** What a `meta` function returns. */
export interface PageMeta {
  title?: string;
  /** Shorthand for the `description` meta tag. */
  description?: string;
  tags?: MetaTag[];
}

export interface MetaArgs<Data = unknown> {
  /** The route's data (`useData()`), or `undefined` while it has none. */
  data: Data;
  params: Params;
}

/**
 * A route module's optional `meta` export. Layouts may have one too; the deepest route
 * that gives a title or a tag wins over the routes above it.
 *
 * ```tsx
 * export function meta({ data }: MetaArgs<{ post: Post }>): PageMeta {
 *   return { title: data.post.title, description: data.post.summary };
 * }
 * ```
 */
// `any` so that a module's `meta` typed for its own data fits where modules are listed.
export type MetaFunction<Data = any> = (args: MetaArgs<Data>) => PageMeta | null | undefined;

/** The merged meta of a page: its title, if any route gives one, and its tags. */
export interface HeadMeta {
  title?: string;
  tags: MetaTag[];
}

/** The parts of a React Router match (client state or static context) meta needs. */
export interface MetaMatch {
  route: { id: string; handle?: unknown; loader?: unknown };
  params: Params;
}

/** The attribute that marks the meta tags the runtime manages. */
export const META_ATTRIBUTE = "data-djangokit";

/**
 * Calls the `meta` of each rendered route, root first: routes below an error boundary are
 * not rendered, and a route waiting for its data is skipped rather than handed nothing.
 * A 404 shown by an error boundary is the not-found page: `notFound` is its `meta`.
 */
export function collectMeta(
  matches: readonly MetaMatch[],
  loaderData: Record<string, unknown>,
  errors?: Record<string, unknown> | null,
  notFound?: MetaFunction,
): HeadMeta {
  let title: string | undefined;
  const tags = new Map<string, MetaTag>();
  const add = (found: PageMeta | null | undefined) => {
    title = found?.title ?? title;
    const own = [...(found?.tags ?? [])];
    if (found?.description !== undefined) {
      own.unshift({ name: "description", content: found.description });
    }
    for (const tag of own) {
      tags.set(tagKey(tag) ?? `#${tags.size}`, tag);
    }
  };
  for (const { route, params } of matches) {
    const meta = (route.handle as { meta?: MetaFunction } | undefined)?.meta;
    const hasData = route.loader == null || route.id in loaderData;
    const error = errors?.[route.id];
    if (meta !== undefined && hasData && error === undefined) {
      add(meta({ data: loaderData[route.id], params }));
    }
    if (error !== undefined) {
      if (notFound !== undefined && (error as { status?: unknown }).status === 404) {
        add(notFound({ data: null, params }));
      }
      break; // this route renders its error boundary; those below it render nothing
    }
  }
  return title === undefined ? { tags: [...tags.values()] } : { title, tags: [...tags.values()] };
}

/** `<title>` and `<meta>` tags for the document's head, escaped. */
export function metaToHtml(meta: HeadMeta): string {
  let html = meta.title === undefined ? "" : `<title>${escapeHtml(meta.title)}</title>`;
  for (const tag of meta.tags) {
    html += "<meta";
    if (tag.name !== undefined) html += ` name="${escapeHtml(tag.name)}"`;
    if (tag.property !== undefined) html += ` property="${escapeHtml(tag.property)}"`;
    html += ` content="${escapeHtml(tag.content)}" ${META_ATTRIBUTE}="">`;
  }
  return html;
}

/**
 * Puts `meta` into `doc`: the title (or `fallbackTitle` when no route gives one) and the
 * tags, replacing those the runtime put there before, server-rendered ones included.
 */
export function applyMeta(doc: Document, meta: HeadMeta, fallbackTitle?: string): void {
  const title = meta.title ?? fallbackTitle;
  if (title !== undefined && doc.title !== title) {
    doc.title = title;
  }
  for (const old of doc.head.querySelectorAll(`meta[${META_ATTRIBUTE}]`)) {
    old.remove();
  }
  for (const tag of meta.tags) {
    const element = doc.createElement("meta");
    if (tag.name !== undefined) element.setAttribute("name", tag.name);
    if (tag.property !== undefined) element.setAttribute("property", tag.property);
    element.setAttribute("content", tag.content);
    element.setAttribute(META_ATTRIBUTE, "");
    doc.head.append(element);
  }
}

/** Tags with the same name (or property) replace each other; others add up. */
function tagKey(tag: MetaTag): string | undefined {
  if (tag.name !== undefined) return `name:${tag.name}`;
  if (tag.property !== undefined) return `property:${tag.property}`;
  return undefined;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}
