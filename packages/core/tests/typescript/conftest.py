"""TypeScript's compiler for the declaration tests, installed once into pytest's cache
(``make_routes`` and Django's configuration come from ``tests/conftest.py``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest

from djangokit.core import RouteTree

TYPESCRIPT = "typescript@^5"

Discover = Callable[[dict[str, str]], RouteTree]  # the make_routes fixture


@pytest.fixture(scope="session")
def tsc(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """``[node, .../typescript/bin/tsc]``; skips without npm (fails when
    ``DJANGOKIT_REQUIRE_SERVICES=1``)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        _unavailable("The TypeScript check needs Node.js and npm on PATH.")
    assert npm is not None and node is not None
    key = hashlib.sha256(TYPESCRIPT.encode()).hexdigest()[:12]
    cache = getattr(request.config, "cache", None)
    name = f"djangokit-typescript-{key}"
    base = cache.mkdir(name) if cache is not None else tmp_path_factory.mktemp(name)
    compiler = base / "node_modules" / "typescript" / "bin" / "tsc"
    if not compiler.is_file():
        (base / "package.json").write_text('{"private": true}\n')
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-package-lock", TYPESCRIPT],
            cwd=base,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if result.returncode != 0 or not compiler.is_file():
            _unavailable(f"`npm install {TYPESCRIPT}` failed:\n{result.stderr}")
    return [node, str(compiler)]


def _unavailable(reason: str) -> None:
    if os.environ.get("DJANGOKIT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason}\nDJANGOKIT_REQUIRE_SERVICES=1: not skipping.")
    pytest.skip(reason)
