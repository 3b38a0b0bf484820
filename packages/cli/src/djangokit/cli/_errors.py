"""Errors as `dk` prints them: one ``Error: ...`` line, never a traceback (unless ``-v``)."""

from __future__ import annotations

import pathlib
import traceback

import click

__all__ = ["InputError", "describe", "hint"]


class InputError(click.ClickException):
    """Bad input (a name, a path, a field): printed as one line, unlike click's usage errors."""

    exit_code = 2


# Messages of errors that a missing package causes, and what to install.
_HINTS = (
    (
        "Error loading psycopg2 or psycopg module",
        "PostgreSQL needs a driver: pip install 'psycopg[binary]'",
    ),
    ("Error loading MySQLdb module", "MySQL needs a driver: pip install mysqlclient"),
)


def hint(message: str) -> str:
    """*message* with what to install when it is an error a missing package causes.

    ```python
    hint("Error loading psycopg2 or psycopg module")
    # "Error loading psycopg2 or psycopg module. PostgreSQL needs a driver: pip install ..."
    ```
    """
    for known, advice in _HINTS:
        if known in message and advice not in message:
            return f"{message.rstrip('.')}. {advice}."
    return message


def describe(error: BaseException, project: pathlib.Path | None = None) -> str:
    """One line for an unexpected *error*: where (the innermost line of the project's own
    code, else the innermost line) and what.

    ```python
    describe(error)  # "src/mysite/models/__init__.py:3: ModuleNotFoundError: No module ..."
    ```
    """
    if isinstance(error, SyntaxError) and error.filename:
        where = f"{_show(error.filename, project)}:{error.lineno}"
        what = f"{type(error).__name__}: {error.msg}"
    else:
        frames = traceback.extract_tb(error.__traceback__)
        own = [f for f in frames if project is not None and _below(f.filename, project)]
        last = own or frames
        where = f"{_show(last[-1].filename, project)}:{last[-1].lineno}" if last else ""
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    notes = [str(note) for note in getattr(error, "__notes__", ())]
    text = " ".join(" ".join([what, *notes]).split())
    return hint(f"{where}: {text}" if where else text)


def _below(filename: str, project: pathlib.Path) -> bool:
    path = pathlib.Path(filename)
    return path.is_absolute() and path.is_relative_to(project) and ".venv" not in path.parts


def _show(filename: str, project: pathlib.Path | None) -> str:
    path = pathlib.Path(filename)
    if project is not None and path.is_absolute() and path.is_relative_to(project):
        return path.relative_to(project).as_posix()
    return filename
