"""A project from `dk new`, grown with `dk add`, built and served as in production."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

Run = Callable[..., str]
SECRET = "cli-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
HOST = "127.0.0.1"


def test_home_page_is_rendered_with_route_data_and_bundles(site: Any) -> None:
    status, headers, body = site.get("/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    html = body.decode()
    data = re.search(r'<script type="application/json" id="djangokit-data">(.*?)</script>', html)
    assert data is not None
    route_data = json.loads(data.group(1))
    assert route_data["matches"] == ["layout:root", "page:root"]
    assert [note["text"] for note in route_data["routes"]["page:root"]["notes"]] == ["hello"]
    assert re.search(r'<script type="module" src="/static/djangokit/client-\w+\.js">', html)
    assert '<link rel="modulepreload" href="/static/djangokit/page-' in html


def test_api_route_answers_json(site: Any) -> None:
    status, headers, body = site.get("/api/notes")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    notes = json.loads(body)
    assert [note["text"] for note in notes] == ["hello"]


def test_bundles_are_served_compressed_and_cached_by_whitenoise(site: Any) -> None:
    html = site.get("/")[2].decode()
    src = re.search(r'<script type="module" src="(/static/djangokit/client-\w+\.js)">', html)
    assert src is not None
    status, headers, body = site.get(src.group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert b"import" in gzip.decompress(body)
    status, headers, _ = site.get("/static/admin/css/base.css")
    assert status == 200 and "immutable" not in headers["Cache-Control"]


def test_every_added_route_serves(site: Any) -> None:
    status, _, body = site.get("/blog")
    assert status == 200 and b'"page:blog"' in body and b'"layout:blog"' in body
    status, _, body = site.get("/blog/hello", Accept="application/json")
    assert status == 200
    assert json.loads(body) == {
        "message": "Hello from src/mysite/routes/blog/_slug/handlers.py",
        "slug": "hello",
    }
    status, _, body = site.get("/blog/hello")
    assert status == 200 and b'"page:blog/_slug"' in body
    status, _, body = site.get("/api/tags/7")
    assert status == 200 and json.loads(body) == {"items": [], "id": 7}
    assert json.loads(site.get("/api/tags/7/export")[2]) == {"export": 7}
    assert site.get("/api/tags/seven")[0] == 404


def test_added_model_is_migrated_and_in_the_admin(site: Any, run: Run) -> None:
    project = site.project
    check = (
        "from django.contrib import admin; from mysite.models import Tag; "
        "print(Tag.objects.count(), admin.site.is_registered(Tag))"
    )
    assert run("shell", "-c", check, cwd=project).strip().splitlines()[-1] == "0 True"
    assert (project / "src" / "mysite" / "migrations" / "0002_tag.py").is_file()


def test_routes_table_and_json(site: Any, run: Run) -> None:
    project = site.project
    rows = json.loads(run("routes", "--json", cwd=project))
    assert [(row["url"], row["methods"]) for row in rows] == [
        ("/", ["GET", "POST"]),
        ("/api/notes", ["GET"]),
        ("/api/tags/<int:id>", ["GET", "POST"]),
        ("/api/tags/<int:id>/connections", ["GET"]),
        ("/api/tags/<int:id>/export", ["GET"]),
        ("/blog", ["GET"]),
        ("/blog/<slug:slug>", ["GET"]),
    ]
    assert rows[6]["files"] == ["blog/_slug/page.tsx", "blog/_slug/handlers.py"]
    # The root's error boundary and not-found page are its files too.
    assert rows[0]["files"] == [
        "page.tsx",
        "handlers.py",
        "layout.tsx",
        "error.tsx",
        "not-found.tsx",
    ]
    assert rows[4]["id"] == "api/tags/_id:export" and rows[4]["kind"] == "endpoint"
    assert rows[2]["params"] == {"id": "int"}
    table = run("routes", cwd=project).splitlines()
    assert table[0].split() == ["URL", "ROUTE", "FILES", "METHODS", "PARAMS"]
    assert table[3].split() == [
        "/api/tags/<int:id>",
        "api/tags/_id",
        "api/tags/_id/handlers.py",
        "GET,POST",
        "id:int",
    ]


def test_dk_types_types_the_added_handlers(site: Any, run: Run) -> None:
    project = site.project
    routes = project / "src" / "mysite" / "routes"
    # `dk new`'s files are up to date; the `dk add` handlers' annotations give the others.
    assert run("types", cwd=project).splitlines() == [
        "Wrote src/mysite/routes/api/tags/_id/+types.ts",
        "Wrote src/mysite/routes/blog/_slug/+types.ts",
    ]
    slug = (routes / "blog" / "_slug" / "+types.ts").read_text()
    assert "export type PageData = BlogSlugData;" in slug
    assert "export interface BlogSlugData {\n  message: string;\n  slug: string;\n}" in slug
    tags = (routes / "api" / "tags" / "_id" / "+types.ts").read_text()
    assert "export interface ApiTagsIdList {\n  items: string[];\n  id: number;\n}" in tags
    assert "export type ActionData = ApiTagsIdReceived;" in tags
    assert "export type PageData = NoteData[];" in (routes / "api/notes/+types.ts").read_text()
    assert run("types", "--check", cwd=project).startswith("TypeScript declarations are up")


def test_a_page_added_after_dk_types_is_typed_builds_and_serves(
    tmp_path: Path, new_dk_project: Callable[..., Path], run: Run, start_dk: Callable[..., Any]
) -> None:
    project = new_dk_project(tmp_path)
    run("add", "handler", "about", cwd=project)
    run("types", cwd=project)
    run("add", "page", "about", cwd=project)
    page = (project / "src" / "mysite" / "routes" / "about" / "page.tsx").read_text()
    assert 'import type { PageData } from "./+types";' in page
    assert "useData<PageData>()" in page
    run("build", "--production", cwd=project)
    server = start_dk(project, "serve", "--workers", "1", SECRET_KEY=SECRET, ALLOWED_HOSTS=HOST)
    try:
        status, _, body = server.get("/about")
    finally:
        server.stop()
    assert status == 200 and b'"page:about"' in body
    assert b"Hello from src/mysite/routes/about/handlers.py" in body
    out = run("check", cwd=project)
    assert out.strip().endswith("All checks passed."), out


def test_check_passes(site: Any, run: Run) -> None:
    out = run("check", cwd=site.project)
    assert "System check identified no issues" in out
    assert out.strip().endswith("All checks passed.")
