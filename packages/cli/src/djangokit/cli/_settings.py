"""`dk settings`: show the effective settings of a project, secrets masked."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import click

from djangokit.cli._project import load_project
from djangokit.settings import mask_secrets


@click.command("settings", short_help="Show the effective settings, secrets masked.")
@click.option("--env", "env_option", help="Show the settings of this environment instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a listing.")
@click.pass_context
def settings_command(ctx: click.Context, env_option: str | None, as_json: bool) -> None:
    """Show the effective Django and DjangoKit settings (secrets masked)."""
    project_root: pathlib.Path = ctx.obj["project_root"]
    env = env_option or ctx.obj["env"]
    loaded = load_project(project_root, env)
    shown = mask_secrets(loaded.django)
    if as_json:
        click.echo(json.dumps(shown, indent=2, sort_keys=True, default=str))
        return
    files = ", ".join(str(f) for f in loaded.files) or "(no settings files)"
    click.echo(f"# env: {loaded.env}; files: {files}")
    for key in sorted(shown):
        click.echo(f"{key} = {_format(shown[key])}")


def _format(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
