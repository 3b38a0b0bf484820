"""Fixtures shared by the cross-package tests: one Chromium for the whole session. npm
packages come from DjangoKit's ``npm_install`` fixture (``djangokit.core.testing``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.testing import unavailable

CHROMIUM = "/usr/bin/chromium"
# As root and without internet, headless Chromium needs these.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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
