// A small DjangoKit app as its generated manifest would describe it, with core's router ids
// (layout:<id>, page:<id>), shared by the server and browser tests: a root layout with data,
// a home page, a dynamic page with meta, a blog section with its own error.tsx, a login
// form with an action, a page without data.
import type { ErrorProps } from "./errors.js";
import { Form } from "./form.js";
import { Outlet, useActionData, useData, useLayoutData, useParams } from "./hooks.js";
import { Link, NavLink } from "./link.js";
import type { MetaArgs, PageMeta } from "./meta.js";
import type { RouteData } from "./protocol.js";
import type { NotFoundModule, RouteManifestEntry, RouteModule } from "./manifest.js";
import { type User, useCsrfToken, useUser } from "./user.js";

/** Every module import the manifest made, in order: tests assert code splitting. */
export const imported: string[] = [];

function lazy<M>(name: string, module: M): () => Promise<M> {
  return async () => {
    imported.push(name);
    await new Promise((resolve) => setTimeout(resolve, 1)); // a chunk arrives later
    return module;
  };
}

function RootLayout() {
  const { site } = useData<{ site: string }>();
  const user = useUser();
  return (
    <div id="layout">
      <header>
        <span id="site">{site}</span>
        <span id="user">{user.isAuthenticated ? user.username : "anonymous"}</span>
        <nav>
          <NavLink to="/" id="home-link">
            Home
          </NavLink>
          <Link to="/notes/1" id="note-link">
            Note 1
          </Link>
          <Link to="/notes/2" id="note2-link">
            Note 2
          </Link>
          <Link to="/about" id="about-link">
            About
          </Link>
          <Link to="/private" id="private-link">
            Private
          </Link>
          <Link to="/nowhere" id="nowhere-link">
            Nowhere
          </Link>
          <Link to="/login" id="login-link">
            Log in
          </Link>
        </nav>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}

function HomePage() {
  const { greeting } = useData<{ greeting: string }>();
  return <h1 id="home">{greeting}</h1>;
}

function NotePage() {
  const { note } = useData<{ note: { title: string; body: string } }>();
  const { id } = useParams();
  const layout = useLayoutData<{ site: string }>();
  return (
    <article id="note" data-id={id}>
      <h1>{note.title}</h1>
      <p>{note.body}</p>
      <small id="note-site">{layout?.site}</small>
    </article>
  );
}

function noteMeta({ data, params }: MetaArgs<{ note: { title: string } }>): PageMeta {
  return {
    title: `${data.note.title} (note ${params.id ?? "?"})`,
    description: `About ${data.note.title}`,
    tags: [{ property: "og:title", content: data.note.title }],
  };
}

function BlogLayout() {
  return (
    <section id="blog">
      <Outlet />
    </section>
  );
}

function BlogError({ problem }: ErrorProps) {
  return (
    <p id="blog-error">
      {problem.status} {problem.title}: {problem.detail}
    </p>
  );
}

function PostPage() {
  const { post } = useData<{ post: { title: string } }>();
  const blog = useLayoutData<{ section: string }>("layout:blog");
  // The directory ids of docs/data.md: "blog" is "layout:blog", "root" is "layout:root".
  const short = useLayoutData<{ section: string }>("blog");
  const root = useLayoutData<{ site: string }>("root");
  return (
    <h2 id="post">
      {post.title} in {blog?.section}
      <small id="post-layouts">{`${short?.section} of ${root?.site}`}</small>
    </h2>
  );
}

function LoginPage() {
  const result = useActionData<{ errors: Record<string, string[]> }>();
  const token = useCsrfToken();
  return (
    <Form method="post" id="login-form" data-token={token}>
      <input name="username" defaultValue="ada" />
      <input name="password" type="password" defaultValue="" />
      {result === undefined ? null : <p id="login-errors">{JSON.stringify(result.errors)}</p>}
      <button type="submit">Log in</button>
    </Form>
  );
}

function AboutPage() {
  return <h1 id="about">About</h1>;
}

function RootError({ problem }: ErrorProps) {
  return (
    <p id="root-error">
      {problem.status} {problem.title}
    </p>
  );
}

function NotFound() {
  return <h1 id="not-found">Nothing here</h1>;
}

const page = (name: string, module: RouteModule) => lazy(name, module);

export const manifest: RouteManifestEntry[] = [
  {
    id: "layout:root",
    path: "/",
    hasData: true,
    hasAction: false,
    module: page("root", {
      default: RootLayout,
      meta: () => ({ tags: [{ name: "robots", content: "all" }] }),
    }),
    children: [
      {
        id: "page:root",
        index: true,
        hasData: true,
        hasAction: false,
        module: page("home", { default: HomePage, meta: () => ({ title: "Home" }) }),
      },
      {
        id: "page:notes/_id",
        path: "notes/:id",
        hasData: true,
        hasAction: false,
        module: page("note", { default: NotePage, meta: noteMeta }),
      },
      {
        id: "layout:blog",
        path: "blog",
        hasData: true,
        hasAction: false,
        module: page("blog", { default: BlogLayout }),
        errorModule: lazy("blog-error", { default: BlogError }),
        children: [
          {
            id: "page:blog/_slug",
            path: ":slug",
            hasData: true,
            hasAction: false,
            module: page("post", { default: PostPage }),
          },
        ],
      },
      {
        id: "page:login",
        path: "login",
        hasData: false,
        hasAction: true,
        module: page("login", { default: LoginPage }),
      },
      {
        id: "page:about",
        path: "about",
        hasData: false,
        hasAction: false,
        module: page("about", { default: AboutPage }),
      },
      {
        id: "page:private",
        path: "private",
        hasData: true,
        hasAction: false,
        module: page("private", { default: AboutPage }),
      },
    ],
  },
];

/** The same app with an `error.tsx` at the root (as `dk new` and the example have). */
export const manifestWithRootError: RouteManifestEntry[] = [
  { ...manifest[0]!, errorModule: lazy("root-error", { default: RootError }) },
];

export const notFound = lazy<NotFoundModule>("not-found", {
  default: NotFound,
  meta: () => ({ title: "Not found" }),
});

export const anonymous: Partial<User> = { isAuthenticated: false, username: "", isStaff: false };

/** The route data Django would send for `url` (document and navigation alike). */
export function routeData(url: string, user: Partial<User> = anonymous): RouteData {
  const path = new URL(url, "http://x").pathname;
  const base = { user, csrfToken: "data-token", errors: null, status: 200 };
  const root = { site: "Test site" };
  const note = /^\/notes\/(\d+)$/.exec(path);
  if (path === "/") {
    return {
      ...base,
      routes: { "layout:root": root, "page:root": { greeting: "Hello </script><b>" } },
    };
  }
  if (note !== null) {
    const id = note[1]!;
    if (id === "500") {
      const problem = { type: "about:blank", title: "Internal Server Error", status: 500 };
      return { ...base, routes: { "layout:root": root }, errors: { "page:notes/_id": problem } };
    }
    if (id === "404") {
      const problem = {
        type: "about:blank",
        title: "Not Found",
        status: 404,
        detail: "No note 404.",
      };
      return {
        ...base,
        routes: { "layout:root": root },
        errors: { "page:notes/_id": problem },
        status: 404,
      };
    }
    return {
      ...base,
      routes: {
        "layout:root": root,
        "page:notes/_id": { note: { title: `Note ${id}`, body: `Body ${id}` } },
      },
    };
  }
  if (path === "/blog/hello") {
    return {
      ...base,
      routes: {
        "layout:root": root,
        "layout:blog": { section: "Blog" },
        "page:blog/_slug": { post: { title: "Hello" } },
      },
    };
  }
  if (path === "/blog/broken") {
    const problem = {
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "It broke.",
    };
    return {
      ...base,
      routes: { "layout:root": root, "layout:blog": { section: "Blog" } },
      errors: { "page:blog/_slug": problem },
      status: 500,
    };
  }
  // A handler's Http404: the post's `get` (get_object_or_404), the blog layout's `load`.
  if (path === "/blog/missing" || path === "/blog/hidden") {
    const problem = { type: "about:blank", title: "Not Found", status: 404 };
    const failed = path === "/blog/missing" ? "page:blog/_slug" : "layout:blog";
    const routes: Record<string, unknown> = { "layout:root": root };
    if (failed === "page:blog/_slug") {
      routes["layout:blog"] = { section: "Blog" };
    }
    return { ...base, routes, errors: { [failed]: problem }, status: 404 };
  }
  if (path === "/down") {
    const problem = { type: "about:blank", title: "Service Unavailable", status: 503 };
    return { ...base, routes: {}, errors: { "layout:root": problem }, status: 503 };
  }
  if (path === "/private") {
    return { ...base, routes: { "layout:root": root, "page:private": null } };
  }
  if (path === "/about" || path === "/login") {
    return { ...base, routes: { "layout:root": root } };
  }
  // Django's answer for a URL none of its routes match (/notes/abc: not an <int:id>).
  return { ...base, routes: { "layout:root": root }, status: 404, notFound: true };
}
