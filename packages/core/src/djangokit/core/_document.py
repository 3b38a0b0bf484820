"""The HTML document: the shell template with the route data, the page's chunks and, when a
renderer is configured, its server-rendered markup.

The template is ``djangokit/document.html``, or the project's ``routes/document.html``
rendered by the project's own Django template engine, so ``{% load static %}`` and the
project's tags work in it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.utils import translation
from django.utils.safestring import SafeData, SafeString, mark_safe

from ._assets import favicon_tag, get_manifest
from ._conf import option
from ._encoding import json_for_html, strict_serialization
from ._route_data import RouteData
from ._routes import RouteTree
from .conventions import NOT_FOUND_ROUTER_ID
from .ssr import get_renderer, render_page

__all__ = ["DATA_ELEMENT_ID", "NOT_FOUND_ROUTER_ID", "ROOT_ELEMENT_ID", "render_document"]

ROOT_ELEMENT_ID = "djangokit-root"
DATA_ELEMENT_ID = "djangokit-data"

DEFAULT_TEMPLATE = "djangokit/document.html"


class _Template(Protocol):
    def render(
        self, context: dict[str, Any] | None = ..., request: HttpRequest | None = ...
    ) -> str: ...


def render_document(
    request: HttpRequest,
    tree: RouteTree,
    data: RouteData,
    payload: dict[str, Any],
    *,
    cache_seconds: int = 0,
) -> HttpResponse:
    """The document for *payload* (the route data), with *data*'s status; its server render
    cached for *cache_seconds* for anonymous visitors (the page's public ``@cache``)."""
    embedded = json_for_html(payload, strict=strict_serialization())
    ssr = None
    if get_renderer() is not None:
        # The renderer gets exactly the text the client will parse: one encoding for both.
        ssr = render_page(
            request.get_full_path(), data.matches, embedded, cache_seconds=cache_seconds
        )
    asset_ids = [*data.matches, NOT_FOUND_ROUTER_ID] if data.not_found else data.matches
    tags = get_manifest().tags(asset_ids)
    ssr_head = ssr.head if ssr is not None else ""
    title = "" if "<title" in ssr_head.lower() else str(option("title", "") or tree.package)
    description = "" if 'name="description"' in ssr_head else str(option("description", ""))
    parts: dict[str, Any] = {
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
        "title": title,
        "description": description,
        "ssr_head": mark_safe(ssr_head),  # the renderer's output is HTML by contract
        "markup": mark_safe(ssr.html if ssr is not None else ""),
        # json_for_html escaped every <, > and & of the data.
        "data_script": SafeString(
            f'<script type="application/json" id="{DATA_ELEMENT_ID}">{embedded}</script>'
        ),
        "favicon": favicon_tag(),
        "styles": tags.styles,
        "preloads": tags.preloads,
        "scripts": tags.scripts,
        "route_data": payload,
        "status": data.status,
    }
    parts["head"] = _lines(
        f"<title>{_e(title)}</title>" if title else "",
        f'<meta name="description" content="{_e(description)}">' if description else "",
        parts["favicon"],
        parts["styles"],
        parts["preloads"],
        parts["ssr_head"],
    )
    parts["body"] = _lines(
        f'<div id="{ROOT_ELEMENT_ID}">{parts["markup"]}</div>',
        parts["data_script"],
        parts["scripts"],
    )
    template = _template(tree)
    if getattr(getattr(template, "origin", None), "name", None) == _DEFAULT_TEMPLATE_FILE:
        document = _default_document(parts)  # the shipped shell, without the template engine
    else:
        document = template.render(parts, request)
    return HttpResponse(document, status=data.status)


_DEFAULT_TEMPLATE_FILE = str(Path(__file__).parent / "templates" / DEFAULT_TEMPLATE)


def _default_document(parts: dict[str, Any]) -> str:
    """What ``djangokit/document.html`` renders to, assembled directly: the template runs the
    context processors and a node per tag, a measurable part of a server-rendered page
    (``tests/document/test_shell.py`` holds the two to the same output)."""
    e = _e
    title, description = parts["title"], parts["description"]
    title_tag = f"<title>{e(title)}</title>" if title else ""
    description_tag = f'<meta name="description" content="{e(description)}">' if description else ""
    return (
        f'<!doctype html>\n<html lang="{e(parts["lang"])}">\n  <head>\n'
        '    <meta charset="utf-8">\n'
        '    <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"    {title_tag}\n    {description_tag}\n    {e(parts['favicon'])}\n"
        f"    {e(parts['styles'])}\n    {e(parts['preloads'])}\n    {e(parts['ssr_head'])}\n"
        "  </head>\n  <body>\n"
        f'    <div id="djangokit-root">{e(parts["markup"])}</div>\n'
        f"    {e(parts['data_script'])}\n    {e(parts['scripts'])}\n"
        "  </body>\n</html>\n"
    )


def _e(value: Any) -> str:
    """``conditional_escape()`` for the document's strings, without Django's check for lazy
    translations in every call (about a tenth of assembling a document)."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _lines(*parts: str) -> SafeString:
    return SafeString("\n".join([part for part in parts if part]))  # each part is safe already


def _engine() -> DjangoTemplates:
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            return engine
    return _fallback_engine()


_fallback: list[DjangoTemplates] = []


def _fallback_engine() -> DjangoTemplates:
    # A project without a Django template engine configured still gets its document.
    if not _fallback:
        _fallback.append(
            DjangoTemplates(
                {
                    "NAME": "djangokit",
                    "DIRS": [Path(__file__).parent / "templates"],
                    "APP_DIRS": False,
                    "OPTIONS": {"context_processors": ["django.template.context_processors.csrf"]},
                }
            )
        )
    return _fallback[0]


_custom: dict[Path, tuple[int, _Template]] = {}


def _template(tree: RouteTree) -> _Template:
    """``routes/document.html`` when the project has one (re-read when it changes), else
    ``djangokit/document.html`` through the template loaders (so an app may override it)."""
    path = tree.root.document
    try:
        mtime = path.stat().st_mtime_ns if path is not None else None
    except FileNotFoundError:  # removed under `dk dev`, which is about to drop it
        mtime = None
    if path is None or mtime is None:
        template: _Template = _engine().get_template(DEFAULT_TEMPLATE)
        return template
    cached = _custom.get(path)
    if cached is None or cached[0] != mtime:
        cached = _custom[path] = (mtime, _engine().from_string(path.read_text(encoding="utf-8")))
    return cached[1]
