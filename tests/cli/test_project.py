"""A project from `dk new`, grown with `dk add`, built and served as in production."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from typing import Any

Run = Callable[..., str]


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
        ("/api/tags/<int:id>/export", ["GET"]),
        ("/blog", ["GET"]),
        ("/blog/<slug:slug>", ["GET"]),
    ]
    assert rows[5]["files"] == ["blog/_slug/page.tsx", "blog/_slug/handlers.py"]
    assert rows[3]["id"] == "api/tags/_id:export" and rows[3]["kind"] == "endpoint"
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


def test_check_passes(site: Any, run: Run) -> None:
    out = run("check", cwd=site.project)
    assert "System check identified no issues" in out
    assert out.strip().endswith("All checks passed.")
