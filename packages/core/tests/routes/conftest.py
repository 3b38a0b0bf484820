"""Route tests run against the realistic project in ``tests/project`` (env ``test``), which
``tests/conftest.py`` configures Django from, the way a project without a settings module
gets its settings: ``djangokit.settings.load()`` over its ``settings.toml``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from djangokit.core import RouteTree

PROJECT_DIR = Path(__file__).parent.parent / "project"
PROJECT_PACKAGE = "testsite"


@pytest.fixture(autouse=True)
def _project_urlconf(settings: Any) -> None:
    """Serve the project's URLs (tests/conftest.py configured Django for all core suites)."""
    settings.ROOT_URLCONF = "djangokit.core.urls"


Discover = Callable[[dict[str, str]], RouteTree]  # the make_routes fixture (tests/conftest.py)
