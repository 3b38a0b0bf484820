"""One development build of a small site with real esbuild: the manifest, the chunks, the
server bundle, and Django serving what was built."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.core.management import call_command
from django.test import RequestFactory

from djangokit.core._assets import get_manifest
from djangokit.core.build import BuildFinder, BuildResult, find_runtime

from .conftest import Project, outputs, route_data, static_imports

SITE = {
    "layout.tsx": """
        import { Outlet, useData } from "@djangokit/runtime";

        export default function RootLayout() {
          const data = useData<{ site: string }>();
          return (
            <div>
              <header>Site {data?.site}</header>
              <Outlet />
            </div>
          );
        }
    """,
    "layout.py": """
        def load(request):
            return {"site": "Example"}
    """,
    "page.tsx": """
        import { useData } from "@djangokit/runtime";

        import { Card } from "../components/Card";

        export default function Home() {
          const data = useData<{ greeting: string }>();
          return <Card title="Welcome home">{data?.greeting}</Card>;
        }

        export function meta() {
          return { title: "Home page" };
        }
    """,
    "handlers.py": """
        def get(request):
            return {"greeting": "Hello"}
    """,
    "error.tsx": """
        export default function Oops() {
          return <p>Root error boundary</p>;
        }
    """,
    "not-found.tsx": """
        export default function NotFound() {
          return <h1>Nothing here (404 page)</h1>;
        }
    """,
    "about/page.tsx": """
        import "./about.css";
        import logo from "./logo.svg";

        export default function About() {
          return <p className="about"><img src={logo} alt="" />About us</p>;
        }
    """,
    "about/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    "about/about.css": ".about { color: rebeccapurple; }\n",
    "api/handlers.py": """
        def get(request):
            return []
    """,
    "blog/layout.tsx": """
        import { Outlet } from "@djangokit/runtime";

        export default function BlogLayout() {
          return (
            <section>
              <h2>Blog section</h2>
              <Outlet />
            </section>
          );
        }
    """,
    "blog/error.tsx": """
        export default function BlogError() {
          return <p>Blog error boundary</p>;
        }
    """,
    "blog/page.tsx": """
        import { Card } from "../../components/Card";

        export default function Blog() {
          return <Card title="Blog index">Latest posts</Card>;
        }
    """,
    "blog/_slug/page.tsx": """
        import { useParams } from "@djangokit/runtime";

        export default function Post() {
          const { slug } = useParams();
          return <article>Post {slug}</article>;
        }
    """,
    "blog/_slug/handlers.py": """
        def get(request, slug: str):
            return {"slug": slug}

        def post(request, slug: str):
            return {}
    """,
    "docs/error.tsx": """
        export default function DocsError() {
          return <p>Docs error boundary</p>;
        }
    """,
    "docs/__rest/page.tsx": """
        import { useParams } from "@djangokit/runtime";

        export default function Doc() {
          return <p>Doc at {useParams()["*"]}</p>;
        }
    """,
}

CARD = """
    import type { ReactNode } from "react";

    export function Card({ title, children }: { title: string; children: ReactNode }) {
      return (
        <div className="card-title">
          <h1>{title}</h1>
          {children}
        </div>
      );
    }
"""


@pytest.fixture(scope="module")
def site(make_project: Any, node_modules: Path) -> Project:
    project: Project = make_project(SITE, node_modules)
    project.write({"Card.tsx": CARD}, base=project.routes.parent / "components")
    return project


@pytest.fixture(scope="module")
def built(site: Project) -> BuildResult:
    return site.build()


def dynamic_imports(entry: str) -> dict[str, list[str]]:
    """The chunks each route's lazy modules load, read from the client entry itself: the
    generated routes (ids and `import()` calls) are inlined into it."""
    found: dict[str, list[str]] = {}
    not_found = re.search(r'notFound = \(\) => import\("/static/(djangokit/[^"]+)"\)', entry)
    assert not_found is not None
    found["+not-found"] = [not_found.group(1)]
    current = None
    pattern = r'id: "([^"]+)"|(?<!notFound = \(\) => )import\("/static/(djangokit/[^"]+)"\)'
    for match in re.finditer(pattern, entry):
        if match.group(1):
            current = match.group(1)
        elif current is not None:
            found.setdefault(current, []).append(match.group(2))
    return found


def test_the_manifest_shape(site: Project, built: BuildResult) -> None:
    manifest = json.loads(site.paths.manifest.read_text())
    assert manifest == built.manifest
    assert built.manifest_path == site.dir.resolve() / ".djangokit/build/manifest.json"
    assert sorted(manifest) == ["css", "entry", "hash", "routes", "server"]
    assert re.fullmatch(r"djangokit/client-[A-Z0-9]{8}\.js", manifest["entry"])
    assert manifest["server"] == ".djangokit/build/server/server.mjs"
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["hash"])
    assert sorted(manifest["routes"]) == [
        "+not-found",
        "layout:blog",
        "layout:docs",
        "layout:root",
        "page:about",
        "page:blog",
        "page:blog/_slug",
        "page:docs/__rest",
        "page:root",
    ]  # layout:root has its component; the API route and components/ have none


def test_each_route_lists_exactly_the_chunks_it_needs(site: Project, built: BuildResult) -> None:
    files = outputs(site)
    manifest = built.manifest

    def closure(name: str) -> list[str]:
        seen = [name]
        for imported in static_imports(files[name]):
            seen += [n for n in closure(imported) if n not in seen]
        return seen

    entry_imports = closure(manifest["entry"])[1:]
    assert entry_imports, "the runtime and React are shared chunks the entry imports"
    lazy = dynamic_imports(files[manifest["entry"]])
    assert sorted(lazy) == sorted(manifest["routes"])
    for router_id, assets in manifest["routes"].items():
        expected = list(entry_imports)
        for module in lazy[router_id]:
            expected += [n for n in closure(module) if n not in expected]
        assert assets["js"] == expected, router_id
        assert manifest["entry"] not in assets["js"]
        for name in assets["js"]:
            assert site.static(name).is_file()


def test_route_chunks_are_loaded_only_by_their_routes(site: Project, built: BuildResult) -> None:
    files = outputs(site)
    routes = built.manifest["routes"]

    def users(text: str) -> list[str]:
        [chunk] = [name for name, body in files.items() if text in body]
        return sorted(router_id for router_id, a in routes.items() if chunk in a["js"])

    assert users("Post ") == ["page:blog/_slug"]
    assert users("Blog section") == ["layout:blog"]
    assert users("Blog error boundary") == ["layout:blog"]  # preloaded with its layout
    assert users("Docs error boundary") == ["layout:docs"]
    assert users("About us") == ["page:about"]
    assert users("Nothing here (404 page)") == ["+not-found"]
    # The component two pages share is one chunk of its own, loaded by those two only.
    assert users('className: "card-title"') == ["page:blog", "page:root"]


def test_all_css_is_in_the_entry_stylesheet(site: Project, built: BuildResult) -> None:
    # esbuild puts the CSS reachable from the entry, through import() too, into one
    # stylesheet (evanw/esbuild#1590): every page links it; no route has its own.
    [css] = built.manifest["css"]
    assert re.fullmatch(r"djangokit/client-[A-Z0-9]{8}\.css", css)
    assert "rebeccapurple" in site.static(css).read_text()
    assert all(assets["css"] == [] for assets in built.manifest["routes"].values())


def test_imported_files_are_urls(site: Project, built: BuildResult) -> None:
    [logo] = site.paths.client_dir.glob("assets/logo-*.svg")
    url = f"/static/djangokit/assets/{logo.name}"
    page = site.static(built.manifest["routes"]["page:about"]["js"][-1]).read_text()
    assert f'"{url}"' in page
    about = site.render("/about", route_data("/about", ["layout:root", "page:about"]))
    assert f'<img src="{url}" alt=""/>About us' in about["html"]  # the same URL on the server


def test_one_copy_of_react(site: Project, built: BuildResult) -> None:
    # The runtime's sources live outside the project (core's copy, or the checkout's
    # npm/runtime/src beside its own node_modules); they must share the project's React.
    assert find_runtime(site.paths).source in ("core", "checkout")
    text = "".join(outputs(site).values())
    assert len(re.findall(r"^// .*node_modules/react/cjs/react\.development\.js$", text, re.M)) == 1
    assert "npm/runtime/node_modules" not in text


def test_the_server_bundle_is_not_served(site: Project, built: BuildResult) -> None:
    paths = site.paths
    assert paths.server_bundle.is_file()
    assert not paths.server_bundle.is_relative_to(paths.static_dir)
    assert not any(p.name.startswith("server") for p in paths.static_dir.rglob("*"))


def test_the_server_bundle_renders_pages(site: Project, built: BuildResult) -> None:
    home = site.render(
        "/",
        route_data(
            "/",
            ["layout:root", "page:root"],
            routes={"layout:root": {"site": "Example"}, "page:root": {"greeting": "Hello"}},
        ),
    )
    assert home["status"] == 200
    assert "<header>Site <!-- -->Example</header>" in home["html"]
    assert '<div class="card-title"><h1>Welcome home</h1>Hello</div>' in home["html"]
    assert "<title>Home page</title>" in home["head"]

    post = site.render(
        "/blog/hello",
        route_data(
            "/blog/hello",
            ["layout:root", "layout:blog", "page:blog/_slug"],
            params={"slug": "hello"},
            routes={"layout:root": {"site": "Example"}, "page:blog/_slug": {"slug": "hello"}},
        ),
    )
    assert "<h2>Blog section</h2><article>Post <!-- -->hello</article>" in post["html"]

    missing = site.render(
        "/nowhere", route_data("/nowhere", ["layout:root"], routes={"layout:root": {}})
    )
    assert missing["status"] == 404
    assert "Nothing here (404 page)" in missing["html"]


def test_the_client_entry_hydrates(site: Project, built: BuildResult) -> None:
    entry = site.static(built.manifest["entry"]).read_text()
    assert "hydrate({ routes, notFound })" in entry
    assert '"layout:root"' in entry


# Closing the response sends request_finished, which checks the database connection that
# earlier tests of the session opened.
@pytest.mark.django_db
def test_django_serves_and_collects_the_bundles(
    site: Project, built: BuildResult, settings: Any, tmp_path: Path
) -> None:
    settings.BASE_DIR = site.dir
    settings.DEBUG = True
    entry = built.manifest["entry"]
    assert "djangokit.core.build.BuildFinder" in settings.STATICFILES_FINDERS
    assert finders.find(entry) == str(site.static(entry))
    assert BuildFinder().find("manifest.json") == []  # the manifest is not public
    assert BuildFinder().find("../manifest.json") == []
    response = serve(RequestFactory().get(f"/static/{entry}"), entry)
    try:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"import")  # type: ignore[attr-defined]
    finally:
        response.close()

    settings.STATIC_ROOT = tmp_path / "collected"
    call_command("collectstatic", interactive=False, verbosity=0)
    for name in [entry, *built.manifest["routes"]["page:root"]["js"]]:
        assert (tmp_path / "collected" / name).is_file()


def test_the_document_shell_reads_the_manifest(
    site: Project, built: BuildResult, settings: Any
) -> None:
    settings.BASE_DIR = site.dir
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(
        update={
            "build": settings.DJANGOKIT.build.model_copy(
                update={"out_dir": Path(".djangokit/build")}
            )
        }
    )
    tags = get_manifest().tags(["layout:root", "layout:blog", "page:blog/_slug"])
    entry = built.manifest["entry"]
    assert str(tags.scripts) == f'<script type="module" src="/static/{entry}"></script>'
    routes = built.manifest["routes"]
    expected = dict.fromkeys(
        routes["layout:root"]["js"] + routes["layout:blog"]["js"] + routes["page:blog/_slug"]["js"]
    )
    assert re.findall(r'href="/static/([^"]+)"', str(tags.preloads)) == list(expected)
