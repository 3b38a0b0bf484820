"""Which DjangoKit project a pytest run tests, and pointing Django at it (env ``test``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["DEFAULT_TEST_OUT_DIR", "TEST_ENV", "configure_project"]

TEST_ENV = "test"
"""The settings environment tests run with: ``settings.test.toml`` applies."""

DEFAULT_TEST_OUT_DIR = ".djangokit/test-build"
"""Where test runs build when ``[djangokit.build] out_dir`` is the default: never over the
build ``dk dev`` serves or ``dk build --production`` made."""

_SETTINGS_MODULE = "djangokit.core.settings"


def configure_project(root: Path) -> str:
    """Point Django at *root*'s settings for the ``test`` environment; return a line for
    pytest's report header. Raises ``djangokit.settings.SettingsError`` for bad settings.

    Sets ``DJANGOKIT_PROJECT_ROOT``, ``DJANGOKIT_ENV=test`` and ``DJANGO_SETTINGS_MODULE``
    (``djangokit.core.settings``, which reads them) before pytest-django sets Django up, and
    ``DJANGOKIT_BUILD__OUT_DIR`` when the project keeps the default build directory.
    """
    from djangokit.settings import load

    environ = {**os.environ, "DJANGOKIT_ENV": TEST_ENV}
    loaded = load(root, env=TEST_ENV, environ=environ)
    os.environ["DJANGOKIT_PROJECT_ROOT"] = str(root)
    os.environ["DJANGOKIT_ENV"] = TEST_ENV
    os.environ["DJANGO_SETTINGS_MODULE"] = _SETTINGS_MODULE
    if loaded.djangokit.build.out_dir == type(loaded.djangokit.build)().out_dir:
        os.environ["DJANGOKIT_BUILD__OUT_DIR"] = DEFAULT_TEST_OUT_DIR
    src = str(root / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return f"djangokit: project {root} (env {TEST_ENV!r}, package {loaded.djangokit.package!r})"
