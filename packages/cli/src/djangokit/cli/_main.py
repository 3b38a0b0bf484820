"""The `dk` command group: options shared by every command live here."""

from __future__ import annotations

import pathlib

import click

from djangokit.cli._settings import settings_command
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


main.add_command(settings_command)
