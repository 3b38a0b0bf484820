"""Turning environment-variable strings into typed values.

An environment variable is always a string. For a ``[djangokit]`` option the
string is read as the option's type (``DJANGOKIT_SSR__WORKERS=4`` is the integer
4). For a Django setting it is parsed as JSON when it parses (``'["a.com"]'``
is a list) and kept as a string otherwise. Well-known Django settings are then
checked, wherever they came from, so that ``DEBUG="False"`` can never turn on
debug mode and ``ALLOWED_HOSTS="a.com"`` is not read letter by letter.
"""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ._models import DjangoKitSettings
from ._secrets import is_secret_key

__all__ = [
    "ShapeError",
    "boolean_word",
    "coerce_django",
    "django_env_value",
    "field_at",
    "kit_env_value",
]

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def boolean_word(text: str) -> bool | None:
    """``True`` / ``False`` for the words an environment variable or URL may use
    (true/yes/on/1, false/no/off/0, any case), ``None`` for anything else."""
    word = text.strip().lower()
    return True if word in _TRUE else False if word in _FALSE else None


# Settings that hold text: their environment variables are never JSON-parsed
# (a numeric SECRET_KEY must stay a string).
_TEXT = frozenset(
    [
        "SECRET_KEY",
        "ROOT_URLCONF",
        "TIME_ZONE",
        "LANGUAGE_CODE",
        "DEFAULT_AUTO_FIELD",
        "AUTH_USER_MODEL",
        "EMAIL_HOST",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "DEFAULT_FROM_EMAIL",
        "SERVER_EMAIL",
        "SESSION_ENGINE",
        "STATIC_URL",
        "MEDIA_URL",
        "LOGIN_URL",
        "LOGIN_REDIRECT_URL",
        "WSGI_APPLICATION",
        "ASGI_APPLICATION",
    ]
)
_BOOLS = frozenset(
    [
        "DEBUG",
        "USE_TZ",
        "USE_I18N",
        "APPEND_SLASH",
        "PREPEND_WWW",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_USE_SESSIONS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_SAVE_EVERY_REQUEST",
        "USE_X_FORWARDED_HOST",
        "USE_X_FORWARDED_PORT",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
    ]
)
_INTS = frozenset(
    [
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_AGE",
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "EMAIL_PORT",
        "FILE_UPLOAD_MAX_MEMORY_SIZE",
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        "PASSWORD_RESET_TIMEOUT",
    ]
)
_LISTS = frozenset(
    [
        "ALLOWED_HOSTS",
        "INSTALLED_APPS",
        "MIDDLEWARE",
        "CSRF_TRUSTED_ORIGINS",
        "INTERNAL_IPS",
        "STATICFILES_DIRS",
        "AUTHENTICATION_BACKENDS",
        "LOCALE_PATHS",
        "FIXTURE_DIRS",
        "SECURE_REDIRECT_EXEMPT",
        "PASSWORD_HASHERS",
        "EXTRA_INSTALLED_APPS",
        "EXTRA_MIDDLEWARE",
    ]
)


class ShapeError(ValueError):
    """A value has the wrong shape; ``expected`` says what it should be."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def json_or_text(raw: str) -> Any:
    """``raw`` parsed as JSON, or ``raw`` itself when it is not JSON."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def django_env_value(name: str, raw: str) -> Any:
    """The value of Django setting (or nested key) ``name`` given as the string ``raw``.

    Text settings and secret-looking names (``PASSWORD``, ``*_KEY``, ...) keep
    ``raw``: a numeric password must stay a string.
    """
    return raw if name in _TEXT or is_secret_key(name) else json_or_text(raw)


def field_at(path: tuple[str, ...]) -> FieldInfo | None:
    """The `DjangoKitSettings` field at ``path`` (``("ssr", "workers")``), if any."""
    model: type[BaseModel] | None = DjangoKitSettings
    field = None
    for key in path:
        if model is None or key not in model.model_fields:
            return None
        field = model.model_fields[key]
        ann = field.annotation
        model = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
    return field


def kit_env_value(path: tuple[str, ...], raw: str) -> Any:
    """The value of DjangoKit option ``path`` given as the string ``raw``.

    Options that accept text (strings, paths, named choices) keep ``raw``; the
    others get it JSON-parsed when it parses (``"4"``, ``"true"``, ``"null"``,
    ``'["es2020"]'``) and as text otherwise, for pydantic to convert or refuse.
    """
    field = field_at(path)
    if field is not None and _accepts_text(field.annotation):
        return raw
    return json_or_text(raw)


def _accepts_text(annotation: Any) -> bool:
    union = get_origin(annotation) in (Union, types.UnionType)
    for option in get_args(annotation) if union else (annotation,):
        if option in (str, Path):
            return True
        if get_origin(option) is Literal and any(isinstance(a, str) for a in get_args(option)):
            return True
    return False


def coerce_django(name: str, value: Any) -> Any:
    """Check (and, for strings, convert) a well-known Django setting.

    Raises `ShapeError` when ``value`` cannot be what Django expects.
    """
    if name in _BOOLS:
        if isinstance(value, str) and (word := boolean_word(value)) is not None:
            return word
        if type(value) is int and value in (0, 1):  # DJANGO_DEBUG=0 parses as JSON 0
            return bool(value)
        if not isinstance(value, bool):
            raise ShapeError("true or false")
    elif name in _INTS:
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShapeError("a whole number")
    elif name in _LISTS:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        if not isinstance(value, list | tuple):
            raise ShapeError("a list (or a comma-separated string)")
    elif name == "SECRET_KEY" and not isinstance(value, str):
        raise ShapeError("a string")
    return value
