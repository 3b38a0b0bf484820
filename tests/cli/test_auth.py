"""Sign-in out of the box (issue 11, docs/auth.md): `dk new`, `dk add auth`, a page behind
`@login_required`, `dk build --production`, `dk serve`; then in Chromium, with JavaScript and
without, the whole round: protected page -> login -> wrong password -> right password -> back
on the page, named in the layout -> sign out -> anonymous. And `next` never leaves the site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SECRET = "auth-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "correct-horse-battery"
FILES = {
    "src/mysite/routes/private/handlers.py": (
        "from djangokit.core.decorators import login_required\n\n\n"
        "@login_required\ndef get(request):\n    return {'secret': 'the plans'}\n"
    ),
    "src/mysite/routes/private/page.tsx": (
        'import { useData } from "@djangokit/runtime";\n\n'
        "export default function Private() {\n"
        "  const { secret } = useData<{ secret: string }>();\n"
        "  return <h1>Private: {secret}</h1>;\n}\n"
    ),
    # A page to navigate from, so that the JavaScript round starts with a client navigation.
    "src/mysite/routes/start/page.tsx": (
        'import { Link } from "@djangokit/runtime";\n\n'
        "export default function Start() {\n"
        '  return <Link to="/private">To the private page</Link>;\n}\n'
    ),
}


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> Iterator[Any]:
    project = new_dk_project(tmp_path_factory.mktemp("auth"))
    run("add", "auth", cwd=project)
    for name, text in FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    run("migrate", cwd=project)
    create = (
        "from django.contrib.auth.models import User; User.objects.create_user("
        f"'ada', password={PASSWORD!r}, first_name='Ada', last_name='Lovelace')"
    )
    run("shell", "-c", create, cwd=project)
    run("build", "--production", cwd=project)
    server = start_dk(
        project, "serve", "--workers", "1", SECRET_KEY=SECRET, ALLOWED_HOSTS="127.0.0.1"
    )
    yield server
    server.stop()


def _sign_in(page: Any, password: str) -> None:
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_sign_in_and_out_round(browser: Any, server: Any, js: bool) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=js)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        if js:
            page.goto("/start")
            page.locator("#djangokit-root[data-ready]").wait_for(state="attached")
            page.get_by_role("link", name="To the private page").click()  # client navigation
        else:
            page.goto("/private")
        page.wait_for_url("**/accounts/login?next=/private")
        menu = page.locator("header .user-menu")
        assert menu.get_by_role("link", name="Sign in").is_visible()

        _sign_in(page, "wrong")
        page.get_by_text("Please enter a correct username and password").wait_for()
        assert page.url.endswith("/accounts/login?next=/private")  # the error in place
        assert page.get_by_label("Username").input_value() == "ada"

        _sign_in(page, PASSWORD)
        page.get_by_role("heading", name="Private: the plans").wait_for()
        assert page.url == f"{server.url}/private"
        menu.get_by_text("Ada Lovelace").wait_for()

        menu.get_by_role("button", name="Sign out").click()
        menu.get_by_role("link", name="Sign in").wait_for()
        assert page.url == f"{server.url}/"
        page.goto("/private")
        page.wait_for_url("**/accounts/login?next=/private")  # anonymous again
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_next_to_another_site_lands_on_the_default_page(
    browser: Any, server: Any, js: bool
) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=js)
    page = context.new_page()
    try:
        page.goto("/accounts/login?next=https://evil.example/")
        if js:
            page.locator("#djangokit-root[data-ready]").wait_for(state="attached")
        _sign_in(page, PASSWORD)
        page.locator("header .user-menu").get_by_text("Ada Lovelace").wait_for()
        assert page.url == f"{server.url}/"
    finally:
        context.close()


def test_a_json_client_gets_a_401_problem(server: Any) -> None:
    status, headers, body = server.get("/private", Accept="application/json")
    assert (status, headers["Content-Type"]) == (401, "application/problem+json")
    assert b'"loginUrl":"/accounts/login?next=/private"' in body.replace(b" ", b"")


def test_the_written_pages_type_check(server: Any, run: Callable[..., str]) -> None:
    out = run("check", cwd=server.project)
    assert "types: no problems." in out


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_signup_signs_the_new_user_in(browser: Any, server: Any, js: bool) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=js)
    page = context.new_page()
    try:
        page.goto("/accounts/signup")
        if js:
            page.locator("#djangokit-root[data-ready]").wait_for(state="attached")
        page.get_by_label("Username").fill(f"grace-{'js' if js else 'html'}")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD + "x")
        page.get_by_role("button", name="Sign up").click()
        page.get_by_text("The two password fields didn").wait_for()  # the error in place
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD)
        page.get_by_role("button", name="Sign up").click()
        menu = page.locator("header .user-menu")
        menu.get_by_text(f"grace-{'js' if js else 'html'}").wait_for()
        assert page.url == f"{server.url}/"
    finally:
        context.close()
