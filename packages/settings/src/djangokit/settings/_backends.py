"""``DATABASE_URL`` and ``CACHE_URL`` / ``REDIS_URL`` as Django settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import dj_database_url

from ._coercion import boolean_word
from ._errors import SettingsError
from ._secrets import mask_url

__all__ = ["cache_from_url", "database_from_url"]

_CACHE = "django.core.cache.backends."
_CACHE_SCHEMES = {
    "redis": "redis.RedisCache",
    "rediss": "redis.RedisCache",
    "locmem": "locmem.LocMemCache",
    "dummy": "dummy.DummyCache",
    "file": "filebased.FileBasedCache",
    "db": "db.DatabaseCache",
    "memcached": "memcached.PyMemcacheCache",
    "pymemcache": "memcached.PyMemcacheCache",
}


def database_from_url(url: str, *, project_dir: Path, source: str) -> dict[str, Any]:
    """``DATABASES["default"]`` for a database URL, read by dj-database-url.

    A relative SQLite path is taken relative to the project directory, so
    ``sqlite:///db.sqlite3`` means the same file wherever ``dk`` runs from.
    ``?conn_max_age=N`` (seconds, or ``none``: no limit) and ``?conn_health_checks=false``
    set Django's ``CONN_MAX_AGE`` and ``CONN_HEALTH_CHECKS``; without them the keys are left
    out, so the environment's convention applies (persistent outside development).
    """
    url, connection = _connection_options(url, source)
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except (ValueError, KeyError) as exc:
        scheme = urlsplit(url).scheme or "(none)"
        raise SettingsError(
            file=source,
            key="django.DATABASES",
            expected="a database URL such as postgres://user:password@host:5432/name "
            "or sqlite:///db.sqlite3",
            found=f"a URL with scheme {scheme!r} ({type(exc).__name__})",
            hint=f"Fix {_name(source)}; dj-database-url knows postgres, mysql, sqlite, "
            "oracle, mssql and their GIS variants.",
        ) from None
    # dj-database-url writes its own defaults (0, False): only what the URL asked is kept.
    config.pop("CONN_MAX_AGE", None)
    config.pop("CONN_HEALTH_CHECKS", None)
    config.update(connection)
    name = config.get("NAME")
    sqlite = "sqlite" in str(config.get("ENGINE"))
    # ":memory:" and SQLite URI filenames ("file:...") stay as written.
    if sqlite and isinstance(name, str) and name and name != ":memory:" and name[:5] != "file:":
        config["NAME"] = project_dir / name
    return config


_CONNECTION_PARAMS = {"conn_max_age": "CONN_MAX_AGE", "conn_health_checks": "CONN_HEALTH_CHECKS"}


def _connection_options(url: str, source: str) -> tuple[str, dict[str, Any]]:
    """*url* without its ``conn_max_age`` / ``conn_health_checks`` query parameters (the
    database driver would get them as connection options), and the settings they give."""
    parts = urlsplit(url)
    if not parts.query:
        return url, {}
    kept: list[str] = []
    options: dict[str, Any] = {}
    for item in parts.query.split("&"):
        key, _, raw = item.partition("=")
        setting = _CONNECTION_PARAMS.get(unquote(key))
        if setting is None:
            kept.append(item)
            continue
        value = unquote(raw).strip().lower()
        if setting == "CONN_MAX_AGE":
            if value == "none":
                options[setting] = None
            elif value.isascii() and value.isdigit():
                options[setting] = int(value)
            else:
                raise _connection_error(source, key, raw, "a number of seconds, or none")
        elif (word := boolean_word(value)) is not None:
            options[setting] = word
        else:
            raise _connection_error(source, key, raw, "true or false")
    return urlunsplit(parts._replace(query="&".join(kept))), options


def _connection_error(source: str, key: str, raw: str, expected: str) -> SettingsError:
    return SettingsError(
        file=source,
        key="django.DATABASES",
        expected=f"{key} as {expected}",
        found=f"{key}={raw!r}",
        hint=f"Fix {_name(source)}: ?conn_max_age=600 keeps connections ten minutes, "
        "?conn_max_age=0 opens one per request.",
    )


def cache_from_url(url: str, *, source: str) -> dict[str, Any]:
    """``CACHES["default"]`` for a cache URL.

    ``redis://`` and ``rediss://`` use Django's built-in ``RedisCache``;
    ``locmem://``, ``dummy://``, ``file:///path``, ``db://table`` and
    ``memcached://host:port`` the matching Django backends.
    """
    parts = urlsplit(url)
    backend = _CACHE_SCHEMES.get(parts.scheme)
    if backend is None:
        raise SettingsError(
            file=source,
            key="django.CACHES",
            expected="a cache URL: " + ", ".join(f"{s}://" for s in _CACHE_SCHEMES),
            found=f"{mask_url(url)!r}",
            hint=f"Fix {_name(source)}, e.g. redis://localhost:6379/0.",
        )
    config: dict[str, Any] = {"BACKEND": _CACHE + backend}
    if parts.scheme in ("redis", "rediss"):
        config["LOCATION"] = url
    elif parts.scheme == "file":
        config["LOCATION"] = parts.path
    elif parts.netloc or parts.path:
        config["LOCATION"] = parts.netloc + parts.path.rstrip("/")
    return config


def _name(source: str) -> str:
    return source.removeprefix("environment variable ")
