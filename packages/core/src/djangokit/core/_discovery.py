"""Scan a project's ``routes/`` directory into a :class:`RouteTree`.

Handler modules are imported by their dotted name inside the project package (``routes/``
and its directories need no ``__init__.py``: they are namespace packages), so relative imports
in them work and the annotations that pick URL converters can be read.
"""

from __future__ import annotations

import importlib
import keyword
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ._conf import option
from ._converters import CONVERTER_RANK
from ._inspection import check_signature, converter_from_functions, load_functions
from ._patterns import url_entries
from ._routes import Endpoint, Route, RouteError, RouteTree, Segment, show_path
from .conventions import (
    DEFAULT_CONVERTERS,
    ROOT_ID,
    ROOT_ONLY_ROLES,
    ROUTE_FILES,
    is_route_dir,
    parse_segment,
)

__all__ = ["discover_routes", "get_route_tree"]


@dataclass
class _Node:
    dir: Path
    parts: tuple[str, ...]
    files: dict[str, Path]
    children: list[_Node] = field(default_factory=list)
    # (function, where) pairs for every handler and layout ``load`` in this directory.
    functions: list[tuple[Callable[..., Any], str]] = field(default_factory=list)
    methods: tuple[str, ...] = ()
    endpoints: dict[str, tuple[str, ...]] = field(default_factory=dict)


def discover_routes(routes_dir: Path, package: str) -> RouteTree:
    """Build the route tree of *routes_dir*, the ``routes/`` directory of *package*.

    Imports every ``handlers.py`` and ``layout.py`` as ``<package>.routes.<dirs>.<module>``.
    Raises :class:`RouteError` for anything that cannot become a URL, naming the path.
    """
    routes_dir = Path(routes_dir).resolve()
    if not routes_dir.is_dir():
        raise RouteError(
            f"There is no routes directory at {show_path(routes_dir)}. Create it (an empty "
            f"directory will do) or set [djangokit] package to the package that has one."
        )
    root_node = _scan(routes_dir, ()) or _Node(routes_dir, (), {})
    modules_prefix = f"{package}.{routes_dir.name}"
    _load_modules(root_node, modules_prefix)
    root = _build(root_node, modules_prefix, parent_id=None, segments=())
    tree = RouteTree(root=root, routes_dir=routes_dir, package=package)
    url_entries(tree)  # refuses routes that share a URL
    return tree


@cache
def get_route_tree() -> RouteTree:
    """The route tree of the configured project (``settings.DJANGOKIT.package``), built once."""
    package = str(option("package") or "")
    if not package:
        raise RouteError(
            "settings.DJANGOKIT.package is not set, so there are no routes to serve. Set "
            "[djangokit] package in settings.toml to the project's Python package."
        )
    locations = getattr(importlib.import_module(package), "__path__", None)
    if not locations:
        raise RouteError(f"[djangokit] package = {package!r} is a module, not a package.")
    return discover_routes(Path(next(iter(locations))) / "routes", package)


def _scan(directory: Path, parts: tuple[str, ...]) -> _Node | None:
    files: dict[str, Path] = {}
    for role, names in ROUTE_FILES.items():
        found = [directory / name for name in names if (directory / name).is_file()]
        if len(found) > 1:
            raise RouteError(
                f"{show_path(found[0])} and {show_path(found[1])} are both in one route "
                f"directory; a directory has one {role.replace('_', '-')} component. "
                f"Remove one of them."
            )
        if found:
            if parts and role in ROOT_ONLY_ROLES:
                raise RouteError(
                    f"{show_path(found[0])} is only read in the routes directory itself "
                    f"(it applies to the whole site). Move it to "
                    f"{show_path(directory.parents[len(parts) - 1])}."
                )
            files[role] = found[0]
    try:
        entries = sorted(directory.iterdir())
    except FileNotFoundError:  # removed while being read: `dk dev` rediscovers during edits
        return None
    node = _Node(directory, parts, files)
    for entry in entries:
        name = entry.name
        if entry.is_dir() and is_route_dir(name):
            child = _scan(entry, (*parts, name))
            if child is not None:
                node.children.append(child)
    # A directory with no route files at or below it (helper modules, assets) is not a route.
    return node if files or node.children else None


def _load_modules(node: _Node, prefix: str) -> None:
    for role in ("handlers_py", "layout_py"):
        if role in node.files:
            module = _import(node, role, prefix)
            found = load_functions(module, role, show_path(node.files[role]))
            node.functions.extend(found.functions)
            if role == "handlers_py":
                node.methods, node.endpoints = found.methods, found.endpoints
    try:
        siblings = {p.stem for p in node.dir.glob("*.py")}
    except FileNotFoundError:  # removed since _scan: the next rediscovery leaves it out
        siblings = set()
    for child in node.children:
        if child.dir.name in siblings and _has_python(child):
            raise RouteError(
                f"The route directory {show_path(child.dir)} has the same name as the module "
                f"{show_path(child.dir)}.py beside it, so Python cannot import the handlers "
                f"inside it. Rename the module."
            )
        _load_modules(child, prefix)


def _has_python(node: _Node) -> bool:
    return any(r in node.files for r in ("handlers_py", "layout_py")) or any(
        _has_python(child) for child in node.children
    )


def _import(node: _Node, role: str, prefix: str) -> Any:
    file = node.files[role]
    for part in node.parts:
        if "." in part:
            raise RouteError(
                f"{show_path(file)} cannot be imported: Python module names cannot contain "
                f"'.', and the directory {part!r} does. Rename the directory, or keep only "
                f"page/layout components below it."
            )
    name = ".".join((prefix, *node.parts, file.stem))
    try:
        module = importlib.import_module(name)
    except Exception as exc:
        exc.add_note(f"(while DjangoKit imported {show_path(file)} as {name})")
        raise
    origin = getattr(module, "__file__", None)
    if origin is None or Path(origin).resolve() != file:
        raise RouteError(
            f"Importing {name} loaded {origin} instead of {show_path(file)}. Another "
            f"package or module of that name shadows the project's; rename one of them."
        )
    return module


def _build(node: _Node, prefix: str, parent_id: str | None, segments: tuple[Segment, ...]) -> Route:
    route_id = "/".join(node.parts) or ROOT_ID
    if node.parts == (ROOT_ID,):
        raise RouteError(
            f"The directory {show_path(node.dir)} would get the route id {ROOT_ID!r}, which "
            f"is the id of the routes directory itself. Rename it."
        )
    if node.parts:
        segment = _segment(node, segments)
        segments = (*segments, segment)
        _refuse_below_catchall(node, segments)
    params = {s.param: s.converter or "str" for s in segments if s.param}
    for func, where in node.functions:
        check_signature(func, where, params)
    url_pattern = "/".join(s.pattern for s in segments)

    def module_of(role: str) -> str | None:
        file = node.files.get(role)
        return None if file is None else ".".join((prefix, *node.parts, file.stem))

    return Route(
        id=route_id,
        dir=node.dir,
        parent_id=parent_id,
        segments=segments,
        url_pattern=url_pattern,
        page=node.files.get("page"),
        layout=node.files.get("layout"),
        layout_py=node.files.get("layout_py"),
        layout_module=module_of("layout_py"),
        handlers_py=node.files.get("handlers_py"),
        handlers_module=module_of("handlers_py"),
        methods=node.methods,
        endpoints=tuple(
            Endpoint(path=p, url_pattern=f"{url_pattern}/{p}".lstrip("/"), methods=methods)
            for p, methods in sorted(node.endpoints.items())
        ),
        error=node.files.get("error"),
        not_found=node.files.get("not_found"),
        document=node.files.get("document"),
        children=tuple(_build(child, prefix, route_id, segments) for child in node.children),
    )


def _segment(node: _Node, above: tuple[Segment, ...]) -> Segment:
    name = node.dir.name
    kind, param = parse_segment(name)
    if kind == "static" or param is None:
        if "<" in name or ">" in name:
            raise RouteError(
                f"The route directory {show_path(node.dir)} has '<' or '>' in its name, which "
                f"Django URL patterns reserve. Use _name for a dynamic segment."
            )
        return Segment(name=name, kind="static")
    problem = _bad_param(param, above)
    if problem:
        raise RouteError(
            f"The route directory {show_path(node.dir)} is a "
            f"{'catch-all' if kind == 'catchall' else 'dynamic'} segment, but {problem}. "
            f"Rename it to _name (or __name for a catch-all) where name is a Python "
            f"identifier, e.g. _slug or __path."
        )
    functions = _subtree_functions(node)
    if kind == "catchall":
        converter_from_functions(functions, param, node.dir, allowed=("str",))
        return Segment(name=name, kind="catchall", param=param, converter="path")
    default = DEFAULT_CONVERTERS.get(param, "str")
    converter = converter_from_functions(functions, param, node.dir) or default
    assert converter in CONVERTER_RANK
    return Segment(name=name, kind="dynamic", param=param, converter=converter)


def _refuse_below_catchall(node: _Node, segments: tuple[Segment, ...]) -> None:
    """React Router matches nothing after a catch-all segment: below one, only
    ``handlers.py`` (an API endpoint) can be reached."""
    catchalls = [s for s in segments[:-1] if s.kind == "catchall"]
    files = [node.files[r] for r in ("page", "layout", "error", "layout_py") if r in node.files]
    if catchalls and files:
        where = catchalls[0].name
        raise RouteError(
            f"{show_path(files[0])} is below the catch-all directory {where}/, and the client "
            f"router (React Router) matches nothing after a catch-all segment. Move it out of "
            f"{where}/, or keep only handlers.py below it (an API endpoint)."
        )


def _bad_param(param: str, above: tuple[Segment, ...]) -> str | None:
    if not param:
        return "it has no parameter name after the underscores"
    if param.startswith("_"):
        return f"its parameter name {param!r} would start with an underscore"
    if not param.isidentifier() or keyword.iskeyword(param):
        return f"{param!r} is not a valid Python parameter name"
    if param == "request":
        return "'request' is the name of every handler's first parameter"
    if any(s.param == param for s in above):
        return f"a directory above it already names a parameter {param!r}"
    return None


def _subtree_functions(node: _Node) -> list[tuple[Callable[..., Any], str]]:
    """Every function that receives this directory's parameter: its own and those below."""
    found = list(node.functions)
    for child in node.children:
        found.extend(_subtree_functions(child))
    return found
