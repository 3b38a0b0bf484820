"""Read ``settings.DJANGOKIT`` options, whether a settings module holds the validated model
(``djangokit.settings``) or a plain dict (a hand-written settings module)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

__all__ = ["option"]


def option(name: str, default: Any = None) -> Any:
    """``settings.DJANGOKIT.<name>``, or *default* when it is not set."""
    options = getattr(settings, "DJANGOKIT", None)
    if options is None:
        return default
    if isinstance(options, Mapping):
        return options.get(name, default)
    return getattr(options, name, default)
