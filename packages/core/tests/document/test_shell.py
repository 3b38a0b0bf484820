"""The HTML shell: the default template, a project's document.html, escaping, CSRF, Vary."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from djangokit.core import RouteTree, discover_routes

from .conftest import DATA, embedded_data, set_djangokit

PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "upper": "</SCRIPT><img src=x onerror=alert(1)>",
    "comment": "<!--<script>",
    "separators": "a\u2028b\u2029c",
    "entity": "&lt;b&gt; & <b>",
}


def test_default_document(
    client: Client, serve_tree: Callable[[RouteTree], None], without_custom_document: RouteTree
) -> None:
    serve_tree(without_custom_document)
    response = client.get("/blog/hello")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert html.startswith('<!doctype html>\n<html lang="en-us">')
    for tag in (
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Test site</title>",
        '<div id="djangokit-root"></div>',
    ):
        assert tag in html
    assert 'name="description"' not in html  # none configured
    assert embedded_data(response.content)["routes"]["page:blog/_slug"]["post"]["slug"] == "hello"


def test_title_description_and_lang_come_from_settings(
    client: Client,
    settings: Any,
    serve_tree: Callable[[RouteTree], None],
    without_custom_document: RouteTree,
) -> None:
    serve_tree(without_custom_document)
    set_djangokit(settings, title="Ada & Co <3", description='Say "hi"')
    settings.LANGUAGE_CODE = "fr"
    html = client.get("/blog").content.decode()
    assert '<html lang="fr">' in html
    assert "<title>Ada &amp; Co &lt;3</title>" in html
    assert '<meta name="description" content="Say &quot;hi&quot;">' in html


def test_the_projects_document_html_replaces_the_shell(client: Client) -> None:
    html = client.get("/blog").content.decode()
    assert '<html lang="en-us" data-document="custom">' in html
    assert '<link rel="icon" href="/static/favicon.ico">' in html  # {% load static %} works
    assert "<title>Test site</title>" in html  # {{ head }}
    assert '<div id="djangokit-root"></div>' in html  # {{ body }}
    embedded_data(html.encode())


def test_a_changed_document_html_is_read_again(
    client: Client, tmp_path: Path, serve_tree: Callable[[RouteTree], None]
) -> None:
    routes = tmp_path / "site_doc" / "routes"
    routes.mkdir(parents=True)
    (routes / "page.tsx").write_text("export default () => null;\n")
    document = routes / "document.html"
    document.write_text("<p>one</p>{{ body }}")
    serve_tree(discover_routes(routes, "site_doc"))
    assert client.get("/").content.startswith(b"<p>one</p>")
    document.write_text("<p>two</p>{{ body }}")
    stat = document.stat()
    os.utime(document, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert client.get("/").content.startswith(b"<p>two</p>")


def _script_elements(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>.*?</script>", html, re.S | re.I)


@pytest.mark.parametrize("query", ["", "?q=</script><script>alert(2)</script><!--"])
def test_route_data_cannot_break_out_of_its_script_element(client: Client, query: str) -> None:
    response = client.get(f"/xss{query}")
    html = response.content.decode()
    # One script element for the data and nothing else: no payload ended it or began another.
    assert len(_script_elements(html)) == 1
    assert "alert(" not in html.replace(_script_elements(html)[0], "")
    data_json = _script_elements(html)[0]
    assert "<!--" not in data_json and "\u2028" not in data_json and "\u2029" not in data_json
    assert embedded_data(response.content)["routes"]["page:xss"]["payloads"] == PAYLOADS
    if query:
        assert embedded_data(response.content)["routes"]["page:xss"]["echo"].startswith("</script>")


@pytest.mark.django_db
def test_the_username_is_escaped_too(client: Client) -> None:
    name = PAYLOADS["script"] + "\u2028<!--"
    client.force_login(User.objects.create_user(name[:150], first_name="<b>Ada</b>"))
    response = client.get("/xss")
    html = response.content.decode()
    assert len(_script_elements(html)) == 1
    user = embedded_data(response.content)["user"]
    assert user["isAuthenticated"] is True
    assert user["username"] == name and user["displayName"] == "<b>Ada</b>"


def test_the_document_sets_the_csrf_cookie_and_embeds_the_token(client: Client) -> None:
    response = client.get("/blog/new")
    assert response.cookies["csrftoken"].value
    assert embedded_data(response.content)["csrfToken"]
    assert "Cookie" in response["Vary"]  # the user and the token were read


@pytest.mark.parametrize("url", ["/blog/hello", "/docs/intro", "/not/a/route"])
def test_documents_vary_on_what_was_asked(client: Client, url: str) -> None:
    for response in (client.get(url), client.get(url, headers=DATA)):
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert {"Accept", "X-DjangoKit-Data"} <= vary, url


def test_a_project_without_template_engines_still_gets_its_document(
    client: Client,
    settings: Any,
    serve_tree: Callable[[RouteTree], None],
    without_custom_document: RouteTree,
) -> None:
    serve_tree(without_custom_document)
    settings.TEMPLATES = []
    response = client.get("/blog")
    assert response.status_code == 200
    assert response.content.startswith(b"<!doctype html>")


def test_custom_document_context(
    client: Client, tmp_path: Path, serve_tree: Callable[[RouteTree], None]
) -> None:
    # Every piece is available on its own to a document.html that lays the page out itself.
    routes = tmp_path / "site_ctx" / "routes"
    routes.mkdir(parents=True)
    (routes / "page.tsx").write_text("export default () => null;\n")
    (routes / "document.html").write_text(
        textwrap.dedent(
            """\
            lang={{ lang }};title={{ title }};status={{ status }};url={{ route_data.url }}
            <main>{{ markup }}</main>{{ data_script }}{{ scripts }}{{ styles }}{{ preloads }}
            {{ ssr_head }}{% csrf_token %}
            """
        )
    )
    serve_tree(discover_routes(routes, "site_ctx"))
    response = client.get("/")
    text = response.content.decode()
    assert text.startswith("lang=en-us;title=Test site;status=200;url=/")
    assert 'name="csrfmiddlewaretoken"' in text
    embedded_data(response.content)


@pytest.mark.parametrize(
    ("title", "description", "markup"),
    [
        ("Test site", "", ""),
        ("", 'Say "hi" & <b>', "<p>rendered</p>"),
        ("Ada & Co <3", "Plain", "<h1>x</h1>"),
    ],
)
def test_the_default_shell_is_assembled_as_the_template_renders_it(
    rf: Any, title: str, description: str, markup: str
) -> None:
    from django.template import engines
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    from djangokit.core import _document

    parts: dict[str, Any] = {
        "lang": "fr<",
        "title": title,
        "description": description,
        "favicon": mark_safe('<link rel="icon" href="/static/favicon.svg">' if title else ""),
        "ssr_head": mark_safe("<title>SSR</title>" if markup else ""),
        "markup": mark_safe(markup),
        "data_script": format_html('<script type="application/json">{}</script>', "{}"),
        "styles": mark_safe('<link rel="stylesheet" href="/a.css">'),
        "preloads": mark_safe(""),
        "scripts": mark_safe('<script type="module" src="/e.js"></script>'),
    }
    template = engines["django"].get_template(_document.DEFAULT_TEMPLATE)
    assert template.origin.name == _document._DEFAULT_TEMPLATE_FILE
    assert _document._default_document(parts) == template.render(parts, rf.get("/"))


ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


@pytest.fixture
def static_icon(settings: Any, tmp_path: Path) -> Path:
    """A static files directory that the finders search, with nothing in it yet."""
    static = tmp_path / "static"
    static.mkdir()
    settings.STATICFILES_DIRS = [static]
    return static


def test_the_document_links_the_favicon_when_a_finder_finds_it(
    client: Client,
    settings: Any,
    static_icon: Path,
    serve_tree: Callable[[RouteTree], None],
    without_custom_document: RouteTree,
) -> None:
    serve_tree(without_custom_document)
    settings.DEBUG = True
    assert 'rel="icon"' not in client.get("/blog").content.decode()  # no file: no link
    (static_icon / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert ICON in client.get("/blog").content.decode()  # looked for again with DEBUG on
    set_djangokit(settings, favicon="")
    assert 'rel="icon"' not in client.get("/blog").content.decode()
    set_djangokit(settings, favicon="brand/icon.png")
    (static_icon / "brand").mkdir()
    (static_icon / "brand" / "icon.png").write_bytes(b"\x89PNG")
    assert '<link rel="icon" href="/static/brand/icon.png" type="image/png">' in (
        client.get("/blog").content.decode()
    )


def test_a_favicon_a_manifest_storage_has_not_collected_is_left_out(
    client: Client,
    settings: Any,
    static_icon: Path,
    serve_tree: Callable[[RouteTree], None],
    without_custom_document: RouteTree,
) -> None:
    serve_tree(without_custom_document)
    (static_icon / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = static_icon.parent / "collected"  # nothing collected yet
    response = client.get("/blog")
    assert response.status_code == 200
    assert 'rel="icon"' not in response.content.decode()


def test_a_projects_document_gets_the_favicon_in_head_and_as_a_variable(
    client: Client, static_icon: Path
) -> None:
    (static_icon / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    html = client.get("/blog").content.decode()
    assert html.count(ICON) == 1  # {{ head }}; the test project's own favicon.ico link too
    assert '<link rel="icon" href="/static/favicon.ico">' in html
