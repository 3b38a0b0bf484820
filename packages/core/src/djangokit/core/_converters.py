"""Pick Django path converters for dynamic route segments from handler annotations.

A handler says what a segment holds with an ordinary annotation (``def get(request, id: int)``),
so the URL pattern and the function signature cannot drift apart.
"""

from __future__ import annotations

import inspect
import typing
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Final

from .conventions import DEFAULT_CONVERTERS

__all__ = ["CONVERTER_RANK", "DEFAULT_CONVERTERS", "Slug", "annotation_of", "converter_for"]

Slug = Annotated[str, "slug"]
"""Annotate a dynamic segment's parameter with ``Slug`` to match it with Django's ``slug``
converter (letters, digits, ``-`` and ``_``): ``def get(request, slug: Slug)``."""


CONVERTER_RANK: Final[dict[str, int]] = {"int": 0, "uuid": 1, "slug": 2, "str": 3, "path": 4}
"""Specificity order: where two sibling patterns could both match, the narrower one is
tried first (``<int:id>`` before ``<slug:slug>`` before ``<str:name>``)."""

_BY_TYPE: Final[dict[object, str]] = {int: "int", str: "str", uuid.UUID: "uuid"}
# Annotations that could not be evaluated (``from __future__ import annotations`` with a
# name only imported under TYPE_CHECKING, or the bare string "slug") arrive as text.
_BY_TEXT: Final[dict[str, str]] = {
    "int": "int",
    "builtins.int": "int",
    "str": "str",
    "builtins.str": "str",
    "uuid": "uuid",
    "UUID": "uuid",
    "uuid.UUID": "uuid",
    "slug": "slug",
    "Slug": "slug",
}


class NoAnnotation:
    """Sentinel type: the parameter has no annotation (or the function takes ``**kwargs``)."""


NO_ANNOTATION: Final = NoAnnotation()


def annotation_of(func: Callable[..., Any], name: str) -> object:
    """The annotation of parameter *name* of *func*, evaluated where possible.

    Returns ``NO_ANNOTATION`` when the parameter is missing or unannotated.
    """
    func = inspect.unwrap(func)
    raw = getattr(func, "__annotations__", {}).get(name, inspect.Parameter.empty)
    if raw is inspect.Parameter.empty:
        return NO_ANNOTATION
    try:
        return typing.get_type_hints(func, include_extras=True).get(name, raw)
    except Exception:  # an unresolvable forward reference: fall back to the text
        return raw


def converter_for(annotation: object) -> str | None:
    """Django converter name for an annotation; ``None`` when there is no annotation.

    Raises ``ValueError`` (with the annotation's text) when no converter fits.

    >>> converter_for(int), converter_for(Slug), converter_for("uuid.UUID")
    ('int', 'slug', 'uuid')
    """
    if annotation is NO_ANNOTATION:
        return None
    if isinstance(annotation, str):
        text = annotation.strip().strip("'\"")
        if text in _BY_TEXT:
            return _BY_TEXT[text]
        raise ValueError(repr(annotation))
    if typing.get_origin(annotation) is Annotated:
        base, *metadata = typing.get_args(annotation)
        if base is str and "slug" in metadata:
            return "slug"
        annotation = base
    try:
        return _BY_TYPE[annotation]
    except (KeyError, TypeError):
        raise ValueError(_describe(annotation)) from None


def _describe(annotation: object) -> str:
    if isinstance(annotation, type):
        return f"{annotation.__module__}.{annotation.__qualname__}".removeprefix("builtins.")
    return repr(annotation)
