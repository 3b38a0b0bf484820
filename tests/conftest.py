"""Fixtures shared by the cross-package tests: one Chromium for the whole session, and npm
packages installed once into pytest's cache."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
# As root and without internet, headless Chromium needs these.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def unavailable(reason: str) -> None:
    """Skip, except in CI (DJANGOKIT_REQUIRE_SERVICES=1) where a missing tool is a failure."""
    if os.environ.get("DJANGOKIT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (DJANGOKIT_REQUIRE_SERVICES=1: not skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def npm_install(request: pytest.FixtureRequest) -> Callable[[str, str], Path]:
    """``npm_install(package_json, name)``: the ``node_modules`` of that package.json,
    installed once into pytest's cache (under *name* and the file's hash) and reused by later
    runs. Skips without Node.js and npm, or when the install fails (fails in CI)."""

    def install(package_json: str, name: str) -> Path:
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            unavailable("these tests need Node.js and npm")
        assert npm is not None
        key = hashlib.sha256(package_json.encode()).hexdigest()[:12]
        base = request.config.cache.mkdir(f"{name}-{key}")
        modules = base / "node_modules"
        if not (modules / ".package-lock.json").is_file():
            (base / "package.json").write_text(package_json)
            result = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-package-lock"],
                cwd=base,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if result.returncode != 0:
                unavailable(f"npm install failed:\n{result.stderr}")
        return modules

    return install


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Playwright driving Debian's Chromium, once per session: a process can run only one sync
    Playwright at a time, so tests/cli and tests/e2e share it. Skips without Chromium or
    Playwright, except in CI (DJANGOKIT_REQUIRE_SERVICES=1), where that is a failure."""
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "the browser tests need Playwright (pip install playwright)"
    if missing:
        unavailable(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
