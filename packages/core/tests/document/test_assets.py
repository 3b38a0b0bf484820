"""Script, preload and stylesheet tags from the build manifest (decision 0003)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from djangokit.core._assets import get_manifest, manifest_path

from .conftest import embedded_data

MANIFEST = {
    "entry": "djangokit/entry-AAAA.js",
    "css": ["djangokit/entry-AAAA.css"],
    "routes": {
        "layout:root": {"js": ["djangokit/root-layout-1111.js", "djangokit/shared-9999.js"]},
        "layout:blog": {"js": ["djangokit/blog-layout-2222.js"], "css": ["djangokit/blog.css"]},
        "page:blog/_slug": {
            "js": ["djangokit/post-3333.js", "djangokit/shared-9999.js"],
            "css": ["djangokit/post.css"],
        },
        "page:blog": {"js": ["djangokit/blog-4444.js"]},
        "page:docs/intro": {"js": ["djangokit/intro-5555.js"]},
        "+not-found": {"js": ["djangokit/not-found-6666.js"]},
    },
}


def write(build_dir: Path, manifest: Any) -> None:
    path = build_dir / "manifest.json"
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    # Filesystems with coarse timestamps: make sure the change is visible as one.
    os.utime(path, ns=(before + 10**9, max(before + 10**9, path.stat().st_mtime_ns)))


def tags(html: str, rel: str) -> list[str]:
    return re.findall(rf'<link rel="{rel}" href="([^"]+)">', html)


def test_the_manifest_lives_in_the_build_out_dir(build_dir: Path) -> None:
    assert manifest_path() == build_dir / "manifest.json"


def test_exactly_the_matched_routes_chunks(client: Client, build_dir: Path) -> None:
    write(build_dir, MANIFEST)
    html = client.get("/blog/hello").content.decode()
    assert '<script type="module" src="/static/djangokit/entry-AAAA.js"></script>' in html
    assert tags(html, "modulepreload") == [
        "/static/djangokit/root-layout-1111.js",
        "/static/djangokit/shared-9999.js",  # once, though two routes import it
        "/static/djangokit/blog-layout-2222.js",
        "/static/djangokit/post-3333.js",
    ]
    assert tags(html, "stylesheet") == [
        "/static/djangokit/entry-AAAA.css",
        "/static/djangokit/blog.css",
        "/static/djangokit/post.css",
    ]
    assert html.count('<script type="module"') == 1


def test_another_route_gets_other_chunks(client: Client, build_dir: Path) -> None:
    write(build_dir, MANIFEST)
    html = client.get("/docs/intro").content.decode()
    assert tags(html, "modulepreload") == [
        "/static/djangokit/root-layout-1111.js",
        "/static/djangokit/shared-9999.js",
        "/static/djangokit/intro-5555.js",
    ]


def test_the_not_found_page_preloads_its_own_chunk(client: Client, build_dir: Path) -> None:
    write(build_dir, MANIFEST)
    html = client.get("/no/such/page").content.decode()
    assert "/static/djangokit/not-found-6666.js" in tags(html, "modulepreload")


def test_static_url_is_honoured(client: Client, build_dir: Path, settings: Any) -> None:
    settings.STATIC_URL = "https://cdn.example.com/s/"
    write(build_dir, MANIFEST)
    html = client.get("/blog").content.decode()
    assert 'src="https://cdn.example.com/s/djangokit/entry-AAAA.js"' in html


def test_a_rebuilt_manifest_is_read_again(client: Client, build_dir: Path) -> None:
    write(build_dir, MANIFEST)
    assert "entry-AAAA.js" in client.get("/blog").content.decode()
    first = get_manifest()
    assert get_manifest() is first  # parsed once while unchanged
    write(build_dir, {**MANIFEST, "entry": "djangokit/entry-BBBB.js"})
    html = client.get("/blog").content.decode()
    assert "entry-BBBB.js" in html and "entry-AAAA.js" not in html


@pytest.mark.parametrize("debug", [False, True])
def test_no_build_means_no_tags(
    client: Client, build_dir: Path, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    html = client.get("/blog").content.decode()
    assert 'type="module"' not in html and "modulepreload" not in html
    assert ("run `dk build`" in html) is debug  # a hint in development only
    write(build_dir, "")  # an empty file is no build either
    assert 'type="module"' not in client.get("/blog").content.decode()


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "unreadable"),
        ("[]", "JSON object"),
        ({"entry": 3}, '"entry" must be a string'),
        ({"entry": "e.js", "css": "a.css"}, '"css" must be a list'),
        ({"entry": "e.js", "routes": {"page:root": ["a.js"]}}, '"routes.page:root" must be'),
        ({"entry": "e.js", "routes": {"page:root": {"js": [1]}}}, "routes.page:root.js"),
    ],
)
def test_a_broken_manifest_is_reported(build_dir: Path, manifest: Any, message: str) -> None:
    write(build_dir, manifest)
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        get_manifest()


def test_an_error_boundary_alone_has_its_chunk_preloaded(
    client: Client, build_dir: Path, make_routes: Any, serve_tree: Any
) -> None:
    # shop/ holds only error.tsx: the client manifest gives it a route (layout:shop) for the
    # boundary, so Django matches it too, and the document preloads its chunk: hydration
    # needs no request of its own.
    tree = make_routes(
        {"page.tsx": "", "shop/error.tsx": "", "shop/page.tsx": "", "shop/cart/page.tsx": ""}
    )
    serve_tree(tree)
    write(
        build_dir,
        {
            "entry": "djangokit/entry-AAAA.js",
            "routes": {
                "layout:shop": {"js": ["djangokit/shop-error-1111.js"]},
                "page:shop/cart": {"js": ["djangokit/cart-2222.js"]},
            },
        },
    )
    response = client.get("/shop/cart")
    assert response.status_code == 200
    assert embedded_data(response.content)["matches"] == ["layout:shop", "page:shop/cart"]
    assert tags(response.content.decode(), "modulepreload") == [
        "/static/djangokit/shop-error-1111.js",
        "/static/djangokit/cart-2222.js",
    ]
