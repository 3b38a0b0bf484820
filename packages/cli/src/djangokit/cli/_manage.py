"""`dk manage ...`: Django's management commands, and shortcuts for the everyday ones."""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

import click

from djangokit.cli._errors import hint
from djangokit.cli._project import setup_django

__all__ = ["SHORTCUTS", "dk_hints", "manage_command", "say_dk", "shortcut"]

SHORTCUTS = {
    "migrate": "Apply database migrations.",
    "makemigrations": "Create migrations for model changes.",
    "shell": "Open a Python shell with the project loaded.",
    "createsuperuser": "Create an admin user.",
}

_MANAGE_PY = re.compile(r"(?:python3? )?(?:\./)?manage\.py (\w+)")


def dk_hints(text: str) -> str:
    """Django's advice in *text* as `dk` commands: a DjangoKit project has no manage.py.

    ```python
    dk_hints("Run 'python manage.py migrate' to apply them.")  # "Run 'dk migrate' to ..."
    ```
    """

    def replace(match: re.Match[str]) -> str:
        command = match.group(1)
        return f"dk {command}" if command in SHORTCUTS else f"dk manage {command}"

    return _MANAGE_PY.sub(replace, text)


class _Hinting:
    """A text stream that writes Django's ``manage.py`` advice as `dk` commands."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(dk_hints(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno, ...
        return getattr(self._stream, name)


def say_dk() -> None:
    """From now on, this process's standard output and error say `dk migrate` where Django
    says `python manage.py migrate` (runserver's unapplied-migrations notice, migrate's)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _Hinting):
            setattr(sys, name, _Hinting(stream))


_PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


def run_django(ctx: click.Context, argv: list[str]) -> None:
    """Run ``manage.py <argv>`` for *ctx*'s project, as Django's own ``manage.py`` would."""
    setup_django(ctx)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    say_dk()
    name = argv[0] if argv else "help"
    if not name.startswith("-") and name not in {"help", "version", *get_commands()}:
        raise click.ClickException(
            f"Unknown Django command {name!r}. `dk manage help` lists the commands."
        )
    try:
        execute_from_command_line(["dk manage", *argv])
    except ImproperlyConfigured as error:
        raise click.ClickException(hint(str(error))) from None


@click.command(
    "manage", context_settings=_PASS_THROUGH, short_help="Run any Django management command."
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def manage_command(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Run a Django management command: `dk manage check --deploy`.

    `dk manage help` lists Django's commands; `dk manage COMMAND --help` explains one.
    """
    if not args or args[0] in {"-h", "--help"}:
        click.echo(ctx.get_help())
        return
    run_django(ctx, list(args))


def shortcut(name: str) -> click.Command:
    """``dk <name> ARGS...`` as ``dk manage <name> ARGS...``."""

    @click.pass_context
    def callback(ctx: click.Context, args: tuple[str, ...]) -> None:
        run_django(ctx, [name, *args])

    return click.Command(
        name,
        callback=callback,
        params=[click.Argument(["args"], nargs=-1, type=click.UNPROCESSED)],
        context_settings=_PASS_THROUGH,
        help=f"{SHORTCUTS[name]} Django's `{name}`: `dk {name} --help` shows its options.",
        short_help=SHORTCUTS[name],
    )
