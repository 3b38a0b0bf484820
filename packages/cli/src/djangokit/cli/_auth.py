"""`dk add auth`: sign-in pages a project owns, built on Django's auth forms (docs/auth.md).

Writes ``routes/accounts/{login,logout,signup}/`` (page + handlers) and
``components/UserMenu.tsx``, and puts the menu in the root layout's ``<header>``. Once
``routes/accounts/login/`` exists, ``LOGIN_URL`` and the redirects after signing in and out
default to these pages, so ``@login_required`` needs no settings.
"""

from __future__ import annotations

import pathlib
import re

import click

from djangokit.cli._templates import render_file

__all__ = ["PAGES", "add_user_menu", "auth_command"]

PAGES = ("login", "logout", "signup")
"""The routes below ``routes/accounts/`` that ``dk add auth`` writes."""

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
    """Add sign-in pages: /accounts/login, /accounts/logout and /accounts/signup.

    Editable pages and handlers built on Django's AuthenticationForm and UserCreationForm,
    and a user menu ("Sign in" / the user's name and "Sign out") in the root layout.
    """
    from djangokit.cli._add import routes_dir  # _add registers this command

    routes = routes_dir(ctx)[0]
    project_root = pathlib.Path(ctx.obj["project_root"]).resolve()
    pages = [page for page in PAGES if not (no_signup and page == "signup")]
    files = {
        routes / "accounts" / page / name: f"add/auth/{page}/{name}"
        for page in pages
        for name in ("handlers.py", "page.tsx")
    }
    files[routes.parent / "components" / "UserMenu.tsx"] = "add/auth/UserMenu.tsx"
    existing = [path for path in files if path.exists()]
    if existing:
        raise click.ClickException(
            f"{_show(existing[0], project_root)} already exists; `dk add auth` does not "
            f"overwrite files. Remove the accounts pages first to write them again."
        )
    values = {"signup_link": "" if no_signup else _SIGNUP_LINK}
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_file(template, values), encoding="utf-8")
        click.echo(f"Created {_show(path, project_root)}.")
    layout = routes / "layout.tsx"
    if add_user_menu(layout):
        click.echo(f"Added <UserMenu /> to {_show(layout, project_root)}.")
    else:
        click.echo(
            f"Put the user menu where you want it: {_MENU_IMPORT.strip()} then <UserMenu />."
        )
    click.echo(
        "LOGIN_URL is now /accounts/login (an explicit setting wins); protect a handler "
        "with @login_required from djangokit.core.decorators."
    )


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
