"""Read what route discovery needs from imported handler and layout modules.

Checking signatures and annotations here turns mistakes that would be a ``TypeError`` on the
first request (a misspelt parameter, two methods disagreeing on a type) into start-up errors.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ._converters import annotation_of, converter_for
from ._routes import RouteError

__all__ = ["Loaded", "check_signature", "converter_from_functions", "load_functions"]

Function = Callable[..., Any]
_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


@dataclass
class Loaded:
    """The functions of one handlers.py or layout.py, each with a "where" for messages."""

    functions: list[tuple[Function, str]] = field(default_factory=list)
    methods: tuple[str, ...] = ()
    endpoints: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_functions(module: ModuleType, role: str, where: str) -> Loaded:
    """Collect handlers (and ``@handler(path=...)`` endpoints) or a layout's ``load``."""
    if role == "layout_py":
        load = getattr(module, "load", None)
        if not callable(load):
            raise RouteError(
                f"{where} defines no load(request, **params) function. Define one that "
                f"returns the layout's data, or delete layout.py."
            )
        return Loaded([(load, f"load() in {where}")])
    from ._dispatch import collect_extra_endpoints, collect_handlers

    handlers = collect_handlers(module)
    extra = collect_extra_endpoints(module)
    if not handlers and not extra:
        raise RouteError(
            f"{where} defines no handlers. Define functions named after HTTP methods "
            f"(get, post, put, patch, delete), or delete handlers.py."
        )
    loaded = Loaded(methods=tuple(sorted(handlers)))
    loaded.functions.extend((func, _where(func, where)) for func in handlers.values())
    for path, methods in extra.items():
        _check_endpoint_path(path, where)
        loaded.endpoints[path] = tuple(sorted(methods))
        loaded.functions.extend((func, _where(func, where)) for func in methods.values())
    return loaded


def check_signature(func: Function, where: str, params: dict[str, str]) -> None:
    """Refuse a function that cannot be called as ``func(request, **params)``."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):  # a builtin or C callable: nothing to check
        return
    parameters = list(signature.parameters.values())
    if parameters and parameters[0].kind is inspect.Parameter.VAR_POSITIONAL:
        return  # (*args, **kwargs): a generic wrapper accepts anything
    if not parameters or parameters[0].kind not in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        raise RouteError(f"{where} must take the request as its first argument: f(request, ...).")
    rest = parameters[1:]
    accepted = {p.name for p in rest if p.kind in _NAMED}
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in rest):
        missing = [name for name in params if name not in accepted]
        if missing:
            raise RouteError(
                f"{where} does not accept the URL parameter(s) {', '.join(missing)} that its "
                f"route provides. Add them to its signature (or **params)."
            )
    unknown = [
        p.name
        for p in rest
        if p.default is p.empty
        and p.name not in params
        and p.kind is not p.VAR_KEYWORD
        and p.kind is not p.VAR_POSITIONAL
    ]
    if unknown:
        available = ", ".join(params) or "none"
        raise RouteError(
            f"{where} requires the argument(s) {', '.join(unknown)}, which its URL does not "
            f"provide (URL parameters here: {available}). Fix the name or give a default."
        )


def converter_from_functions(
    functions: Sequence[tuple[Function, str]],
    param: str,
    directory: Path,
    allowed: tuple[str, ...] | None = None,
) -> str | None:
    """The converter the functions' annotations of *param* agree on; ``None`` if none annotate."""
    seen: list[tuple[str, str]] = []
    for func, where in functions:
        try:
            converter = converter_for(annotation_of(func, param))
        except ValueError as exc:
            raise RouteError(
                f"{where} annotates the URL parameter {param!r} as {exc}, which no URL "
                f"converter matches. Use int, str, uuid.UUID or djangokit.core.Slug."
            ) from None
        if converter is None:
            continue
        if allowed is not None and converter not in allowed:
            raise RouteError(
                f"{where} annotates {param!r} as {converter}, but {directory.name} is a "
                f"catch-all whose value is a path such as 'a/b/c'. Annotate it as str."
            )
        for other, other_where in seen:
            if other != converter:
                raise RouteError(
                    f"{other_where} annotates the URL parameter {param!r} as {other}, but "
                    f"{where} annotates it as {converter}. Functions served under one URL "
                    f"segment must agree on its type; make the annotations the same."
                )
        seen.append((converter, where))
    return seen[0][0] if seen else None


def _where(func: Function, module_where: str) -> str:
    name = getattr(inspect.unwrap(func), "__qualname__", repr(func))
    return f"{name}() in {module_where}"


def _check_endpoint_path(path: str, where: str) -> None:
    parts = path.split("/")
    if not path or any(p in ("", ".", "..") or "<" in p or ">" in p for p in parts):
        raise RouteError(
            f"{where} declares an endpoint with path={path!r}. An endpoint path is one or more "
            f"static segments below the route, like 'export' or 'feeds/atom'; put dynamic "
            f"segments in a _name directory instead."
        )
