"""Scaffolding templates: files under ``templates/`` rendered with ``{{ name }}`` substitution."""

from __future__ import annotations

import importlib.resources
import pathlib
import re
from collections.abc import Iterator, Mapping
from importlib.resources.abc import Traversable

__all__ = ["render", "render_file", "render_tree"]

_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def render(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{{ key }}`` in *text* with ``values[key]``.

    ```python
    render("from {{ package }} import models", {"package": "mysite"})
    ```
    """

    def replace(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(replace, text)


def render_file(template: str, values: Mapping[str, str]) -> str:
    """``templates/<template>.tmpl`` rendered: ``render_file("add/page.tsx", {...})``."""
    root = importlib.resources.files("djangokit.cli") / "templates"
    return render((root / f"{template}.tmpl").read_text(encoding="utf-8"), values)


def render_tree(template: str, values: Mapping[str, str]) -> dict[pathlib.PurePosixPath, str]:
    """Every file of ``templates/<template>/`` as ``{relative path: rendered text}``.

    Paths drop the ``.tmpl`` suffix, ``__package__`` becomes ``values["package"]`` and
    ``gitignore`` becomes ``.gitignore`` (a real one would hide files from packaging).
    """
    root = importlib.resources.files("djangokit.cli") / "templates" / template
    files: dict[pathlib.PurePosixPath, str] = {}
    for parts, entry in _walk(root, ()):
        names = [values["package"] if p == "__package__" else p for p in parts]
        names[-1] = names[-1].removesuffix(".tmpl")
        if names[-1] == "gitignore":
            names[-1] = ".gitignore"
        files[pathlib.PurePosixPath(*names)] = render(entry.read_text(encoding="utf-8"), values)
    return files


def _walk(
    entry: Traversable, parts: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    for child in sorted(entry.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            yield from _walk(child, (*parts, child.name))
        elif child.name.endswith(".tmpl"):
            yield (*parts, child.name), child
