"""`SettingsError`: one clear, fixable message per settings problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from ._secrets import mask_text

__all__ = ["SettingsError", "SettingsWarning", "closest", "describe_value"]


class SettingsError(ValueError):
    """A setting could not be read or is invalid.

    The message is one paragraph naming where the value came from (``file``: a
    path, or e.g. ``"environment variable DJANGOKIT_SSR__WORKERS"``), the dotted
    ``key`` (``"djangokit.ssr.workers"``), what was ``expected``, what was
    ``found`` and a ``hint`` on how to fix it. ``line`` and ``column`` are set
    for TOML syntax errors. Secret values never appear in it::

        /srv/app/settings.toml: djangokit.ssr.workers: expected a whole number
        >= 1, found 0. Change djangokit.ssr.workers in /srv/app/settings.toml ...

    When loading finds several problems they are all reported at once: ``problems`` lists
    them (each a `SettingsError` with its own file and key), the message has one line per
    problem, and the attributes above are those of the first.
    """

    problems: tuple[SettingsError, ...]

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
        self.problems = (self,)
        super().__init__(self._message())

    @classmethod
    def of(cls, problems: Iterable[SettingsError]) -> SettingsError | None:
        """One error reporting every problem in ``problems`` (flattened), or None if none."""
        found = [one for problem in problems for one in problem.problems]
        if len(found) <= 1:
            return found[0] if found else None
        first = found[0]
        error = cls(
            file=first.file,
            key=first.key,
            expected=first.expected,
            found=first.found,
            hint=first.hint,
            line=first.line,
            column=first.column,
        )
        error.problems = tuple(found)
        error.args = (f"{len(found)} problems:\n" + "\n".join(str(p) for p in found),)
        return error

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
        attrs = self.__dict__.copy()
        attrs["problems"] = self.problems[1:] and self.problems
        return (_rebuild, (self.__class__, attrs))


def _rebuild(cls: type[SettingsError], attrs: dict[str, Any]) -> SettingsError:
    if attrs["problems"]:
        combined = cls.of(attrs["problems"])
        assert combined is not None
        return combined
    fields = ("file", "key", "expected", "found", "hint", "line", "column")
    return cls(**{name: attrs[name] for name in fields})


class SettingsWarning(UserWarning):
    """A setting that loads but is probably a mistake, such as a misspelt Django setting::

        /srv/app/settings.toml: django.SESSION_COOKIE_SECUR: SESSION_COOKIE_SECUR is not a
        Django setting. Did you mean SESSION_COOKIE_SECURE?

    ``load()`` issues it with `warnings.warn` and lists it in ``LoadedSettings.warnings``;
    ``file`` and ``key`` say where, ``suggestion`` is the likely intended name.
    """

    def __init__(self, *, file: str, key: str, message: str, suggestion: str) -> None:
        self.file = file
        self.key = key
        self.suggestion = suggestion
        super().__init__(f"{file}: {key}: {message}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_warning, (self.__class__, self.__dict__.copy(), str(self)))


def _rebuild_warning(
    cls: type[SettingsWarning], attrs: dict[str, Any], text: str
) -> SettingsWarning:
    message = text.removeprefix(f"{attrs['file']}: {attrs['key']}: ")
    return cls(
        file=attrs["file"], key=attrs["key"], message=message, suggestion=attrs["suggestion"]
    )


def closest(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice most like ``word`` (case-insensitively), if any is close."""
    options = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=cutoff)
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
        shown = mask_text(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{shown!r} (a string)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"
