"""Turn the route tree into ordered Django URL patterns, refusing routes that share a URL.

Django tries patterns in order, so the order is the precedence: static segments before
dynamic ones, narrow converters before wide ones, deeper patterns before the catch-alls that
would swallow them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.urls import URLPattern, URLResolver, path, re_path

from ._converters import CONVERTER_RANK
from ._resolver import RouteResolver
from ._routes import RouteError, RouteTree, Segment, show_path

__all__ = ["URL_NAMESPACE", "UrlEntry", "get_urlpatterns", "url_entries"]

URL_NAMESPACE = "djangokit"
"""Route URLs are named after their route id in this namespace:
``reverse("djangokit:blog/_slug", kwargs={"slug": "hello"})``."""

_PARAM = re.compile(r"<(\w+):\w+>")
_END = (9, 0, 0, "")


@dataclass(frozen=True)
class UrlEntry:
    """One URL pattern: a route's own URL, its ``.json`` variant or an extra endpoint."""

    pattern: str
    route_id: str
    source: Path
    endpoint: str | None = None
    json: bool = False
    sort_key: tuple[tuple[int, int, int, str], ...] = ()

    @property
    def name(self) -> str | None:
        """The URL name (``reverse()``); the ``.json`` variant has none."""
        if self.json:
            return None
        return self.route_id if self.endpoint is None else f"{self.route_id}/{self.endpoint}"

    def describe(self) -> str:
        if self.endpoint is not None:
            return f"{show_path(self.source)} (@handler path={self.endpoint!r})"
        if self.json:
            return f"{show_path(self.source)} (its .json variant)"
        return show_path(self.source)


def url_entries(tree: RouteTree) -> list[UrlEntry]:
    """Every URL of *tree* in match order; :class:`RouteError` when two share a URL."""
    entries: list[UrlEntry] = []
    for route in tree.iter_routes():
        segments = route.segments
        if route.routable:
            source = route.page or route.handlers_py
            assert source is not None
            entries.append(UrlEntry(route.url_pattern, route.id, source, sort_key=_key(segments)))
        if route.json_pattern is not None and route.handlers_py is not None:
            key = _key(segments, json=True)
            entries.append(
                UrlEntry(route.json_pattern, route.id, route.handlers_py, json=True, sort_key=key)
            )
        for endpoint in route.endpoints:
            assert route.handlers_py is not None
            extra = tuple(Segment(part, "static") for part in endpoint.path.split("/"))
            entries.append(
                UrlEntry(
                    endpoint.url_pattern,
                    route.id,
                    route.handlers_py,
                    endpoint=endpoint.path,
                    sort_key=_key((*segments, *extra)),
                )
            )
    seen: dict[str, UrlEntry] = {}
    for entry in entries:
        # <int:id> and <int:pk> match the same URLs: compare patterns without param names.
        shape = _PARAM.sub(r"<\1>", entry.pattern)
        other = seen.setdefault(shape, entry)
        if other is not entry:
            raise RouteError(
                f"Two routes resolve to the same URL /{entry.pattern}: {other.describe()} and "
                f"{entry.describe()}. Rename or remove one of them (dynamic segments with the "
                f"same converter match the same URLs whatever their names)."
            )
    entries.sort(key=lambda e: e.sort_key)
    return entries


def get_urlpatterns(tree: RouteTree, prefix: str = "") -> list[URLPattern | URLResolver]:
    """URL patterns serving *tree* below *prefix* (``""`` or ``"app/"``), for a project's
    own URLconf: ``urlpatterns = [*get_urlpatterns(get_route_tree()), ...]``.

    The last pattern catches every other URL below *prefix* and answers 404 with the
    not-found page, so put patterns of your own before these.
    """
    from .views import NotFoundView, RouteView

    prefix = prefix.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    patterns = [
        path(
            entry.pattern,
            RouteView(
                tree, entry.route_id, endpoint=entry.endpoint, json=entry.json, prefix=prefix
            ),
            name=entry.name,
        )
        for entry in url_entries(tree)
    ]
    patterns.append(re_path("", NotFoundView(tree, prefix)))
    return [RouteResolver(prefix, patterns, URL_NAMESPACE)]


def _key(
    segments: Sequence[Segment], *, json: bool = False
) -> tuple[tuple[int, int, int, str], ...]:
    """Sort key: per segment (kind, converter, suffix, name), then an end marker that sorts
    after any segment, so ``docs/<path:p>/edit`` is tried before ``docs/<path:p>``."""
    keys: list[tuple[int, int, int, str]] = []
    for i, segment in enumerate(segments):
        suffixed = json and i == len(segments) - 1
        if segment.kind == "static":
            keys.append((0, 0, 0, segment.name + (".json" if suffixed else "")))
        else:
            kind = 1 if segment.kind == "dynamic" else 2
            # ``<str:x>.json`` must be tried before ``<str:x>``, which would also match it.
            keys.append(
                (kind, CONVERTER_RANK[segment.converter or "str"], 0 if suffixed else 1, "")
            )
    if json and not segments:
        keys.append((0, 0, 0, "index.json"))
    keys.append(_END)
    return tuple(keys)
