"""The `dk` command group: options shared by every command live here."""

from __future__ import annotations

import pathlib

import click

from djangokit.cli._add import add_group
from djangokit.cli._build import build_command
from djangokit.cli._check import check_command
from djangokit.cli._dev import dev_command
from djangokit.cli._manage import SHORTCUTS, manage_command, shortcut
from djangokit.cli._new import new_command
from djangokit.cli._routes import routes_command
from djangokit.cli._serve import serve_command
from djangokit.cli._settings import settings_command
from djangokit.cli._ssr_server import ssr_server_command
from djangokit.cli._test import test_command
from djangokit.cli._types import types_command
from djangokit.cli._version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    help="Settings environment: development, production, test, ... (default: development).",
)
@click.pass_context
def main(ctx: click.Context, project_root: pathlib.Path | None, env: str | None) -> None:
    """DjangoKit: Django on the back end, React on the front end, wired together."""
    ctx.ensure_object(dict)
    ctx.obj["project_root"] = project_root or pathlib.Path.cwd()
    ctx.obj["env"] = env


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
