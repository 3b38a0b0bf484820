"""The client route manifest generated from the route tree (no Node needed)."""

from __future__ import annotations

from typing import Any

import pytest

from djangokit.core import RouteError
from djangokit.core.build import (
    client_manifest,
    client_source,
    route_modules,
    routes_source,
    server_source,
    write_entries,
)

from .conftest import Project

PAGE = "export default function Page() { return <p>page</p>; }\n"
LAYOUT = (
    'import { Outlet } from "@djangokit/runtime";\n'
    "export default function Layout() { return <Outlet />; }\n"
)

SITE = {
    "layout.tsx": LAYOUT,
    "layout.py": "def load(request):\n    return {}\n",
    "page.tsx": PAGE,
    "handlers.py": "def get(request):\n    return {}\n",
    "error.tsx": PAGE,
    "not-found.tsx": PAGE,
    "about/page.tsx": PAGE,
    "api/handlers.py": "def get(request):\n    return []\n",
    "blog/layout.tsx": LAYOUT,
    "blog/error.tsx": PAGE,
    "blog/page.tsx": PAGE,
    "blog/_slug/page.tsx": PAGE,
    "blog/_slug/handlers.py": (
        "def get(request, slug: str):\n    return {}\n\n"
        "def post(request, slug: str):\n    return {}\n"
    ),
    "docs/error.tsx": PAGE,
    "docs/__rest/page.tsx": PAGE,
    "notes/_id/page.tsx": PAGE,
    "shop/layout.py": "def load(request):\n    return {}\n",
    "shop/page.tsx": PAGE,
    "components/page.tsx": PAGE,  # components/ is never a route
}

EXPECTED: list[dict[str, Any]] = [
    {
        "id": "layout:root",
        "path": "/",
        "hasData": True,
        "hasAction": False,
        "module": "layout.tsx",
        "errorModule": "error.tsx",
        "children": [
            {
                "id": "page:root",
                "index": True,
                "hasData": True,
                "hasAction": False,
                "module": "page.tsx",
            },
            {
                "id": "page:about",
                "path": "about",
                "hasData": False,
                "hasAction": False,
                "module": "about/page.tsx",
            },
            {
                "id": "layout:blog",
                "path": "blog",
                "hasData": False,
                "hasAction": False,
                "module": "blog/layout.tsx",
                "errorModule": "blog/error.tsx",
                "children": [
                    {
                        "id": "page:blog",
                        "index": True,
                        "hasData": False,
                        "hasAction": False,
                        "module": "blog/page.tsx",
                    },
                    {
                        "id": "page:blog/_slug",
                        "path": ":slug",
                        "hasData": True,
                        "hasAction": True,
                        "module": "blog/_slug/page.tsx",
                    },
                ],
            },
            {
                # error.tsx alone: a layout route for the boundary, without a component.
                "id": "layout:docs",
                "path": "docs",
                "hasData": False,
                "hasAction": False,
                "errorModule": "docs/error.tsx",
                "children": [
                    {
                        "id": "page:docs/__rest",
                        "path": "*",
                        "hasData": False,
                        "hasAction": False,
                        "module": "docs/__rest/page.tsx",
                    }
                ],
            },
            {
                "id": "page:notes/_id",
                "path": "notes/:id",
                "hasData": False,
                "hasAction": False,
                "module": "notes/_id/page.tsx",
            },
            {
                # layout.py alone: data for the pages below, no component.
                "id": "layout:shop",
                "path": "shop",
                "hasData": True,
                "hasAction": False,
                "children": [
                    {
                        "id": "page:shop",
                        "index": True,
                        "hasData": False,
                        "hasAction": False,
                        "module": "shop/page.tsx",
                    }
                ],
            },
        ],
    }
]


@pytest.fixture(scope="module")
def site(make_project: Any) -> Project:
    project: Project = make_project(SITE)
    return project


def test_the_manifest_follows_the_route_tree(site: Project) -> None:
    assert client_manifest(site.tree()) == EXPECTED


def test_route_modules_per_router_id(site: Project) -> None:
    assert route_modules(site.tree()) == {
        "+not-found": ["not-found.tsx"],
        "layout:blog": ["blog/layout.tsx", "blog/error.tsx"],
        "layout:docs": ["docs/error.tsx"],
        "layout:root": ["layout.tsx", "error.tsx"],
        "page:about": ["about/page.tsx"],
        "page:blog": ["blog/page.tsx"],
        "page:blog/_slug": ["blog/_slug/page.tsx"],
        "page:docs/__rest": ["docs/__rest/page.tsx"],
        "page:notes/_id": ["notes/_id/page.tsx"],
        "page:root": ["page.tsx"],
        "page:shop": ["shop/page.tsx"],
    }


def test_manifest_ids_are_the_ids_django_matches(site: Project) -> None:
    # Every router id Django puts in `matches` for a page has an entry of that id.
    tree = site.tree()
    ids: set[str] = set()

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            ids.add(entry["id"])
            walk(entry.get("children", []))

    walk(client_manifest(tree))
    for route in tree.iter_routes():
        if route.page is not None:
            assert set(tree.router_ids(route)) <= ids, route.id


def test_each_pages_manifest_chain_is_what_django_matches(site: Project) -> None:
    # The routes React Router matches for a page (its entry and those above it, root first)
    # are exactly Django's `matches`: `error.tsx` alone (docs/) and `layout.py` alone (shop/)
    # included, so the document preloads every chunk hydration needs, and nothing else.
    tree = site.tree()
    chains: dict[str, list[str]] = {}

    def walk(entries: list[dict[str, Any]], above: list[str]) -> None:
        for entry in entries:
            chain = [*above, entry["id"]]
            if entry["id"].startswith("page:"):
                chains[entry["id"]] = chain
            walk(entry.get("children", []), chain)

    walk(client_manifest(tree), [])
    pages = [route for route in tree.iter_routes() if route.page is not None]
    assert len(chains) == len(pages)
    for route in pages:
        assert chains[f"page:{route.id}"] == tree.router_ids(route), route.id
    assert tree.router_ids("docs/__rest") == ["layout:root", "layout:docs", "page:docs/__rest"]


def test_routes_source(site: Project) -> None:
    source = routes_source(site.tree(), site.dir / ".djangokit")
    package = site.package
    assert source.startswith("// Generated by DjangoKit")
    assert 'import type { NotFoundModule, RouteManifestEntry } from "@djangokit/runtime";' in source
    assert "export const routes: RouteManifestEntry[] = [\n  {\n" in source
    assert (
        '    id: "layout:root",\n'
        '    path: "/",\n'
        "    hasData: true,\n"
        "    hasAction: false,\n"
        f'    module: () => import("../src/{package}/routes/layout.tsx"),\n'
        f'    errorModule: () => import("../src/{package}/routes/error.tsx"),\n'
        "    children: [\n"
    ) in source
    assert (
        '            id: "page:blog/_slug",\n'
        '            path: ":slug",\n'
        "            hasData: true,\n"
        "            hasAction: true,\n"
        f'            module: () => import("../src/{package}/routes/blog/_slug/page.tsx"),\n'
    ) in source
    assert source.endswith(
        "export const notFound = (): Promise<NotFoundModule> =>\n"
        f'  import("../src/{package}/routes/not-found.tsx");\n'
    )
    assert "api" not in source  # API-only routes are not React routes
    assert "components" not in source


def test_the_source_is_deterministic(site: Project) -> None:
    first = routes_source(site.tree(), site.dir / ".djangokit")
    assert routes_source(site.tree(), site.dir / ".djangokit") == first


def test_entries_are_written_once(site: Project) -> None:
    paths = site.paths
    assert write_entries(paths, site.tree()) is True
    mtimes = [p.stat().st_mtime_ns for p in (paths.routes_module, paths.client_entry)]
    assert write_entries(paths, site.tree()) is False  # unchanged: esbuild is not woken
    assert [p.stat().st_mtime_ns for p in (paths.routes_module, paths.client_entry)] == mtimes
    assert paths.client_entry.read_text() == client_source(True)
    assert paths.server_entry.read_text() == server_source(True)
    assert (paths.work_dir / ".gitignore").read_text().splitlines()[-1] == "*"


def test_entries() -> None:
    assert client_source(True).endswith(
        'import { hydrate } from "@djangokit/runtime";\n\n'
        'import { notFound, routes } from "./routes";\n\n'
        "void hydrate({ routes, notFound });\n"
    )
    assert client_source(False).endswith("void hydrate({ routes });\n")
    server = server_source(True)
    assert "export function render(url: string, data: RouteData): Promise<RenderedPage> {" in server
    assert "return renderPage({ routes, notFound, url, data });" in server
    assert "return renderPage({ routes, url, data });" in server_source(False)


def test_without_a_root_layout_pages_are_top_routes(make_project: Any) -> None:
    project = make_project({"page.tsx": PAGE, "blog/_slug/page.tsx": PAGE})
    assert client_manifest(project.tree()) == [
        {
            "id": "page:root",
            "index": True,
            "hasData": False,
            "hasAction": False,
            "module": "page.tsx",
        },
        {
            "id": "page:blog/_slug",
            "path": "blog/:slug",
            "hasData": False,
            "hasAction": False,
            "module": "blog/_slug/page.tsx",
        },
    ]
    source = routes_source(project.tree(), project.dir / ".djangokit")
    assert "notFound" not in source


def test_a_layout_at_a_catch_all_is_pathless(make_project: Any) -> None:
    # React Router matches nothing below a splat: the layout takes no path, its page "*".
    project = make_project({"docs/__rest/layout.tsx": LAYOUT, "docs/__rest/page.tsx": PAGE})
    assert client_manifest(project.tree()) == [
        {
            "id": "layout:docs/__rest",
            "path": "docs",
            "hasData": False,
            "hasAction": False,
            "module": "docs/__rest/layout.tsx",
            "children": [
                {
                    "id": "page:docs/__rest",
                    "path": "*",
                    "hasData": False,
                    "hasAction": False,
                    "module": "docs/__rest/page.tsx",
                }
            ],
        }
    ]
    nested = make_project({"layout.tsx": LAYOUT, "catchall/layout.tsx": LAYOUT})
    [root] = client_manifest(nested.tree())
    assert root["children"] == [
        {
            "id": "layout:catchall",
            "hasData": False,
            "hasAction": False,
            "module": "catchall/layout.tsx",
        }
    ]


def test_a_page_below_a_catch_all_is_refused(make_project: Any) -> None:
    # Discovery refuses it (one RouteError, like every other refusal), not the manifest.
    project = make_project({"docs/__rest/page.tsx": PAGE, "docs/__rest/edit/page.tsx": PAGE})
    with pytest.raises(RouteError) as caught:
        project.tree()
    text = str(caught.value)
    assert str(project.routes.resolve() / "docs/__rest/edit/page.tsx") in text
    assert "below the catch-all directory __rest/" in text
    assert "React Router" in text


def test_an_api_below_a_catch_all_is_fine(make_project: Any) -> None:
    project = make_project(
        {
            "docs/__rest/page.tsx": PAGE,
            "docs/__rest/edit/handlers.py": "def get(request, rest):\n    return {}\n",
        }
    )
    assert [e["id"] for e in client_manifest(project.tree())] == ["page:docs/__rest"]
