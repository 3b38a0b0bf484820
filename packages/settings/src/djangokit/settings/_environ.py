"""The environment-variable source.

Read, in this order (so within this layer a later one wins):

- ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL`` then ``CACHE_URL`` (empty means unset);
- ``DJANGO_<SETTING>`` for any Django setting, JSON-parsed when it parses;
- ``DJANGOKIT_<OPTION>`` for ``[djangokit]`` options, ``__`` between nested keys
  (``DJANGOKIT_SSR__WORKERS=4``), read as the option's type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ._backends import cache_from_url, database_from_url
from ._coercion import django_env_value, kit_env_value
from ._models import DjangoKitSettings
from ._provenance import Layers, Origin

__all__ = ["DJANGO_PREFIX", "KIT_PREFIX", "environ_layer", "kit_var"]

DJANGO_PREFIX = "DJANGO_"
KIT_PREFIX = "DJANGOKIT_"
# DJANGO_* variables that Django and its tools read themselves: not settings.
_NOT_SETTINGS = frozenset(
    [
        "SETTINGS_MODULE",
        "COLORS",
        "ALLOW_ASYNC_UNSAFE",
        "WATCHMAN_TIMEOUT",
        "AUTORELOAD_ENV",
        "TEST_PROCESSES",
        "RUNSERVER_HIDE_WARNING",
    ]
)
# DJANGOKIT_* variables that are not [djangokit] options (DJANGOKIT_ENV picks the
# environment; it is applied to `env` by the loader).
_NOT_OPTIONS = frozenset({"ENV", "PROJECT_ROOT"})
_SETTING = re.compile(r"[A-Z][A-Z0-9_]*")


def kit_var(path: tuple[str, ...]) -> str:
    """The environment variable for a DjangoKit option: ``("ssr", "workers")`` ->
    ``DJANGOKIT_SSR__WORKERS``."""
    return KIT_PREFIX + "__".join(path).upper()


def _origin(name: str) -> Origin:
    return Origin(f"environment variable {name}", var=name)


def environ_layer(environ: Mapping[str, str], layers: Layers, *, project_dir: Path) -> None:
    """Write the settings given by environment variables into ``layers``."""
    if environ.get("SECRET_KEY"):
        layers.set(("django", "SECRET_KEY"), environ["SECRET_KEY"], _origin("SECRET_KEY"))
    if url := environ.get("DATABASE_URL"):
        source = _origin("DATABASE_URL")
        default = database_from_url(url, project_dir=project_dir, source=source.label)
        layers.set(("django", "DATABASES"), {"default": default}, source)
    for name in ("REDIS_URL", "CACHE_URL"):
        if url := environ.get(name):
            source = _origin(name)
            layers.set(
                ("django", "CACHES"), {"default": cache_from_url(url, source=source.label)}, source
            )

    for name in sorted(environ):
        raw = environ[name]
        if name.startswith(KIT_PREFIX):
            path = tuple(name[len(KIT_PREFIX) :].lower().split("__"))
            # Only variables naming a [djangokit] option are read: other tools may
            # use the DJANGOKIT_ prefix for their own variables.
            if path[0].upper() in _NOT_OPTIONS or path[0] not in DjangoKitSettings.model_fields:
                continue
            layers.merge(("djangokit", *path), kit_env_value(path, raw), _origin(name))
        elif name.startswith(DJANGO_PREFIX):
            setting = name[len(DJANGO_PREFIX) :]
            if setting in _NOT_SETTINGS or setting.startswith("SUPERUSER_"):
                continue
            if _SETTING.fullmatch(setting):
                layers.set(("django", setting), django_env_value(setting, raw), _origin(name))
