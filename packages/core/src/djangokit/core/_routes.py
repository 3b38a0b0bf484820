"""The route tree: what ``routes/`` holds, as plain frozen data.

URL patterns, the client route manifest, ``dk routes`` and ``dk types`` all read this one
structure, so they can never disagree about what a route is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured

from .conventions import ROOT_ID, layout_router_id, page_router_id

__all__ = [
    "ROOT_ID",
    "Endpoint",
    "Route",
    "RouteError",
    "RouteKind",
    "RouteTree",
    "Segment",
    "show_path",
]


RouteKind = Literal["page", "api", "layout", "directory"]
SegmentKind = Literal["static", "dynamic", "catchall"]


class RouteError(ImproperlyConfigured):
    """``routes/`` holds something that cannot become a URL; the message says how to fix it."""


def show_path(path: Path) -> str:
    """*path* relative to the working directory when it is below it: short, still clickable."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Segment:
    """One directory of a route's path: ``blog`` (static), ``_slug`` (dynamic) or ``__rest``
    (catch-all)."""

    name: str
    kind: SegmentKind
    param: str | None = None
    converter: str | None = None

    @property
    def pattern(self) -> str:
        """This segment in Django ``path()`` syntax."""
        return self.name if self.param is None else f"<{self.converter}:{self.param}>"

    def to_dict(self) -> dict[str, Any]:
        return {
            "converter": self.converter,
            "kind": self.kind,
            "name": self.name,
            "param": self.param,
        }


@dataclass(frozen=True)
class Endpoint:
    """An extra URL below a route, from ``@handler("get", path="export")`` in its handlers.py."""

    path: str
    url_pattern: str
    methods: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"methods": list(self.methods), "path": self.path, "url_pattern": self.url_pattern}


@dataclass(frozen=True)
class Route:
    """One directory of ``routes/`` and the files in it that mean something."""

    id: str
    dir: Path
    parent_id: str | None
    segments: tuple[Segment, ...]
    url_pattern: str
    page: Path | None = None
    layout: Path | None = None
    layout_py: Path | None = None
    layout_module: str | None = None
    handlers_py: Path | None = None
    handlers_module: str | None = None
    methods: tuple[str, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    error: Path | None = None
    not_found: Path | None = None
    document: Path | None = None
    children: tuple[Route, ...] = field(default=(), repr=False)

    @property
    def kind(self) -> RouteKind:
        """``page`` (HTML, and JSON too when it has handlers), ``api`` (handlers only),
        ``layout`` (wraps routes below, no URL of its own) or ``directory`` (a URL segment)."""
        if self.page is not None:
            return "page"
        if self.handlers_py is not None:
            return "api"
        if self.layout is not None or self.layout_py is not None or self.error is not None:
            return "layout"
        return "directory"

    @property
    def routable(self) -> bool:
        """Whether this directory's own URL answers requests."""
        return self.page is not None or self.handlers_py is not None

    @property
    def layout_router_id(self) -> str | None:
        """``layout:<id>``: the React Router route of this directory's ``layout.tsx``,
        ``layout.py`` and/or ``error.tsx`` (whose boundary needs a route of its own; decision
        0001); ``None`` without any of them."""
        if self.layout is None and self.layout_py is None and self.error is None:
            return None
        return layout_router_id(self.id)

    @property
    def page_router_id(self) -> str | None:
        """``page:<id>``: the React Router route of this directory's page (``page.tsx`` and/or
        the ``get`` of ``handlers.py``); ``None`` without either."""
        if self.page is None and "GET" not in self.methods:
            return None
        return page_router_id(self.id)

    @property
    def params(self) -> dict[str, str]:
        """URL parameters (root to leaf) and their converters: ``{"slug": "slug"}``."""
        return {s.param: s.converter or "str" for s in self.segments if s.param is not None}

    @property
    def json_pattern(self) -> str | None:
        """The ``.json`` variant of the URL (``notes.json``; ``index.json`` for the root)."""
        if self.handlers_py is None:
            return None
        return f"{self.url_pattern or 'index'}.json"

    def to_dict(self, routes_dir: Path) -> dict[str, Any]:
        """JSON-ready form; file paths are POSIX paths relative to *routes_dir*."""

        def rel(p: Path | None) -> str | None:
            return None if p is None else p.relative_to(routes_dir).as_posix()

        return {
            "children": [child.to_dict(routes_dir) for child in self.children],
            "dir": rel(self.dir),
            "document": rel(self.document),
            "endpoints": [e.to_dict() for e in self.endpoints],
            "error": rel(self.error),
            "handlers_module": self.handlers_module,
            "handlers_py": rel(self.handlers_py),
            "id": self.id,
            "json_pattern": self.json_pattern,
            "kind": self.kind,
            "layout": rel(self.layout),
            "layout_module": self.layout_module,
            "layout_py": rel(self.layout_py),
            "layout_router_id": self.layout_router_id,
            "methods": list(self.methods),
            "not_found": rel(self.not_found),
            "page": rel(self.page),
            "page_router_id": self.page_router_id,
            "params": dict(sorted(self.params.items())),
            "parent_id": self.parent_id,
            "segments": [s.to_dict() for s in self.segments],
            "url_pattern": self.url_pattern,
        }


@dataclass(frozen=True)
class RouteTree:
    """Every route of a project, rooted at the ``routes/`` directory of *package*."""

    root: Route
    routes_dir: Path
    package: str

    def iter_routes(self) -> Iterator[Route]:
        """All routes, depth first, parents before children, siblings in id order."""
        stack = [self.root]
        while stack:
            route = stack.pop()
            yield route
            stack.extend(reversed(route.children))

    def find(self, route_id: str) -> Route:
        """The route with id *route_id*; ``KeyError`` when there is none."""
        try:
            return self._by_id[route_id]
        except KeyError:
            raise KeyError(route_id) from None

    def chain(self, route: Route | str) -> list[Route]:
        """The routes from the root down to *route*, e.g. for loading every layout's data."""
        current: Route | None = self.find(route) if isinstance(route, str) else route
        chain: list[Route] = []
        while current is not None:
            chain.append(current)
            current = None if current.parent_id is None else self.find(current.parent_id)
        chain.reverse()
        return chain

    def router_ids(self, route: Route | str) -> list[str]:
        """The React Router ids a URL of *route* matches, root to leaf: every layout of the
        chain, then the route's page (``["layout:root", "layout:blog", "page:blog/_slug"]``)."""
        chain = self.chain(route)
        ids = [r.layout_router_id for r in chain if r.layout_router_id is not None]
        page = chain[-1].page_router_id
        return ids if page is None else [*ids, page]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, deterministic (keys and children sorted)."""
        return {
            "package": self.package,
            "root": self.root.to_dict(self.routes_dir),
            "routes_dir": self.routes_dir.as_posix(),
        }

    @cached_property
    def _by_id(self) -> dict[str, Route]:
        return {route.id: route for route in self.iter_routes()}
