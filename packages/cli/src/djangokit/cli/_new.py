"""`dk new NAME`: scaffold a project that runs with no further edits."""

from __future__ import annotations

import importlib.util
import keyword
import pathlib
import shutil
import subprocess

import click

from djangokit.cli._templates import render_tree
from djangokit.cli._version import __version__

__all__ = ["check_package_name", "new_command"]

NPM_PACKAGES = ("react", "react-dom", "react-router-dom", "esbuild")
NPM_DEV_PACKAGES = ("typescript", "@types/react", "@types/react-dom")


def check_package_name(name: str) -> str | None:
    """Why *name* cannot be a project's Python package, or ``None`` if it can.

    ```python
    check_package_name("django")  # "'django' is already an installed module; ..."
    ```
    """
    if not name.isidentifier():
        return (
            f"{name!r} is not a valid Python package name: use letters, digits and "
            f"underscores, not starting with a digit (for example 'mysite')."
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name!r} is a Python keyword, so it cannot be a package name. Pick another."
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = True
    if found:
        return (
            f"{name!r} is already an installed Python module, so the project's package would "
            f"clash with it. Pick another name."
        )
    return None


@click.command("new", short_help="Create a new project.")
@click.argument("name", type=click.Path(path_type=pathlib.Path))
@click.option("--no-install", is_flag=True, help="Do not run `npm install` afterwards.")
def new_command(name: pathlib.Path, no_install: bool) -> None:
    """Create a DjangoKit project in a new directory NAME.

    The project's Python package is NAME's last part (`dk new sites/blog` makes package
    `blog`). Then `npm install` fetches React, React Router and esbuild, and TypeScript
    and React's types for `dk check`.
    """
    target = name.resolve()
    package = target.name
    problem = check_package_name(package)
    if problem:
        raise click.ClickException(problem)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        kind = "directory" if target.is_dir() else "file"
        raise click.ClickException(
            f"{name} already exists and is a non-empty {kind}; `dk new` only writes into a "
            f"new or empty directory."
        )
    values = {
        "name": package.replace("_", "-"),
        "npm_name": package.lower().replace("_", "-"),
        "package": package,
        "title": package.replace("_", " ").title() if "_" in package else package.capitalize(),
        "version": __version__,
    }
    files = render_tree("new", values)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    click.echo(f"Created {package} in {target} ({len(files)} files).")
    if not no_install:
        _npm_install(target)
    _next_steps(name, installed=not no_install)


def _npm_install(target: pathlib.Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise click.ClickException(
            f"npm is not installed, so the project's JavaScript packages were not installed. "
            f"Install Node.js 20 or later, then run `npm install` in {target}."
        )
    names = ", ".join((*NPM_PACKAGES, *NPM_DEV_PACKAGES))
    click.echo(f"Installing {names} with npm (this can take a minute)...")
    result = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise click.ClickException(
            f"`npm install` failed in {target}: {last}. Fix that, then run `npm install` there."
        )
    click.echo("Installed the npm packages.")


def _next_steps(name: pathlib.Path, *, installed: bool) -> None:
    steps = [f"cd {name}"]
    if not installed:
        steps.append("npm install")
    steps += ["dk migrate", "dk dev"]
    click.echo("Next:\n" + "".join(f"  {step}\n" for step in steps), nl=False)
