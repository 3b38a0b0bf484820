"""Route discovery over the realistic project: what the route tree records."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from djangokit.core import ROOT_ID, RouteError, RouteTree, discover_routes, get_route_tree

from .conftest import PROJECT_DIR, PROJECT_PACKAGE

ROUTES_DIR = PROJECT_DIR / "src" / PROJECT_PACKAGE / "routes"


@pytest.fixture
def tree() -> RouteTree:
    return get_route_tree()


def test_the_tree_is_of_the_configured_package(tree: RouteTree) -> None:
    assert tree.package == PROJECT_PACKAGE
    assert tree.routes_dir == ROUTES_DIR.resolve()
    assert get_route_tree() is tree  # built once


def test_route_ids_are_directory_paths(tree: RouteTree) -> None:
    ids = [route.id for route in tree.iter_routes()]
    assert ids[0] == ROOT_ID
    assert ids == [ROOT_ID, *sorted(ids[1:])]
    assert {"blog/_slug", "blog/_slug/comments", "about-us", "docs/__rest", "files/catchall"} <= {
        *ids
    }


def test_non_routes_are_left_out(tree: RouteTree) -> None:
    ids = {route.id for route in tree.iter_routes()}
    # components/, dot and plus directories, and directories without route files.
    assert not {i for i in ids if i.split("/")[0] in {"components", ".drafts", "+private"}}
    assert "_helpers" not in ids


def test_root_files(tree: RouteTree) -> None:
    root = tree.root
    assert root.url_pattern == ""
    assert root.parent_id is None and root.segments == ()
    assert root.page == ROUTES_DIR.resolve() / "page.tsx"
    assert root.layout is not None and root.layout.name == "layout.tsx"
    assert root.layout_module == "testsite.routes.layout"
    assert root.handlers_module == "testsite.routes.handlers"
    assert root.error is not None and root.not_found is not None and root.document is not None


@pytest.mark.parametrize(
    ("route_id", "kind"),
    [
        ("root", "page"),
        ("blog/_slug", "page"),
        ("docs/intro", "page"),
        ("tasks", "api"),
        ("blog/_slug/comments", "api"),
        ("products", "layout"),
        ("items", "directory"),
    ],
)
def test_kinds(tree: RouteTree, route_id: str, kind: str) -> None:
    assert tree.find(route_id).kind == kind


@pytest.mark.parametrize(
    ("route_id", "pattern"),
    [
        ("blog/_slug", "blog/<slug:slug>"),  # Slug annotations (and the _slug default)
        ("authors/_slug", "authors/<slug:slug>"),  # the _slug default, nothing annotated
        ("pages/_slug", "pages/<str:slug>"),  # an str annotation beats the name's default
        ("tasks/_id", "tasks/<int:id>"),  # the _id default, one method annotated int
        ("items/_item", "items/<int:item>"),  # annotated int
        ("tags/_tag", "tags/<str:tag>"),  # no annotation, no default: str
        ("things/_uuid", "things/<uuid:uuid>"),  # the _uuid default
        ("orders/_ref", "orders/<uuid:ref>"),  # uuid.UUID, postponed annotations
        ("docs/__rest", "docs/<path:rest>"),  # catch-all
        ("files/catchall", "files/<path:path>"),  # the original's spelling
        ("about-us", "about-us"),
    ],
)
def test_url_patterns_and_converters(tree: RouteTree, route_id: str, pattern: str) -> None:
    assert tree.find(route_id).url_pattern == pattern


def test_params_accumulate_root_to_leaf(tree: RouteTree) -> None:
    comments = tree.find("blog/_slug/comments")
    assert comments.params == {"slug": "slug"}
    assert [s.kind for s in comments.segments] == ["static", "dynamic", "static"]


def test_chain_runs_root_to_leaf(tree: RouteTree) -> None:
    chain = tree.chain("blog/_slug/comments")
    assert [r.id for r in chain] == [ROOT_ID, "blog", "blog/_slug", "blog/_slug/comments"]
    assert tree.chain(tree.root) == [tree.root]


def test_find_unknown_id(tree: RouteTree) -> None:
    with pytest.raises(KeyError):
        tree.find("nope")


def test_methods_and_extra_endpoints(tree: RouteTree) -> None:
    assert tree.find("tasks").methods == ("GET", "POST")
    post = tree.find("blog/_slug")
    assert post.methods == ("GET",)
    assert [(e.path, e.url_pattern, e.methods) for e in post.endpoints] == [
        ("export", "blog/<slug:slug>/export", ("GET",))
    ]


def test_json_variants(tree: RouteTree) -> None:
    assert tree.root.json_pattern == "index.json"
    assert tree.find("tasks").json_pattern == "tasks.json"
    assert tree.find("docs/intro").json_pattern is None  # no handlers, no JSON


def test_to_dict_is_json_and_stable(tree: RouteTree) -> None:
    data = tree.to_dict()
    text = json.dumps(data)
    assert json.loads(text) == data
    assert text == json.dumps(data, sort_keys=True)  # keys sorted at every level
    again = discover_routes(ROUTES_DIR, PROJECT_PACKAGE).to_dict()
    assert json.dumps(again) == text


def test_to_dict_shape(tree: RouteTree) -> None:
    post = tree.to_dict()["root"]["children"]
    blog = next(child for child in post if child["id"] == "blog")
    slug = next(child for child in blog["children"] if child["id"] == "blog/_slug")
    assert slug == {
        "children": slug["children"],
        "dir": "blog/_slug",
        "document": None,
        "endpoints": [
            {"methods": ["GET"], "path": "export", "url_pattern": "blog/<slug:slug>/export"}
        ],
        "error": None,
        "handlers_module": "testsite.routes.blog._slug.handlers",
        "handlers_py": "blog/_slug/handlers.py",
        "id": "blog/_slug",
        "json_pattern": "blog/<slug:slug>.json",
        "kind": "page",
        "layout": None,
        "layout_module": "testsite.routes.blog._slug.layout",
        "layout_py": "blog/_slug/layout.py",
        "layout_router_id": "layout:blog/_slug",
        "methods": ["GET"],
        "not_found": None,
        "page": "blog/_slug/page.tsx",
        "page_router_id": "page:blog/_slug",
        "params": {"slug": "slug"},
        "parent_id": "blog",
        "segments": [
            {"converter": None, "kind": "static", "name": "blog", "param": None},
            {"converter": "slug", "kind": "dynamic", "name": "_slug", "param": "slug"},
        ],
        "url_pattern": "blog/<slug:slug>",
    }
    assert [child["id"] for child in slug["children"]] == ["blog/_slug/comments"]


@pytest.mark.parametrize(
    ("route_id", "layout", "page"),
    [
        ("root", "layout:root", "page:root"),  # layout.tsx + layout.py, page.tsx + get
        ("blog/_slug", "layout:blog/_slug", "page:blog/_slug"),  # layout.py only
        ("docs", "layout:docs", "page:docs"),  # layout.tsx, page.tsx, no Python
        ("items/_item", None, "page:items/_item"),  # handlers.py get, no page.tsx
        ("products", "layout:products", None),  # a layout without a page
        ("blog/_slug/comments", None, "page:blog/_slug/comments"),
        ("files", None, None),  # only a directory
    ],
)
def test_router_ids(tree: RouteTree, route_id: str, layout: str | None, page: str | None) -> None:
    route = tree.find(route_id)
    assert (route.layout_router_id, route.page_router_id) == (layout, page)


def test_router_ids_of_a_url(tree: RouteTree) -> None:
    # Every layout of the chain, root first, then the matched route's own page only.
    assert tree.router_ids("blog/_slug") == [
        "layout:root",
        "layout:blog",
        "layout:blog/_slug",
        "page:blog/_slug",
    ]
    assert tree.router_ids("docs/intro") == ["layout:root", "layout:docs", "page:docs/intro"]
    assert tree.router_ids("root") == ["layout:root", "page:root"]


def test_get_route_tree_without_a_package(settings: Any) -> None:
    get_route_tree.cache_clear()
    try:
        settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"package": ""})
        with pytest.raises(RouteError, match="package is not set"):
            get_route_tree()
    finally:
        get_route_tree.cache_clear()


def test_no_page_router_id_without_a_page_or_get(make_routes: Any) -> None:
    tree = make_routes({"hooks/handlers.py": "def post(request):\n    return None\n"})
    assert tree.find("hooks").page_router_id is None
    assert tree.router_ids("hooks") == []


def test_an_error_boundary_is_a_layout_route(make_routes: Any) -> None:
    # React Router hangs an error boundary on a route: error.tsx alone makes one.
    tree = make_routes({"shop/error.tsx": "", "shop/page.tsx": ""})
    assert tree.find("shop").layout_router_id == "layout:shop"
    assert tree.router_ids("shop") == ["layout:shop", "page:shop"]


def test_a_directory_removed_during_discovery_is_left_out(make_routes: Any) -> None:
    """`dk dev` rediscovers while the user edits: a route directory that goes away between
    being listed and being read is no route, not an error (it kept `dk dev` on a failed
    build until the next change)."""
    tree = make_routes({"page.tsx": ""})
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            for n in range(20):
                (tree.routes_dir / f"gone{n}").mkdir()
                (tree.routes_dir / f"gone{n}" / "page.tsx").write_text("")
            for n in range(20):
                (tree.routes_dir / f"gone{n}" / "page.tsx").unlink()
                (tree.routes_dir / f"gone{n}").rmdir()

    thread = threading.Thread(target=churn)
    thread.start()
    try:
        for _ in range(300):
            found = discover_routes(tree.routes_dir, tree.package)
            assert found.find(ROOT_ID).page is not None
    finally:
        stop.set()
        thread.join()
