"""Browser tests: Playwright's Chromium on the project served by pytest-django's live server.

```python
@pytest.mark.django_db(transaction=True)
def test_add_a_note(live_page):
    live_page.goto("/")
    live_page.wait_for_selector(READY)
    live_page.fill("input[name=text]", "Hello")
    live_page.click("text=Add")
    live_page.wait_for_selector("li:has-text('Hello')")
```
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ._helpers import unavailable

__all__ = ["READY", "launch_browser", "live_page_for"]

_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
READY = "#djangokit-root[data-ready]"
"""The selector of a page the runtime has hydrated (or rendered): it answers input now."""


def launch_browser(executable: str | None, args: list[str]) -> Iterator[Any]:
    """Chromium through Playwright (*executable*, else Playwright's own, with *args*), for a
    whole session; skips without Playwright (fails with ``DJANGOKIT_REQUIRE_SERVICES=1``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("live_page needs Playwright: pip install playwright")
    # Sync Playwright keeps an event loop running in this thread, so Django refuses database
    # work here (the test's own queries, the flush after it) unless told it is safe: it is,
    # the loop never runs Django code.
    previous = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=executable, args=args)
            except Exception as exc:  # Playwright's Error: no browser installed, bad flags
                unavailable(f"live_page could not start Chromium: {exc}")
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(_ASYNC_UNSAFE, None)
        else:
            os.environ[_ASYNC_UNSAFE] = previous


def live_page_for(browser: Any, url: str) -> Iterator[Any]:
    """A fresh browser context whose base URL is *url*, built from the current sources."""
    from ._build import ensure_build

    ensure_build()
    context = browser.new_context(base_url=url)
    try:
        yield context.new_page()
    finally:
        context.close()
