"""A project straight from `dk new` is clean in Chromium: no console error and no failed
request, in development (`dk dev`) and in production (`dk build --production`, `dk serve`),
and production serves no source maps."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SECRET = "fresh-project-tests-secret-key-0123456789-abcdefghijklmnop"


@pytest.fixture(scope="module")
def project(
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
) -> Path:
    project = new_dk_project(tmp_path_factory.mktemp("fresh"), "fresh")
    run("migrate", cwd=project)
    return project


def browser_problems(browser: Any, url: str) -> list[str]:
    """Open *url*'s home page in a new context: its console errors, uncaught exceptions,
    failed requests and answers of 400 or more (the browser's own /favicon.ico request
    shows only as a console error, which counts). The page must have rendered, styled."""
    problems: list[str] = []
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    try:
        page.goto("/", wait_until="load")
        page.locator("#djangokit-root[data-ready]").wait_for(state="attached", timeout=15_000)
        page.wait_for_timeout(1000)  # the icon and lazy chunks load after the load event
        if page.get_by_role("heading", level=1).text_content() != "Welcome to Fresh":
            problems.append("the home page did not render")
        # The stylesheet `dk new` writes is linked and applied.
        if page.evaluate("getComputedStyle(document.body).maxWidth") == "none":
            problems.append("layout.css is not applied")
    finally:
        context.close()
    return problems


def icon_is_served(server: Any) -> None:
    html = server.get("/")[2].decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon is not None, html
    status, headers, body = server.get(icon.group(1))
    assert status == 200 and body.startswith(b"<svg"), (status, headers)


def test_dev_has_no_console_errors_or_failed_requests(
    browser: Any, project: Path, start_dk: Callable[..., Any]
) -> None:
    server = start_dk(project, "dev")
    try:
        assert browser_problems(browser, server.url) == []
        icon_is_served(server)
    finally:
        server.stop()


def test_production_has_no_console_errors_failed_requests_or_public_source_maps(
    browser: Any, project: Path, run: Callable[..., str], start_dk: Callable[..., Any]
) -> None:
    run("build", "--production", cwd=project)
    assert not list((project / "static_root").rglob("*.map"))
    server = start_dk(
        project,
        "serve",
        "--workers",
        "1",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DJANGOKIT_HTTPS="false",
    )
    try:
        assert browser_problems(browser, server.url) == []
        icon_is_served(server)
        html = server.get("/")[2].decode()
        scripts = re.findall(r'(?:src|href)="(/static/djangokit/[\w-]+\.js)"', html)
        assert scripts
        for script in scripts:
            status, headers, body = server.get(script)
            assert status == 200
            assert b"sourceMappingURL" not in body, script
            # Hashed bundles: a year, as docs/deploy.md says.
            assert headers["Cache-Control"] == "max-age=31536000, public, immutable"
            assert server.get(script + ".map")[0] == 404
    finally:
        server.stop()


def test_dk_check_type_checks_out_of_the_box(project: Path, run: Callable[..., str]) -> None:
    out = run("check", cwd=project)
    assert "types: no problems." in out  # tsc ran (TypeScript is a devDependency) and passed
    assert out.strip().endswith("All checks passed.")
