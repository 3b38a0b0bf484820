"""Typed, layered settings for Django and DjangoKit projects.

Sources, later wins: DjangoKit defaults, ``settings.toml``,
``settings.<env>.toml``, ``settings.local.toml``, environment variables, then
keyword overrides. The result is a plain dict of Django settings::

    from djangokit.settings import load_settings

    globals().update(load_settings(BASE_DIR))

This package never imports Django. See ``docs/settings.md``.
"""

from ._errors import SettingsError, SettingsWarning
from ._loader import LoadedSettings, load, load_settings
from ._models import AuthSettings, BuildSettings, CacheSettings, DjangoKitSettings, SSRSettings
from ._project import ENV_VAR, PROJECT_ROOT_VAR, find_project_package
from ._schema import json_schema
from ._secrets import mask_secrets
from ._version import __version__

__all__ = [
    "ENV_VAR",
    "PROJECT_ROOT_VAR",
    "AuthSettings",
    "BuildSettings",
    "CacheSettings",
    "DjangoKitSettings",
    "LoadedSettings",
    "SSRSettings",
    "SettingsError",
    "SettingsWarning",
    "__version__",
    "find_project_package",
    "json_schema",
    "load",
    "load_settings",
    "mask_secrets",
]
