"""In development (``DEBUG``), a failed render is shown: the page still goes out without markup
(the client renders it), and its head carries the error for the browser console."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.html import escape

from djangokit.core.ssr import RenderError, RenderResult

Render = Callable[..., RenderResult]

__all__ = ["Backend", "render_or_show"]

logger = logging.getLogger("djangokit.ssr")


def error_head(url: str, route: str, error: str) -> str:
    """An HTML comment and a ``console.error`` with *error*, safe inside ``<head>``."""
    text = f"DjangoKit: server-side rendering of {url} ({route}) failed: {error}"
    literal = json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")
    comment = escape(text).replace("--", "- -")
    return f"<!-- {comment} -->\n<script>console.error({literal})</script>"


def render_or_show(
    render: Render, url: str, router_ids: list[str], data: dict[str, Any] | str, timeout: float
) -> RenderResult:
    """``render(...)``; with ``DEBUG``, answer a failure with :func:`error_head` (logged
    with the route) instead of raising it."""
    try:
        return render(url, router_ids, data, timeout=timeout)
    except RenderError as exc:
        if not settings.DEBUG:
            raise
        route = router_ids[-1] if router_ids else "-"
        logger.warning("Server-side rendering of %s (%s) failed: %s", url, route, exc)
        return RenderResult("", error_head(url, route, str(exc)))


class Backend:
    """What every backend shares: with ``DEBUG``, ``render()`` shows a failure instead of
    raising it (core's render cache is in front of every backend), and ``render_json()``
    sends the document's JSON text as it is. Subclasses write ``_render()``, whose *data* is
    the route data or its JSON text (``render_body()`` sends either)."""

    def render(
        self, url: str, router_ids: list[str], data: dict[str, Any], *, timeout: float
    ) -> RenderResult:
        return render_or_show(self._render, url, router_ids, data, timeout)

    def render_json(
        self, url: str, router_ids: list[str], text: str, *, timeout: float
    ) -> RenderResult:
        return render_or_show(self._render, url, router_ids, text, timeout)

    def _render(
        self, url: str, router_ids: list[str], data: dict[str, Any] | str, *, timeout: float
    ) -> RenderResult:
        raise NotImplementedError
