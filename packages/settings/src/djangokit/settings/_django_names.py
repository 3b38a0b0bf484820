"""Django's own setting names, for a "did you mean" on a misspelt ``[django]`` setting.

This package never imports Django (it runs before Django is configured, and on its own), so
the names are read from the installed ``django/conf/global_settings.py`` source instead: the
names of the Django version that will run the project, not a copied list that drifts.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

__all__ = ["django_setting_names"]


@functools.cache
def django_setting_names() -> frozenset[str]:
    """The settings ``django.conf.global_settings`` defines; empty when Django is absent.

    >>> "SESSION_COOKIE_SECURE" in django_setting_names()  # doctest: +SKIP
    True
    """
    try:
        # A top-level name: found, not imported.
        spec = importlib.util.find_spec("django")
    except (ImportError, ValueError):
        return frozenset()
    for location in (spec and spec.submodule_search_locations) or ():
        path = Path(location) / "conf" / "global_settings.py"
        if path.is_file():
            return _assigned_names(path.read_text(encoding="utf-8"))
    return frozenset()


def _assigned_names(source: str) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        names.update(t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper())
    return frozenset(names)
