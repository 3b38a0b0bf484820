"""The route conventions, in one place: which files make a route, which directories never
do, how a directory name becomes a URL segment, and the ids the router knows routes by.

Imports nothing but the standard library (no Django), so discovery, the build watcher, the
client manifest, the document, ``dk add`` and ``dk dev`` all read the same facts, and the
CLI can without paying for Django. See docs/routes.md and decision 0002.

```python
from djangokit.core.conventions import parse_segment, page_router_id

parse_segment("_slug")  # ("dynamic", "slug")
page_router_id("blog/_slug")  # "page:blog/_slug"
```
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "COMPONENT_FILES",
    "DEFAULT_CONVERTERS",
    "NOT_FOUND_ROUTER_ID",
    "NOT_ROUTE_DIRS",
    "PYTHON_FILES",
    "ROOT_ID",
    "ROOT_ONLY_ROLES",
    "ROUTE_FILES",
    "TYPES_FILE",
    "UNWATCHED_DIRS",
    "is_route_dir",
    "layout_router_id",
    "page_router_id",
    "parse_segment",
]

SegmentKind = Literal["static", "dynamic", "catchall"]

ROUTE_FILES: Final[dict[str, tuple[str, ...]]] = {
    "page": ("page.tsx", "page.jsx"),
    "layout": ("layout.tsx", "layout.jsx"),
    "error": ("error.tsx", "error.jsx"),
    "not_found": ("not-found.tsx", "not-found.jsx"),
    "document": ("document.html",),
    "handlers_py": ("handlers.py",),
    "layout_py": ("layout.py",),
}
"""Each role a file plays in a route directory, and the names that play it (one per
directory)."""

ROOT_ONLY_ROLES: Final = ("not_found", "document")
"""Roles read only in the routes directory itself: they apply to the whole site."""

PYTHON_FILES: Final = frozenset(ROUTE_FILES["handlers_py"] + ROUTE_FILES["layout_py"])
"""The route files that are Python modules (imported by discovery)."""

COMPONENT_FILES: Final = frozenset(
    name
    for role, names in ROUTE_FILES.items()
    if role not in ("handlers_py", "layout_py")
    for name in names
)
"""The route files the front-end build reads: components and ``document.html``."""

NOT_ROUTE_DIRS: Final = frozenset({"__pycache__", "components", "node_modules"})
"""Directory names below ``routes/`` that never hold routes (nor do ``.hidden`` and ``+x``)."""

UNWATCHED_DIRS: Final = frozenset({"__pycache__", "node_modules", "migrations", "static"})
"""Directories of the project package whose files never change the routes or their code
(``dk dev`` and the build watcher skip them, and ``.hidden`` ones)."""

TYPES_FILE: Final = "+types.ts"
"""The generated declarations beside a route's files; ``+`` names are never routes."""

ROOT_ID: Final = "root"
"""The id of the route for ``routes/`` itself; every other id is its directory's path relative
to ``routes/`` (``"blog/_slug"``), so a top-level ``routes/root/`` directory is refused."""

NOT_FOUND_ROUTER_ID: Final = "+not-found"
"""The runtime's route id for ``not-found.tsx`` (its chunks are listed under it)."""

DEFAULT_CONVERTERS: Final[dict[str, str]] = {"id": "int", "slug": "slug", "uuid": "uuid"}
"""Converters for parameters no handler annotates, by parameter name (as the original
DjangoKit did); any other name gets ``str``, and a catch-all ``path``."""


def is_route_dir(name: str) -> bool:
    """Whether a directory called *name* below ``routes/`` may hold routes."""
    return name not in NOT_ROUTE_DIRS and not name.startswith((".", "+"))


def parse_segment(name: str) -> tuple[SegmentKind, str | None]:
    """A route directory's name as a URL segment: its kind and its parameter's name.

    ``about`` is static, ``_slug`` dynamic (``slug``), ``__path`` a catch-all (``path``), and
    ``catchall`` the original DjangoKit's spelling of ``__path``. The parameter is returned
    as written; discovery checks that it is a usable name.
    """
    if name == "catchall":
        return "catchall", "path"
    if name.startswith("__"):
        return "catchall", name[2:]
    if name.startswith("_"):
        return "dynamic", name[1:]
    return "static", None


def layout_router_id(route_id: str) -> str:
    """``layout:<id>``: the router's route of a directory's layout, ``layout.py`` or
    ``error.tsx``."""
    return f"layout:{route_id}"


def page_router_id(route_id: str) -> str:
    """``page:<id>``: the router's route of a directory's page."""
    return f"page:{route_id}"
