"""`dk add auth`: the sign-in pages and the user menu it writes (served: tests/cli/test_auth.py)."""

from __future__ import annotations

import ast
import pathlib

import pytest
from click.testing import Result

from djangokit.cli._auth import add_user_menu

from .test_add_command import Run


@pytest.fixture
def project(dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    assert dk("new", "mysite", "--no-install").exit_code == 0
    monkeypatch.chdir(tmp_path / "mysite")
    return tmp_path / "mysite"


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_add_auth_writes_pages_handlers_and_the_menu(dk: Run, project: pathlib.Path) -> None:
    output = _ok(dk("add", "auth"))
    package = project / "src" / "mysite"
    accounts = package / "routes" / "accounts"
    for page in ("login", "logout", "signup"):
        ast.parse((accounts / page / "handlers.py").read_text())
        assert "export default function" in (accounts / page / "page.tsx").read_text()
        assert f"Created src/mysite/routes/accounts/{page}/handlers.py." in output
    login = (accounts / "login" / "handlers.py").read_text()
    assert "LoginForm(request, data=request.data)" in login  # AuthenticationForm, throttled
    assert "safe_redirect(request, next_url" in login
    assert "def get" not in (accounts / "logout" / "handlers.py").read_text()  # POST only
    assert "/accounts/signup" in (accounts / "login" / "page.tsx").read_text()
    assert "UserCreationForm(request.data)" in (accounts / "signup" / "handlers.py").read_text()
    for page, form in (
        ("password/change", "PasswordChangeForm(request.user, request.data)"),
        ("password/reset", "PasswordResetForm(request.data)"),
        ("password/reset/_uidb64/_token", "SetPasswordForm(user, request.data)"),
    ):
        handlers = (accounts / page / "handlers.py").read_text()
        ast.parse(handlers)
        assert form in handlers
        assert "export default function" in (accounts / page / "page.tsx").read_text()
    for page in ("password/change/done", "password/reset/sent", "password/reset/done"):
        assert not (accounts / page / "handlers.py").exists()
        assert "export default function" in (accounts / page / "page.tsx").read_text()
    assert "update_session_auth_hash" in (accounts / "password/change/handlers.py").read_text()
    mail = (package / "templates" / "accounts" / "password_reset_email.txt").read_text()
    # A Django template, copied as is (the scaffolder's own {{ }} left alone).
    assert "{{ protocol }}://{{ domain }}{% url " in mail
    assert (
        "{{ site_name }}" in (package / "templates/accounts/password_reset_subject.txt").read_text()
    )
    tests = (project / "tests" / "test_accounts.py").read_text()
    ast.parse(tests)
    assert "mail.outbox" in tests and "Created tests/test_accounts.py." in output
    menu = (package / "components" / "UserMenu.tsx").read_text()
    assert 'import "./UserMenu.css";' in menu
    assert ".auth-form label" in (package / "components" / "UserMenu.css").read_text()
    assert "Sign in" in menu and "Sign out" in menu and "user.displayName" in menu
    layout = (package / "routes" / "layout.tsx").read_text()
    assert 'import UserMenu from "../components/UserMenu";\n' in layout
    assert "        <UserMenu />\n      </header>" in layout
    assert "Added <UserMenu /> to src/mysite/routes/layout.tsx." in output


def test_no_signup_leaves_signup_out(dk: Run, project: pathlib.Path) -> None:
    _ok(dk("add", "auth", "--no-signup"))
    accounts = project / "src" / "mysite" / "routes" / "accounts"
    assert sorted(p.name for p in accounts.iterdir()) == ["login", "logout", "password"]
    assert "signup" not in (accounts / "login" / "page.tsx").read_text()


def test_add_auth_never_overwrites_and_adds_what_is_missing(dk: Run, project: pathlib.Path) -> None:
    _ok(dk("add", "auth", "--no-signup"))
    accounts = project / "src" / "mysite" / "routes" / "accounts"
    login = accounts / "login" / "page.tsx"
    login.write_text("// mine\n")
    (accounts / "password" / "reset" / "page.tsx").unlink()
    layout = (project / "src" / "mysite" / "routes" / "layout.tsx").read_text()
    output = _ok(dk("add", "auth"))
    assert "Kept src/mysite/routes/accounts/login/page.tsx (it exists)." in output
    assert login.read_text() == "// mine\n"
    assert "Created src/mysite/routes/accounts/password/reset/page.tsx." in output
    assert "Created src/mysite/routes/accounts/signup/page.tsx." in output
    assert (project / "src" / "mysite" / "routes" / "layout.tsx").read_text() == layout
    assert "Put the user menu" not in output  # it is there already
    again = _ok(dk("add", "auth"))
    assert "Created" not in again and "nothing written" in again


def test_the_menu_goes_only_into_a_layout_with_one_header(tmp_path: pathlib.Path) -> None:
    layout = tmp_path / "layout.tsx"
    assert not add_user_menu(layout)  # no layout at all
    layout.write_text(
        'import { Outlet } from "@djangokit/runtime";\n\nexport default () => <Outlet />;\n'
    )
    assert not add_user_menu(layout)
    layout.write_text('import { Outlet } from "x";\nconst a = 1;\n<header>\n  <h1/>\n  </header>\n')
    assert add_user_menu(layout)
    assert layout.read_text() == (
        'import { Outlet } from "x";\nimport UserMenu from "../components/UserMenu";\n'
        "const a = 1;\n<header>\n  <h1/>\n    <UserMenu />\n  </header>\n"
    )
    assert not add_user_menu(layout)  # already there
