"""Layered values that remember where each one came from.

Every source (a TOML file, the environment, ``load()`` keywords) writes values
at key paths such as ``("djangokit", "ssr", "workers")``. A later write wins; a
table written over a table merges key by key. The `Origin` of every value is
kept, so a validation error can name the file or variable to fix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DEFAULTS", "KeyPath", "Layers", "Origin", "flatten"]

KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class Origin:
    """Where a value came from."""

    label: str
    """Shown in errors as the "file": a path, or ``environment variable NAME``."""
    path: Path | None = None
    """The TOML file, when the value was written in one."""
    var: str | None = None
    """The environment variable that supplied the value, if any."""


DEFAULTS = Origin("DjangoKit defaults")


def flatten(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    """Leaf values of nested tables, so that tables merge key by key.

    An empty table is kept as a value, so it still gets validated.
    """
    if isinstance(value, Mapping) and value:
        for key, item in value.items():
            yield from flatten(item, (*path, str(key)))
    else:
        yield path, value


def _copy(value: Any) -> Any:
    """A copy of the dicts and lists in ``value``: neither merging nor Django (which
    fills in defaults inside ``DATABASES``) may mutate a caller's data."""
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class Layers:
    """The merged value tree and the origin of every value in it."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self._origins: dict[KeyPath, tuple[int, Origin]] = {}
        self._writes = 0

    def set(self, path: KeyPath, value: Any, origin: Origin) -> None:
        """Write ``value`` at ``path``, replacing what was there."""
        node = self.data
        for depth, key in enumerate(path[:-1]):
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
                self._forget(path[: depth + 1])
            node = child
        node[path[-1]] = _copy(value)
        self._forget(path)
        self._writes += 1
        self._origins[path] = (self._writes, origin)

    def merge(self, path: KeyPath, value: Any, origin: Origin) -> None:
        """Write the leaves of ``value`` (a table merges into the table at ``path``)."""
        for leaf, item in flatten(value, path):
            if item == {} and isinstance(self.get(leaf), dict):
                continue  # an empty table adds nothing to one already there
            self.set(leaf, item, origin)

    def _forget(self, path: KeyPath) -> None:
        for known in [p for p in self._origins if p[: len(path)] == path]:
            del self._origins[known]

    def get(self, path: KeyPath, default: Any = None) -> Any:
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def has(self, path: KeyPath) -> bool:
        marker = object()
        return self.get(path, marker) is not marker

    def origin(self, path: KeyPath, *, nearby: bool = True) -> Origin:
        """The origin of the value at ``path``.

        That is the origin recorded for ``path`` or the nearest table above it.
        With ``nearby``, a key no source wrote (say, one a validator requires
        because of a sibling) is blamed on the source that last wrote into the
        nearest table around it; otherwise it is `DEFAULTS`.
        """
        for end in range(len(path), 0, -1):
            if path[:end] in self._origins:
                return self._origins[path[:end]][1]
        if not nearby:
            return DEFAULTS
        for end in range(len(path) - 1, 0, -1):
            prefix = path[:end]
            inside = [v for p, v in self._origins.items() if p[:end] == prefix]
            if inside:
                return max(inside, key=lambda item: item[0])[1]
        return DEFAULTS
