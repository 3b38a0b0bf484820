"""The settings `dk serve` (and `dk build --production`) run with: the project's settings,
with WhiteNoise serving ``STATIC_ROOT`` (hashed bundles cached for a year, see ``_whitenoise``).

WhiteNoise's ``CompressedStaticFilesStorage`` (not the manifest one): the bundles already
carry content hashes, and other static files keep their names.
"""

from __future__ import annotations

import re
from typing import Any

from djangokit.core import settings as _project

_WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
_STATIC_FILES = "djangokit.cli._whitenoise.StaticFilesMiddleware"
_SECURITY = "django.middleware.security.SecurityMiddleware"

globals().update({k: v for k, v in vars(_project).items() if k.isupper()})

_middleware: list[str] = list(getattr(_project, "MIDDLEWARE", []))
if _WHITENOISE in _middleware:  # the project's own: the same, with a year for hashed files
    _middleware[_middleware.index(_WHITENOISE)] = _STATIC_FILES
elif _STATIC_FILES not in _middleware:
    # WhiteNoise's documented place: right after SecurityMiddleware, before everything else.
    at = _middleware.index(_SECURITY) + 1 if _SECURITY in _middleware else 0
    _middleware.insert(at, _STATIC_FILES)
MIDDLEWARE = _middleware

_storages: dict[str, Any] = dict(getattr(_project, "STORAGES", {}))
_storages.setdefault("default", {"BACKEND": "django.core.files.storage.FileSystemStorage"})
_storages["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
STORAGES = _storages

# esbuild names bundles `<name>-<hash>.<ext>`: cache those for a year, everything else briefly.
_HASHED = re.compile(r"/djangokit/(?:.+/)?[\w.-]+-[A-Z0-9]{8}\.\w+(?:\.map)?$")


def _immutable(path: str, url: str) -> bool:
    return _HASHED.search(url) is not None


WHITENOISE_IMMUTABLE_FILE_TEST = _immutable
