"""The `dk` command group: options shared by every command live here."""

from __future__ import annotations

import pathlib
from typing import Any

import click

from djangokit.cli._add import add_group
from djangokit.cli._build import build_command
from djangokit.cli._check import check_command
from djangokit.cli._dev import dev_command
from djangokit.cli._errors import describe
from djangokit.cli._manage import SHORTCUTS, manage_command, shortcut
from djangokit.cli._new import new_command
from djangokit.cli._routes import routes_command
from djangokit.cli._serve import serve_command
from djangokit.cli._settings import settings_command
from djangokit.cli._ssr_server import ssr_server_command
from djangokit.cli._test import test_command
from djangokit.cli._types import types_command
from djangokit.cli._version import __version__


class _Group(click.Group):
    """The `dk` group: an unexpected error in the project (an import error, a syntax error)
    is one ``Error: file:line: message`` line, or its traceback with ``-v``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            obj = ctx.obj if isinstance(ctx.obj, dict) else {}
            if obj.get("verbose"):
                raise
            root = obj.get("project_root")
            project = pathlib.Path(root).resolve() if root else None
            message = f"{describe(error, project)} (dk -v shows the traceback)"
            raise click.ClickException(message) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dk")
@click.option(
    "--project-root",
    type=click.Path(file_okay=False, path_type=pathlib.Path),
    envvar="DJANGOKIT_PROJECT_ROOT",
    help="The project directory (default: the current directory).",
)
@click.option(
    "--env",
    envvar="DJANGOKIT_ENV",
    help="Settings environment: development, production, test or another with its own "
    "settings.<env>.toml; dev and prod are aliases (default: development).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    envvar="DJANGOKIT_VERBOSE",
    help="Show the traceback of an unexpected error, not just its one line.",
)
@click.pass_context
def main(
    ctx: click.Context, project_root: pathlib.Path | None, env: str | None, verbose: bool
) -> None:
    """DjangoKit: Django on the back end, React on the front end, wired together."""
    ctx.ensure_object(dict)
    ctx.obj["project_root"] = project_root or pathlib.Path.cwd()
    ctx.obj["env"] = env
    ctx.obj["verbose"] = verbose


for command in (
    new_command,
    dev_command,
    build_command,
    serve_command,
    ssr_server_command,
    routes_command,
    add_group,
    check_command,
    test_command,
    settings_command,
    types_command,
    manage_command,
    *(shortcut(name) for name in SHORTCUTS),
):
    main.add_command(command)
