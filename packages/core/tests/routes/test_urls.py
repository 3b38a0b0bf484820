"""The project's URLs through Django's test client: one request per routing rule."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, clear_url_caches, resolve, reverse

import djangokit.core.urls
from djangokit.core import URL_NAMESPACE, get_route_tree, get_urlpatterns

JSON = {"Accept": "application/json"}


def get_json(client: Client, url: str) -> Any:
    response = client.get(url, headers=JSON)
    assert response.status_code == 200, (url, response.content)
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/", {"home": True}),
        ("/blog", {"posts": ["hello", "second-post"]}),
        ("/blog/hello", {"post": {"slug": "hello", "title": "Hello, world"}}),
        ("/blog/hello/comments", {"post": "hello", "comments": []}),
        ("/authors/ada-lovelace", {"author": "ada-lovelace"}),
        ("/pages/hello world", {"slug": "hello world"}),  # str accepts what slug refuses
        ("/items/42", {"item": 42, "type": "int"}),
        ("/tags/c++", {"tag": "c++"}),
        ("/docs/guide/install/linux", {"rest": "guide/install/linux"}),
        ("/files/a/b/c.txt", {"path": "a/b/c.txt"}),
        ("/about-us", {"team": ["Ada", "Grace"]}),  # relative import, non-identifier dir
    ],
)
def test_handlers_answer_json(client: Client, url: str, data: Any) -> None:
    assert get_json(client, url) == data


def test_uuid_segments(client: Client) -> None:
    value = uuid.uuid4()
    assert get_json(client, f"/things/{value}") == {"uuid": str(value), "type": "UUID"}
    assert get_json(client, f"/orders/{value}") == {"ref": str(value), "type": "UUID"}
    assert client.get("/orders/not-a-uuid", headers=JSON).status_code == 404


@pytest.mark.parametrize(
    ("url", "status"),
    [("/items/abc", 404), ("/authors/not a slug", 404), ("/blog/missing", 404)],
)
def test_converters_refuse_what_they_do_not_match(client: Client, url: str, status: int) -> None:
    assert client.get(url, headers=JSON).status_code == status


def test_static_segments_win_over_dynamic_ones(client: Client) -> None:
    assert get_json(client, "/blog/new") == {"form": "new"}
    assert resolve("/blog/new").url_name == "blog/new"
    assert resolve("/docs/intro").url_name == "docs/intro"  # before the catch-all


def test_no_trailing_slash(client: Client) -> None:
    assert client.get("/blog/", headers=JSON).status_code == 404
    assert client.get("/blog/hello/", headers=JSON).status_code == 404


def test_narrow_converters_win_over_wide_ones(client: Client) -> None:
    assert get_json(client, "/products/7") == {"by": "id", "id": 7}
    assert get_json(client, "/products/widget") == {"by": "name", "name": "widget"}


def test_json_suffix(client: Client) -> None:
    # No Accept header: the suffix alone asks for JSON.
    for url, data in [
        ("/index.json", {"home": True}),
        ("/blog/hello.json", {"post": {"slug": "hello", "title": "Hello, world"}}),
        ("/products/7.json", {"by": "id", "id": 7}),
        ("/products/w.json", {"by": "name", "name": "w"}),
        ("/docs/a/b.json", {"rest": "a/b"}),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json() == data, url
    assert client.get("/docs/intro.json").json() == {"rest": "intro"}  # no handlers: catch-all


def test_extra_endpoint(client: Client) -> None:
    response = client.get("/blog/hello/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response.content == b"title\nHello, world\n"
    assert client.post("/blog/hello/export").status_code == 405


@pytest.mark.django_db
def test_api_route_with_models(client: Client) -> None:
    created = client.post("/tasks", {"title": "First"}, content_type="application/json")
    assert created.status_code == 201
    task = created.json()
    assert task == {"id": task["id"], "title": "First", "body": ""}
    # An API-only route answers JSON without being asked.
    assert client.get("/tasks").json() == [task]
    assert client.get(f"/tasks/{task['id']}").json() == task
    assert client.delete(f"/tasks/{task['id']}").status_code == 204
    assert client.get(f"/tasks/{task['id']}").status_code == 404


def test_unknown_method_is_405(client: Client) -> None:
    response = client.put("/about-us", headers=JSON)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_url_names_are_route_ids() -> None:
    assert reverse(f"{URL_NAMESPACE}:blog/_slug", kwargs={"slug": "hi"}) == "/blog/hi"
    assert reverse(f"{URL_NAMESPACE}:root") == "/"
    assert reverse(f"{URL_NAMESPACE}:blog/_slug/export", kwargs={"slug": "hi"}) == "/blog/hi/export"


@pytest.mark.django_db
def test_admin_is_mounted(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def _flatten(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _flatten(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


def test_get_urlpatterns_with_a_prefix() -> None:
    patterns = _flatten(get_urlpatterns(get_route_tree(), "/app"))
    assert "app/" in patterns
    assert "app/blog/<slug:slug>" in patterns
    assert patterns.index("app/blog/new") < patterns.index("app/blog/<slug:slug>")


# A URLconf of one's own, as a project mounting DjangoKit below /app/ would write it.
urlpatterns = get_urlpatterns(get_route_tree(), "app/")


def test_a_urlconf_of_ones_own(client: Client, settings: Any) -> None:
    settings.ROOT_URLCONF = __name__
    assert get_json(client, "/app/blog/hello")["post"]["slug"] == "hello"
    assert client.get("/blog/hello", headers=JSON).status_code == 404
    data = client.get("/app/blog/hello", headers={"X-DjangoKit-Data": "1"}).json()
    assert data["prefix"] == "app/"


DjangoKitOptions = Callable[..., None]


@pytest.fixture
def djangokit_options() -> Iterator[DjangoKitOptions]:
    """Change ``settings.DJANGOKIT`` options and re-import djangokit.core.urls; undo both after."""
    overrides: list[override_settings] = []

    def reload() -> None:
        importlib.reload(djangokit.core.urls)
        clear_url_caches()

    def change(**options: Any) -> None:
        override = override_settings(DJANGOKIT=settings.DJANGOKIT.model_copy(update=options))
        override.enable()
        overrides.append(override)
        reload()

    yield change
    for override in reversed(overrides):
        override.disable()
    reload()


@pytest.mark.django_db
def test_prefix_and_admin_from_settings(
    client: Client, djangokit_options: DjangoKitOptions
) -> None:
    djangokit_options(prefix="app/", admin="staff/")
    assert get_json(client, "/app/blog/hello")["post"]["slug"] == "hello"
    assert get_json(client, "/app/")["home"] is True
    assert client.get("/blog/hello", headers=JSON).status_code == 404
    assert client.get("/staff/")["Location"].startswith("/staff/login/")
    assert client.get("/admin/").status_code == 404


def test_admin_can_be_switched_off(client: Client, djangokit_options: DjangoKitOptions) -> None:
    djangokit_options(admin=None)
    assert client.get("/admin/").status_code == 404


@pytest.fixture
def reload_urls() -> Iterator[Callable[[], None]]:
    """Re-import djangokit.core.urls (its patterns depend on settings); again after the test."""

    def reload() -> None:
        importlib.reload(djangokit.core.urls)
        clear_url_caches()

    yield reload
    reload()


def test_uploads_are_served_at_media_url_with_debug_only(
    client: Client, settings: Any, tmp_path: Any, reload_urls: Callable[[], None]
) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("uploaded")
    settings.MEDIA_ROOT, settings.MEDIA_URL, settings.DEBUG = tmp_path, "/media/", True
    reload_urls()
    response = client.get("/media/notes/a.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"uploaded"  # type: ignore[attr-defined]
    settings.DEBUG = False  # production: a storage backend or the web server serves them
    reload_urls()
    assert client.get("/media/notes/a.txt").status_code == 404
