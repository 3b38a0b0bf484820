"""TypeScript's compiler for the declaration tests, installed once into pytest's cache
(``make_routes`` and Django's configuration come from ``tests/conftest.py``)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from djangokit.core import RouteTree
from djangokit.core.testing import package_json

Discover = Callable[[dict[str, str]], RouteTree]  # the make_routes fixture


@pytest.fixture(scope="session")
def tsc(npm_install: Callable[[str, str], Path]) -> list[str]:
    """``[node, .../typescript/bin/tsc]``, installed once into pytest's cache; skips without
    npm (fails when ``DJANGOKIT_REQUIRE_SERVICES=1``)."""
    modules = npm_install(package_json(typescript="^5"), "djangokit-typescript")
    node = shutil.which("node")
    assert node is not None  # npm_install skipped otherwise
    return [node, str(modules / "typescript" / "bin" / "tsc")]
