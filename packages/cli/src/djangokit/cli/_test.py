"""`dk test`: the project's tests, run by pytest with the test settings."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import click

from djangokit.cli._project import project_root

__all__ = ["test_command"]

# What core's [testing] extra adds (a dk new project's [test] extra asks for it).
_INSTALL_HINT = "pip install pytest pytest-django"


@click.command(
    "test",
    short_help="Run the project's tests (pytest, settings env test).",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def test_command(ctx: click.Context, pytest_args: tuple[str, ...]) -> None:
    """Run the project's tests with pytest, in the project directory, with the settings of
    env `test` (settings.test.toml). Arguments go to pytest: `dk test -x -k notes`.

    DjangoKit's pytest plugin (in org-djangokit-core) configures Django and provides the
    `route_client` fixture; pytest-django provides the database. A `dk new` project's
    `[test]` extra installs both (`pip install -e '.[test]'`).
    """
    root = project_root(ctx)
    missing = [name for name in ("pytest", "pytest_django") if not _installed(name)]
    if missing:
        names = " and ".join(name.replace("_", "-") for name in missing)
        raise click.ClickException(f"`dk test` needs {names}: {_INSTALL_HINT}")
    env = dict(os.environ)
    env["DJANGOKIT_PROJECT_ROOT"] = str(root)
    env["DJANGOKIT_ENV"] = "test"
    if env.get("DJANGO_SETTINGS_MODULE", "").startswith("djangokit."):
        del env["DJANGO_SETTINGS_MODULE"]  # a dk default, not the user's: the plugin decides
    command = [sys.executable, "-m", "pytest", "--rootdir", str(root), *pytest_args]
    try:
        code = subprocess.run(command, cwd=root, env=env, check=False).returncode
    except KeyboardInterrupt:
        code = 130
    ctx.exit(code)


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None
