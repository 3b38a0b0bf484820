"""The error every command raises for bad input: one ``Error: ...`` line, exit status 2."""

from __future__ import annotations

import click

__all__ = ["InputError"]


class InputError(click.ClickException):
    """Bad input (a name, a path, a field): printed as one line, unlike click's usage errors."""

    exit_code = 2
