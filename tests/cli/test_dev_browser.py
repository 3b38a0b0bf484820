"""`dk dev` in Chromium: a component edit re-renders in place with its state kept (React Fast
Refresh), an edit that cannot be hot-applied reloads the open page by itself, a handler edit
shows its new data in place, and a route added while the server runs is reachable from the
same browser, by a link and by its URL."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

EVENTS = "/__djangokit__/live-reload"
COUNTER_PAGE = """import { useState } from "react";

import { LABEL } from "./label";

export default function Counter() {
  const [count, setCount] = useState(0);
  return (
    <>
      <h1>Counter page</h1>
      <button type="button" onClick={() => setCount(count + 1)}>
        {LABEL}: {count}
      </button>
    </>
  );
}
"""
MARK = "window.__djangokitTestMark"  # set on a document; a reload forgets it


@pytest.fixture(scope="module")
def dev(
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> Iterator[Any]:
    project = new_dk_project(tmp_path_factory.mktemp("dev-browser"), "livesite")
    counter = project / "src" / "livesite" / "routes" / "counter"
    counter.mkdir()
    (counter / "page.tsx").write_text(COUNTER_PAGE)
    (counter / "label.ts").write_text('export const LABEL = "Clicks";\n')
    run("migrate", cwd=project)
    server = start_dk(project, "dev")
    yield server
    server.stop()


@pytest.fixture
def page(browser: Any, dev: Any) -> Iterator[Any]:
    """A fresh page on the dev server; fails the test on an uncaught exception in it."""
    context = browser.new_context(base_url=dev.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not errors, errors


def _goto(page: Any, path: str) -> None:
    """Load *path*, retrying for 15 s while the server restarts (after a route or a Python
    file changed) and refuses connections."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + 15
    while True:
        try:
            page.goto(path)
            return
        except Error as error:
            if "net::ERR_" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _open(page: Any, path: str) -> None:
    """Load *path* and wait until its live-reload stream is connected."""
    with page.expect_response(lambda response: EVENTS in response.url):
        _goto(page, path)
    # Server-rendered markup shows before the app runs; clicks need the app.
    page.locator("#djangokit-root[data-ready]").wait_for(state="attached")
    time.sleep(0.3)  # the stream reads the build's hash right after its first line


def test_an_edit_reloads_the_page_and_a_new_route_needs_no_restart(
    page: Any, dev: Any, run: Callable[..., str]
) -> None:
    from playwright.sync_api import expect

    heading = page.get_by_role("heading", level=1)
    _open(page, "/")
    expect(heading).to_have_text("Welcome to Livesite")
    page.evaluate(f"{MARK} = true")

    # Save page.tsx with a new heading and a link to a route that does not exist yet.
    file = dev.project / "src" / "livesite" / "routes" / "page.tsx"
    original = file.read_text()
    edited = original.replace("import { ", "import { Link, ", 1).replace(
        "<h1>Welcome to", '<Link to="/about">About us</Link>\n      <h1>Edited by a test in', 1
    )
    assert edited.count("Edited by a test") == 1 and "Link," in edited
    for _ in range(3):  # a save in the watcher's first moments can go unnoticed: save again
        file.write_text(edited)
        try:
            expect(heading).to_have_text("Edited by a test in Livesite", timeout=10_000)
            break
        except AssertionError:
            file.write_text(original)
            time.sleep(1)
    expect(heading).to_have_text("Edited by a test in Livesite")
    assert page.evaluate(MARK) is True, "Fast Refresh reloaded the page"

    # A new route, while the server runs: the watcher rebuilds, the server swaps its URLconf.
    assert dev.get("/about", Accept="application/json")[0] == 404
    run("add", "page", "about", cwd=dev.project)
    deadline = time.monotonic() + 30
    while dev.get("/about")[0] != 200:
        assert time.monotonic() < deadline, dev.log.read_text()
        time.sleep(0.2)
    # With Fast Refresh a new route module is a new entry point: esbuild builds afresh.
    built = dev.project / ".djangokit/build/static/djangokit/src/livesite/routes/about/page.js"
    while not built.is_file():
        assert time.monotonic() < deadline, dev.log.read_text()
        time.sleep(0.2)
    time.sleep(1)  # let the open page finish the reloads the rebuild and restart cause

    _open(page, "/")
    page.evaluate(f"{MARK} = true")
    page.get_by_role("link", name="About us").click()  # client-side, with the new routes
    expect(heading).to_have_text("About")
    assert re.fullmatch(r".*/about", page.url)
    assert page.evaluate(MARK) is True, "the link loaded a new document"
    expect(page.get_by_text("routes/about/page.tsx")).to_be_visible()

    _goto(page, "/about")  # and by its URL
    expect(heading).to_have_text("About")


def test_fast_refresh_keeps_state_and_a_non_component_edit_reloads(page: Any, dev: Any) -> None:
    """React Fast Refresh: the counter keeps its count through an edit of its page's text,
    without a reload; an edit of a module that exports no component reloads the page."""
    from playwright.sync_api import expect

    directory = dev.project / "src" / "livesite" / "routes" / "counter"
    file, label = directory / "page.tsx", directory / "label.ts"
    # The page keeps its URL across rebuilds: a browser must not reuse an old copy, even one
    # from the same second (Django's If-Modified-Since counts seconds).
    module = "/static/djangokit/src/livesite/routes/counter/page.js"
    status, headers, _ = dev.get(module)
    assert (status, headers.get("Cache-Control")) == (200, "no-cache")
    status, _, body = dev.get(module, **{"If-Modified-Since": headers["Last-Modified"]})
    assert status == 200 and b"Counter page" in body
    heading, button = page.get_by_role("heading", level=1), page.get_by_role("button")
    _open(page, "/counter")
    for _ in range(3):
        button.click()
    expect(button).to_have_text("Clicks: 3")
    page.evaluate(f"{MARK} = true")
    try:
        file.write_text(COUNTER_PAGE.replace("Counter page", "Counter page, edited"))
        expect(heading).to_have_text("Counter page, edited", timeout=10_000)
        expect(button).to_have_text("Clicks: 3")
        assert page.evaluate(MARK) is True, "the page reloaded"

        label.write_text('export const LABEL = "Taps";\n')  # exports a string: reload
        expect(button).to_have_text("Taps: 0", timeout=10_000)
        assert page.evaluate(MARK) is None, "the page did not reload"
    finally:
        file.write_text(COUNTER_PAGE)
        label.write_text('export const LABEL = "Clicks";\n')
    expect(heading).to_have_text("Counter page", timeout=10_000)


OVERLAY = "#djangokit-build-error"
BROKEN_LINE = 'const broken = "<b>not markup</b>" +;'  # esbuild: Unexpected ";"


def _break(file: Path) -> tuple[str, str]:
    """Append a syntax error to *file*; its text before, and where esbuild will point."""
    before = file.read_text()
    lines = before.splitlines()
    file.write_text("\n".join([*lines, BROKEN_LINE]) + "\n")
    return before, f"{len(lines) + 1}:{BROKEN_LINE.index(';') + 1}"


def test_a_build_error_shows_over_the_page_until_it_is_fixed(page: Any, dev: Any) -> None:
    from playwright.sync_api import expect

    file = dev.project / "src" / "livesite" / "routes" / "page.tsx"
    overlay = page.locator(OVERLAY)
    _open(page, "/")
    page.evaluate(f"{MARK} = true")
    before, position = _break(file)
    try:
        started = time.monotonic()
        expect(overlay).to_be_visible(timeout=10_000)
        took = time.monotonic() - started
        # file:line:column, esbuild's message and the source line with a caret.
        expect(overlay).to_contain_text(f"src/livesite/routes/page.tsx:{position}: Unexpected")
        expect(overlay).to_contain_text(BROKEN_LINE)
        assert overlay.locator("b").count() == 0, "the message was parsed as markup"
        assert took < 5, f"the overlay took {took:.1f}s"
        assert page.evaluate(MARK) is True, "the page reloaded on a failed build"
    finally:
        # Fixed, with a new heading: the page reloads without the overlay, showing it.
        file.write_text(re.sub(r"<h1>.*?</h1>", "<h1>Fixed by a test</h1>", before, count=1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fixed by a test", timeout=10_000)
    expect(overlay).to_have_count(0)
    assert page.evaluate(MARK) is None, "the page did not reload once fixed"


def test_a_page_opened_while_the_build_fails_shows_the_error(page: Any, dev: Any) -> None:
    from playwright.sync_api import expect

    file = dev.project / "src" / "livesite" / "routes" / "page.tsx"
    error_file = dev.project / ".djangokit" / "dev-error.txt"
    before, position = _break(file)
    try:
        deadline = time.monotonic() + 15
        while not error_file.is_file():
            assert time.monotonic() < deadline, dev.log.read_text()
            time.sleep(0.1)
        _goto(page, "/")  # the last good build still serves the page, under the overlay
        expect(page.get_by_role("heading", level=1)).to_be_attached()
        expect(page.locator(OVERLAY)).to_contain_text(
            f"src/livesite/routes/page.tsx:{position}", timeout=2_000
        )
        page.reload()  # and again after a reload
        expect(page.locator(OVERLAY)).to_contain_text("Unexpected", timeout=2_000)
    finally:
        file.write_text(before)
    expect(page.locator(OVERLAY)).to_have_count(0, timeout=10_000)


def test_a_handler_edit_shows_new_data_in_place(page: Any, dev: Any) -> None:
    """Saving handlers.py loads the page's data again without a reload; a broken one shows
    file:line over the page, and the fix recovers."""
    from playwright.sync_api import expect

    handlers = dev.project / "src" / "livesite" / "routes" / "handlers.py"
    before = handlers.read_text()
    listed = 'return {"notes": [note.serialize() for note in Note.objects.all()[:50]]}'
    note = '{"id": 1, "text": "TEXT", "created": "2026-01-01T00:00:00+00:00"}'
    edited = before.replace(listed, f'return {{"notes": [{note}]}}')
    assert listed in before and edited != before
    overlay = page.locator(OVERLAY)
    _open(page, "/")
    page.evaluate(f"{MARK} = true")
    try:
        handlers.write_text(edited.replace("TEXT", "From an edited handler"))
        expect(page.get_by_text("From an edited handler")).to_be_visible(timeout=10_000)
        assert page.evaluate(MARK) is True, "the page reloaded"

        broken = edited + "\n\ndef broken(:\n"
        handlers.write_text(broken)
        line = len(broken.splitlines())
        expect(overlay).to_contain_text(f"src/livesite/routes/handlers.py:{line}:", timeout=10_000)
        expect(overlay).to_contain_text("SyntaxError")
        handlers.write_text(edited.replace("TEXT", "From a fixed handler"))
        expect(page.get_by_text("From a fixed handler")).to_be_visible(timeout=10_000)
        expect(overlay).to_have_count(0)
    finally:
        handlers.write_text(before)
    expect(page.get_by_text("From a fixed handler")).to_have_count(0, timeout=10_000)
    assert "Traceback" not in dev.log.read_text()
