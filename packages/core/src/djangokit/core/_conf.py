"""Read ``settings.DJANGOKIT`` options, whether a settings module holds the validated model
(``djangokit.settings``) or a plain dict (a hand-written settings module).

The tables (``ssr``, ``build``, ``cache``, ``auth``) always come back as their typed models
(``SSRSettings``, ...), validated once from a dict if need be, so no reader handles "a model
or a dict"."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from pydantic import BaseModel, ValidationError

from djangokit.settings import AuthSettings, BuildSettings, CacheSettings, SSRSettings

__all__ = ["derived_option", "option"]

T = TypeVar("T")

_MISSING = object()
_TABLES: dict[str, type[BaseModel]] = {
    "ssr": SSRSettings,
    "build": BuildSettings,
    "cache": CacheSettings,
    "auth": AuthSettings,
}
# The tables of settings.DJANGOKIT as typed models, validated once per settings value.
_tables: dict[str, Any] = {}
# settings.DJANGOKIT, looked up once: through LazySettings and the pydantic model each lookup
# costs more than a request's routing does. Reset when tests override the setting.
_options: list[Any] = []
# Values worked out from the options (see derived_option), by the function that works them out.
_derived: dict[Callable[[], Any], Any] = {}


def option(name: str, default: Any = None) -> Any:
    """``settings.DJANGOKIT.<name>``, or *default* when it is not set; a table (``ssr``,
    ``build``, ``cache``, ``auth``) as its typed model, whatever the settings module holds."""
    if name in _TABLES:
        try:
            return _tables[name]
        except KeyError:
            value = _tables[name] = _table(name, _raw(name, default))
            return value
    return _raw(name, default)


def _table(name: str, value: Any) -> Any:
    model = _TABLES[name]
    if value is None or isinstance(value, model):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump()
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise ImproperlyConfigured(f"settings.DJANGOKIT[{name!r}] is not valid: {exc}") from None


def _raw(name: str, default: Any) -> Any:
    if not _options:
        _options.append(getattr(settings, "DJANGOKIT", None))
    options = _options[0]
    if options is None:
        return default
    if isinstance(options, dict):
        return options.get(name, default)
    # Attribute first: an isinstance() check against the Mapping ABC is slow.
    value = getattr(options, name, _MISSING)
    if value is not _MISSING:
        return value
    return options.get(name, default) if isinstance(options, Mapping) else default


def derived_option(func: Callable[[], T]) -> Callable[[], T]:
    """Remember what *func* works out from the options until ``settings.DJANGOKIT`` changes,
    for values read on every request."""

    @functools.wraps(func)
    def remembered() -> T:
        try:
            return _derived[func]  # type: ignore[no-any-return]
        except KeyError:
            value = _derived[func] = func()
            return value

    return remembered


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "DJANGOKIT":
        _options.clear()
        _tables.clear()
        _derived.clear()
