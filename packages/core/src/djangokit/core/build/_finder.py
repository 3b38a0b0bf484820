"""``BuildFinder``: Django's staticfiles finds the bundles in ``<out_dir>/static/``.

``runserver`` serves them in development and ``collectstatic`` copies them into
``STATIC_ROOT``. A finder rather than a ``STATICFILES_DIRS`` entry: it reads ``out_dir`` when
asked (so a changed setting is seen) and says nothing when there is no build yet, where
``STATICFILES_DIRS`` would warn (``staticfiles.W004``) on every command of a new project.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib.staticfiles import finders, utils
from django.core.checks import CheckMessage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join

from .._conf import option
from ._project import BuildPaths, build_options

__all__ = ["BuildFinder", "static_dir"]


def static_dir() -> Path:
    """``<BASE_DIR>/<[djangokit.build] out_dir>/static``."""
    base = Path(getattr(settings, "BASE_DIR", None) or Path.cwd())
    return BuildPaths.of(base, build_options(option("build"))).static_dir


class BuildFinder(finders.BaseFinder):
    """Finds the build's bundles (``djangokit/client-X7Q2.js``); add it to
    ``STATICFILES_FINDERS`` (DjangoKit's settings do)."""

    def __init__(self, app_names: Iterable[str] | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []  # no build yet is fine: `dk dev` and `dk build` make one

    # The overloads are django-stubs' BaseFinder's; like Django's own finders, this one
    # answers `[]` for "not found" whatever find_all says (see below).
    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...
    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...
    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        root = str(static_dir())
        if root not in finders.searched_locations:
            finders.searched_locations.append(root)
        try:
            found = safe_join(root, path)
        except SuspiciousFileOperation:  # outside the root (a `..` path)
            found = None
        if found is None or not os.path.isfile(found):
            # `[]`, as Django's own finders answer: `finders.find()` collects a `None` into
            # its result, which then reads as found.
            return []
        return [found] if find_all else found

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Any]]:
        root = static_dir()
        if root.is_dir():
            storage = FileSystemStorage(location=root)
            for path in utils.get_files(storage, ignore_patterns):
                yield path, storage
