"""`dk add auth`: sign-in pages a project owns, built on Django's auth forms (docs/auth.md).

Writes ``routes/accounts/`` (login, logout, signup, password change and reset: page +
handlers), the reset mail's templates in ``templates/accounts/`` and
``components/UserMenu.{tsx,css}``, and puts the menu in the root layout's ``<header>``. Once
``routes/accounts/login/`` exists, ``LOGIN_URL`` and the redirects after signing in and out
default to these pages, so ``@login_required`` needs no settings.
"""

from __future__ import annotations

import importlib.resources
import pathlib
import re

import click

from djangokit.cli._project import routes_dir
from djangokit.cli._templates import render_file

__all__ = ["PAGES", "add_user_menu", "auth_command"]

PAGES = (
    "login",
    "logout",
    "signup",
    "password/change",
    "password/change/done",
    "password/reset",
    "password/reset/sent",
    "password/reset/_uidb64/_token",
    "password/reset/done",
)
"""The routes below ``routes/accounts/`` that ``dk add auth`` writes."""

MAIL_TEMPLATES = ("password_reset_subject.txt", "password_reset_email.txt")
"""Django templates of the password reset mail, written to ``templates/accounts/``."""

_SIGNUP_LINK = """      <p>
        No account? <Link to={`/accounts/signup${next ? `?next=${encodeURIComponent(next)}` : ""}`}>
          Sign up
        </Link>
      </p>
"""
_MENU_IMPORT = 'import UserMenu from "../components/UserMenu";\n'
_LAST_IMPORT = re.compile(r"^import [^;]*;\n(?![\s\S]*^import )", re.MULTILINE)


@click.command("auth")
@click.option("--no-signup", is_flag=True, help="Leave out /accounts/signup.")
@click.pass_context
def auth_command(ctx: click.Context, no_signup: bool) -> None:
    """Add sign-in pages: /accounts/login, /accounts/logout, /accounts/signup and
    /accounts/password/change and /reset.

    Editable pages and handlers built on Django's auth forms, and a user menu ("Sign in" /
    the user's name and "Sign out") in the root layout. Files that exist are kept, so
    running it again adds only what is missing.
    """
    routes = routes_dir(ctx)[0]
    project_root = pathlib.Path(ctx.obj["project_root"]).resolve()
    values = {"signup_link": "" if no_signup else _SIGNUP_LINK}
    written = 0
    for path, text in _files(
        routes, project_root=project_root, skip_signup=no_signup, values=values
    ).items():
        if path.exists():
            click.echo(f"Kept {_show(path, project_root)} (it exists).")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(f"Created {_show(path, project_root)}.")
        written += 1
    layout = routes / "layout.tsx"
    if add_user_menu(layout):
        click.echo(f"Added <UserMenu /> to {_show(layout, project_root)}.")
    elif "UserMenu" not in _read(layout):
        click.echo(
            f"Put the user menu where you want it: {_MENU_IMPORT.strip()} then <UserMenu />."
        )
    if not written:
        click.echo("Every file was there already: nothing written.")
        return
    click.echo(
        "LOGIN_URL is now /accounts/login (an explicit setting wins); protect a handler "
        "with @login_required from djangokit.core.decorators. Password reset mail goes to "
        "the terminal in development; set EMAIL_HOST etc. for production (docs/auth.md)."
    )


def _files(
    routes: pathlib.Path,
    *,
    project_root: pathlib.Path,
    skip_signup: bool,
    values: dict[str, str],
) -> dict[pathlib.Path, str]:
    """What ``dk add auth`` writes: ``{path: text}``."""
    root = importlib.resources.files("djangokit.cli") / "templates" / "add" / "auth"
    files: dict[pathlib.Path, str] = {}
    for page in PAGES:
        if skip_signup and page == "signup":
            continue
        for name in ("handlers.py", "page.tsx"):
            if root.joinpath(*page.split("/"), f"{name}.tmpl").is_file():
                target = routes / "accounts" / page / name
                files[target] = render_file(f"add/auth/{page}/{name}", values)
    mail = routes.parent / "templates" / "accounts"
    for name in MAIL_TEMPLATES:  # Django templates: copied, not rendered
        files[mail / name] = (root / "templates" / name).read_text(encoding="utf-8")
    for name in ("UserMenu.tsx", "UserMenu.css"):
        files[routes.parent / "components" / name] = render_file(f"add/auth/{name}", values)
    files[project_root / "tests" / "test_accounts.py"] = render_file(
        "add/auth/tests/test_accounts.py", values
    )
    return files


def _read(path: pathlib.Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def add_user_menu(layout: pathlib.Path) -> bool:
    """Put ``<UserMenu />`` at the end of the layout's ``<header>``; False when the layout
    has no header (or already has the menu) to leave the choice to its author."""
    if not layout.is_file():
        return False
    text = layout.read_text(encoding="utf-8")
    closing = re.search(r"^([ \t]*)</header>", text, re.MULTILINE)
    if "UserMenu" in text or closing is None or text.count("</header>") != 1:
        return False
    indent = closing.group(1)
    menu = f"{indent}  <UserMenu />\n{indent}</header>"
    text = text[: closing.start()] + menu + text[closing.end() :]
    last = _LAST_IMPORT.search(text)
    at = last.end() if last else 0
    text = text[:at] + _MENU_IMPORT + text[at:]
    layout.write_text(text, encoding="utf-8")
    return True


def _show(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
