"""The server-side rendering seam: what core asks of a renderer, and how it finds one.

Core knows nothing of Node processes. A backend (``djangokit.ssr``, or your own) renders the
React tree of a URL from its route data; without one, or when it fails, the page is sent
without markup and the client renders it. A backend is a factory named by
``[djangokit.ssr] backend``: a dotted path, or an entry point in the ``djangokit.ssr_backends``
group (``pool = "djangokit.ssr:PoolRenderer"``). It is called once with the
``[djangokit.ssr]`` options and returns a :class:`Renderer` (or ``None`` to decline).

```python
class EchoRenderer:
    def __init__(self, options): ...

    def render(self, url, router_ids, data, *, timeout):
        return RenderResult(html="<h1>Hi</h1>", head="<title>Hi</title>")
```

A backend that only passes the data on as JSON may also define ``render_json(url,
router_ids, text, *, timeout)``: core then hands it the document's JSON text and never parses
it in Python (about 50 µs of a 100-row page), except for a page in the render cache, whose
key is read from the data.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from ._assets import build_paths
from ._conf import option
from ._errors import logger
from ._render_cache import cached_render

__all__ = [
    "ENTRY_POINT_GROUP",
    "EncodedData",
    "RenderError",
    "RenderResult",
    "Renderer",
    "get_renderer",
    "render_page",
    "server_bundle_path",
]

ENTRY_POINT_GROUP = "djangokit.ssr_backends"


class RenderResult(NamedTuple):
    """A rendered page: ``html`` goes inside ``#djangokit-root``, ``head`` into ``<head>``."""

    html: str
    head: str = ""


class EncodedData(dict[str, Any]):
    """Route data as the document embeds it, keeping the JSON text it was parsed from
    (``json``), so a backend that sends the data on as JSON need not encode it again. Read
    it, do not change it: a changed copy (``{**data, ...}``) is a plain dict."""

    __slots__ = ("json",)

    def __init__(self, text: str) -> None:
        super().__init__(json.loads(text))
        self.json = text


def server_bundle_path() -> Path:
    """The running project's server bundle, ``<[djangokit.build] out_dir>/server/server.mjs``:
    what a renderer loads."""
    return build_paths().server_bundle


class RenderError(Exception):
    """The renderer could not render this page (a crash, a timeout, no server bundle)."""


@runtime_checkable
class Renderer(Protocol):
    """What a backend provides: render *url* matching *router_ids* from the route *data*
    (the JSON-ready value the document embeds) within *timeout* seconds, or raise
    :class:`RenderError`."""

    def render(
        self, url: str, router_ids: list[str], data: dict[str, Any], *, timeout: float
    ) -> RenderResult: ...


def _factory(backend: str) -> Callable[[Any], Any] | None:
    if "." in backend:
        return import_string(backend)  # type: ignore[no-any-return]
    for entry_point in entry_points(group=ENTRY_POINT_GROUP, name=backend):
        return entry_point.load()  # type: ignore[no-any-return]
    return None


def _build(options: Any) -> Renderer | None:
    enabled = options.enabled if options is not None else None
    if options is None or enabled is False:
        return None
    backend = options.backend
    factory = _factory(backend)
    if factory is None:
        if enabled:  # asked for explicitly: say why pages are not rendered on the server
            logger.error(
                "[djangokit.ssr] enabled = true, but no backend %r is installed (entry point "
                "group %s); pages are rendered by the client. Install org-djangokit-ssr.",
                backend,
                ENTRY_POINT_GROUP,
            )
        return None
    renderer = factory(options)
    if renderer is not None and not isinstance(renderer, Renderer):
        raise TypeError(f"SSR backend {backend!r} returned {renderer!r}, which has no render()")
    return renderer


_lock = threading.Lock()
_current: tuple[Any, Renderer | None] | None = None


def get_renderer() -> Renderer | None:
    """The configured renderer, built once per ``[djangokit.ssr]`` options; ``None`` when
    SSR is off, or on ``auto`` with no backend installed."""
    global _current
    options = option("ssr")
    current = _current
    if current is not None and current[0] is options:
        return current[1]
    with _lock:
        if _current is None or _current[0] is not options:
            _close(_current)
            _current = (options, _build(options))
        return _current[1]


def _close(current: tuple[Any, Renderer | None] | None) -> None:
    close = getattr(current[1], "close", None) if current is not None else None
    if callable(close):
        close()


def render_page(
    url: str, router_ids: list[str], data: dict[str, Any] | str, *, cache_seconds: int = 0
) -> RenderResult | None:
    """Render with the configured renderer; ``None`` without one or when rendering fails
    (logged: the page then goes out without markup and the client renders it).

    *data* is the route data, or the JSON text the document embeds (what the client will
    parse: given to a backend's ``render_json()``, or parsed into :class:`EncodedData`).
    *cache_seconds* (the page's public ``@cache``) keeps an anonymous visitor's render in
    the render cache for that long (:mod:`djangokit.core._render_cache`).
    """
    renderer = get_renderer()
    if renderer is None:
        return None
    timeout = option("ssr").timeout
    route = router_ids[-1] if router_ids else "-"
    render_json = getattr(renderer, "render_json", None)

    def render(value: Any) -> RenderResult:
        return renderer.render(url, router_ids, value, timeout=timeout)

    try:
        if isinstance(data, str) and callable(render_json) and cache_seconds <= 0:
            html, head = render_json(url, router_ids, data, timeout=timeout)
        else:  # the render cache reads the data; render() takes a mapping
            value = EncodedData(data) if isinstance(data, str) else data
            html, head = cached_render(render, url, value, cache_seconds)
    except (RenderError, TimeoutError) as exc:
        logger.warning("Server-side rendering of %s (%s) failed: %s", url, route, exc)
        return None
    except Exception:  # a bug in the backend must not take the page down with it
        logger.exception("Server-side rendering of %s (%s) raised", url, route)
        return None
    return RenderResult(html, head)


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    global _current
    if setting == "DJANGOKIT":
        with _lock:
            _close(_current)
            _current = None
