"""`SettingsError`: one clear, fixable message per settings problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from ._secrets import mask_url

__all__ = ["SettingsError", "closest", "describe_value"]


class SettingsError(ValueError):
    """A setting could not be read or is invalid.

    The message is one paragraph naming where the value came from (``file``: a
    path, or e.g. ``"environment variable DJANGOKIT_SSR__WORKERS"``), the dotted
    ``key`` (``"djangokit.ssr.workers"``), what was ``expected``, what was
    ``found`` and a ``hint`` on how to fix it. ``line`` and ``column`` are set
    for TOML syntax errors. Secret values never appear in it::

        /srv/app/settings.toml: djangokit.ssr.workers: expected a whole number
        >= 1, found 0. Change djangokit.ssr.workers in /srv/app/settings.toml ...
    """

    def __init__(
        self,
        *,
        file: str | None,
        key: str | None,
        expected: str,
        found: str,
        hint: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.file = file
        self.key = key
        self.expected = expected
        self.found = found
        self.hint = hint
        self.line = line
        self.column = column
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.file or "settings"
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        key = f" {self.key}:" if self.key else ""
        text = f"{where}:{key} expected {self.expected}, found {self.found}."
        if self.hint:
            text += f" {self.hint}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only __init__: rebuild from attributes so the error pickles
        # (multiprocessing, pytest-xdist) like any ValueError.
        return (_rebuild, (self.__class__, self.__dict__.copy()))


def _rebuild(cls: type[SettingsError], attrs: dict[str, Any]) -> SettingsError:
    fields = ("file", "key", "expected", "found", "hint", "line", "column")
    return cls(**{name: attrs[name] for name in fields})


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (case-insensitively), if any is close."""
    options = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return options[match[0]] if match else None


def describe_value(value: Any, *, secret: bool = False) -> str:
    """A short description of ``value`` for an error message.

    Containers are described by kind only, long strings are cut, and a
    ``secret`` value is never shown.
    """
    if secret:
        return "a value (not shown, it is secret)"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        shown = mask_url(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{shown!r} (a string)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"
