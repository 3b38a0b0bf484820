"""Route tests run against the realistic project in ``tests/project`` (env ``test``), which
``tests/conftest.py`` configures Django from, the way a project without a settings module
gets its settings: ``djangokit.settings.load()`` over its ``settings.toml``."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from djangokit.core import RouteTree, discover_routes

PROJECT_DIR = Path(__file__).parent.parent / "project"
PROJECT_PACKAGE = "testsite"


@pytest.fixture(autouse=True)
def _project_urlconf(settings: Any) -> None:
    """Serve the project's URLs (tests/conftest.py configured Django for all core suites)."""
    settings.ROOT_URLCONF = "djangokit.core.urls"


Discover = Callable[[dict[str, str]], RouteTree]


@pytest.fixture
def make_routes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Discover]:
    """Write ``{relative path: source}`` below a fresh package's ``routes/`` and discover it.

    Each call gets a package of its own, so modules imported by one test never leak into
    another through ``sys.modules``.
    """
    packages: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(files: dict[str, str]) -> RouteTree:
        package = f"site_{uuid.uuid4().hex[:10]}"
        packages.append(package)
        routes = tmp_path / package / "routes"
        routes.mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
        for name, text in files.items():
            path = routes / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return discover_routes(routes, package)

    yield make
    for name in list(sys.modules):
        if name.split(".")[0] in packages:
            del sys.modules[name]
