"""Sign-in out of the box (issue 11, docs/auth.md): `dk new`, `dk add auth`, a page behind
`@login_required`, `dk build --production`, `dk serve`, on SQLite and on PostgreSQL; then in
Chromium, with JavaScript and without, the whole round: protected page -> login -> wrong
password -> right password -> back on the page, named in the layout -> sign out -> anonymous.
And `next` never leaves the site; signup signs in; a password change keeps the session; a
password reset mail (the file backend: `dk serve` is another process) carries a working
link; too many wrong passwords are refused."""

from __future__ import annotations

import contextlib
import email
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import postgres_database

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
        "  return (\n    <>\n"
        '      <Link to="/private">To the private page</Link>\n'
        '      <Link to="/staff">To the staff page</Link>\n'
        "    </>\n  );\n}\n"
    ),
    # A permission no test user has: 403, shown by the nearest error.tsx.
    "src/mysite/routes/staff/handlers.py": (
        "from djangokit.core.decorators import permission_required\n\n\n"
        "@permission_required('auth.delete_user')\ndef get(request):\n    return {}\n"
    ),
    "src/mysite/routes/staff/page.tsx": "export default () => <h1>Staff</h1>;\n",
    "src/mysite/routes/staff/error.tsx": (
        'import type { ErrorProps } from "@djangokit/runtime";\n\n'
        "export default function StaffError({ problem }: ErrorProps) {\n"
        "  return <h1>Staff only: {problem?.status}</h1>;\n}\n"
    ),
}


USERS = ["ada", "cat-js", "cat-html", "dora-js", "dora-html", "eve-js", "eve-html"]
"""Each test that changes a user's password or sign-in record has its own."""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> Iterator[Any]:
    with contextlib.ExitStack() as stack:
        env: dict[str, str] = {}
        if request.param == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(postgres_database("dk_auth"))
        project = new_dk_project(tmp_path_factory.mktemp("auth"))
        run("add", "auth", cwd=project)
        for name, text in FILES.items():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_text(text, encoding="utf-8")
        run("migrate", cwd=project, **env)
        create = (
            "from django.contrib.auth.models import User\n"
            f"for name in {USERS!r}:\n"
            "    User.objects.create_user(name, f'{name}@example.com', "
            f"{PASSWORD!r}, first_name=name.title(), last_name='Lovelace')"
        )
        run("shell", "-c", create, cwd=project, **env)
        run("build", "--production", cwd=project, **env)
        mail = project.parent / "mail"
        server = start_dk(
            project,
            "serve",
            "--workers",
            "1",
            SECRET_KEY=SECRET,
            ALLOWED_HOSTS="127.0.0.1",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(mail),
            **env,
        )
        server.mail = mail
        server.env = env
        stack.callback(server.stop)
        yield server


def _sign_in(page: Any, password: str, username: str = "ada") -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _open(browser: Any, server: Any, js: bool, path: str) -> tuple[Any, Any]:
    """A new browser context on *path*, hydrated when JavaScript is on."""
    context = browser.new_context(base_url=server.url, java_script_enabled=js)
    page = context.new_page()
    page.goto(path)
    if js:
        page.locator("#djangokit-root[data-ready]").wait_for(state="attached")
    return context, page


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
            page.evaluate("window.notReloaded = true")
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
        assert menu.get_by_role("link", name="Ada Lovelace").get_attribute("href") == (
            "/accounts/password/change"
        )

        menu.get_by_role("button", name="Sign out").click()
        menu.get_by_role("link", name="Sign in").wait_for()
        assert page.url == f"{server.url}/"
        if js:  # signed in and out with no reload: useUser() and the CSRF token followed
            assert page.evaluate("window.notReloaded") is True
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


def test_the_written_tests_pass(server: Any, run_dk: Callable[..., Any]) -> None:
    # tests/test_accounts.py: Django's test client and the locmem mail outbox.
    result = run_dk("test", "-q", "tests/test_accounts.py", cwd=server.project, **server.env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 passed" in result.stdout


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


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_menus_sign_in_comes_back_to_the_page(browser: Any, server: Any, js: bool) -> None:
    context, page = _open(browser, server, js, "/start")
    try:
        page.locator("header .user-menu").get_by_role("link", name="Sign in").click()
        page.wait_for_url("**/accounts/login?next=%2Fstart")
        _sign_in(page, PASSWORD)
        page.get_by_role("link", name="To the private page").wait_for()
        assert page.url == f"{server.url}/start"
    finally:
        context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_password_change_keeps_the_session(browser: Any, server: Any, js: bool) -> None:
    user = f"cat-{'js' if js else 'html'}"
    context, page = _open(browser, server, js, "/accounts/password/change")
    try:
        page.wait_for_url("**/accounts/login?next=/accounts/password/change")  # guarded
        _sign_in(page, PASSWORD, user)
        page.get_by_role("heading", name="Change password").wait_for()
        page.get_by_label("Current password").fill("not it")
        page.get_by_label("New password", exact=True).fill("a-new-long-passphrase")
        page.get_by_label("New password again").fill("a-new-long-passphrase")
        page.get_by_role("button", name="Change password").click()
        page.get_by_text("Your old password was entered incorrectly").wait_for()  # in place
        if not js:  # the server's page: passwords are never echoed
            assert page.get_by_label("Current password").input_value() == ""
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password", exact=True).fill("a-new-long-passphrase")
        page.get_by_label("New password again").fill("a-new-long-passphrase")
        page.get_by_role("button", name="Change password").click()
        page.get_by_role("heading", name="Password changed").wait_for()
        page.goto("/private")  # still signed in
        page.get_by_role("heading", name="Private: the plans").wait_for()
        page.locator("header .user-menu").get_by_role("button", name="Sign out").click()
        page.locator("header .user-menu").get_by_role("link", name="Sign in").wait_for()
        page.goto("/accounts/login")
        _sign_in(page, "a-new-long-passphrase", user)
        page.locator("header .user-menu").get_by_text(user.title()).wait_for()
    finally:
        context.close()


def _mail_to(server: Any, address: str) -> list[str]:
    """The bodies of the mails `dk serve` wrote (file backend) to *address*."""
    bodies = []
    for path in sorted(server.mail.glob("*.log")) if server.mail.is_dir() else []:
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                message = email.message_from_string(raw.strip())
                if message["To"] == address:
                    bodies.append(message.get_payload(decode=True).decode())
    return bodies


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_password_reset_mail_carries_a_working_link(browser: Any, server: Any, js: bool) -> None:
    user = f"dora-{'js' if js else 'html'}"
    context, page = _open(browser, server, js, "/accounts/login")
    try:
        page.get_by_role("link", name="Forgot your password?").click()
        page.get_by_label("Email").fill(f"nobody-{user}@example.com")
        page.get_by_role("button", name="Send the link").click()
        page.get_by_role("heading", name="Check your email").wait_for()  # the same answer
        assert _mail_to(server, f"nobody-{user}@example.com") == []
        page.go_back()
        page.get_by_label("Email").fill(f"{user}@example.com")
        page.get_by_role("button", name="Send the link").click()
        page.get_by_role("heading", name="Check your email").wait_for()
        [body] = _mail_to(server, f"{user}@example.com")
        assert f"Your username: {user}" in body
        link = re.search(rf"{re.escape(server.url)}/accounts/password/reset/\S+/\S+", body)
        assert link is not None, body

        page.goto(link.group())
        page.get_by_label("New password", exact=True).fill("reset-long-passphrase")
        page.get_by_label("New password again").fill("reset-long-passphrase-x")
        page.get_by_role("button", name="Set password").click()
        page.get_by_text("The two password fields didn").wait_for()  # in place
        page.get_by_label("New password", exact=True).fill("reset-long-passphrase")
        page.get_by_label("New password again").fill("reset-long-passphrase")
        page.get_by_role("button", name="Set password").click()
        page.get_by_role("heading", name="Password set").wait_for()
        page.get_by_role("link", name="Sign in").last.click()
        _sign_in(page, "reset-long-passphrase", user)
        page.locator("header .user-menu").get_by_text(user.title()).wait_for()

        page.goto(link.group())  # a link works once
        page.get_by_role("heading", name="Invalid link").wait_for()
    finally:
        context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_too_many_wrong_passwords_are_refused(browser: Any, server: Any, js: bool) -> None:
    user = f"eve-{'js' if js else 'html'}"
    context, page = _open(browser, server, js, "/accounts/login")
    try:
        for _ in range(5):  # [djangokit.auth] login_failures
            with page.expect_response(lambda response: response.request.method == "POST"):
                _sign_in(page, "wrong", user)
            page.get_by_text("Please enter a correct username and password").wait_for()
        _sign_in(page, PASSWORD, user)  # the right one, too late
        page.get_by_text(
            re.compile(r"Too many failed sign-ins\. Try again in \d+ minute")
        ).wait_for()
        assert page.locator("header .user-menu").get_by_role("link", name="Sign in").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_missing_permission_shows_the_nearest_error_page(
    browser: Any, server: Any, js: bool
) -> None:
    context, page = _open(browser, server, js, "/accounts/login?next=/start")
    try:
        _sign_in(page, PASSWORD)
        page.get_by_role("link", name="To the staff page").click()
        page.get_by_role("heading", name="Staff only: 403").wait_for()
        if not js:
            assert page.goto("/staff").status == 403
            page.get_by_role("heading", name="Staff only: 403").wait_for()
    finally:
        context.close()
