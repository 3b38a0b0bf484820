"""The TOML source: ``settings.toml``, ``settings.<env>.toml``, ``settings.local.toml``."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._coercion import django_env_value, field_at, kit_env_value
from ._errors import SettingsError, closest
from ._models import DjangoKitSettings
from ._provenance import KeyPath, Layers, Origin

__all__ = ["read_toml", "toml_layer"]

_TABLES = ("django", "djangokit")
_AT = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)
_HEADER = re.compile(r"^\s*\[+\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]+")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_.\-\"']+)\s*=")
_SETTING = re.compile(r"[A-Z][A-Z0-9_]*")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file; syntax errors become a `SettingsError` with line and column."""
    try:
        text = path.read_bytes().decode("utf-8")
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, text, exc) from None
    except UnicodeDecodeError as exc:
        raise SettingsError(
            file=str(path),
            key=None,
            expected="a UTF-8 text file",
            found=f"bytes that are not UTF-8 (at byte {exc.start})",
            hint="Save the file as UTF-8.",
        ) from None
    except OSError as exc:
        raise SettingsError(
            file=str(path), key=None, expected="a readable file", found=str(exc.strerror)
        ) from None


def _syntax_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> SettingsError:
    match = _AT.match(str(exc))
    message = match["msg"] if match else str(exc)
    line = getattr(exc, "lineno", None) or (int(match["line"]) if match and match["line"] else None)
    column = getattr(exc, "colno", None) or (int(match["col"]) if match and match["col"] else None)
    hint = 'Check the TOML syntax there: text needs quotes (title = "My site").'
    if "overwrite" in message or "declare" in message:
        hint = "Each key and each [table] may appear only once per file."
    return SettingsError(
        file=str(path),
        key=_key_at(text, line) if line else None,
        expected="valid TOML",
        found=message[:1].lower() + message[1:],
        hint=hint,
        line=line,
        column=column,
    )


def _key_at(text: str, line: int) -> str | None:
    """Best guess at the dotted key written on ``line`` (1-based)."""
    lines = text.splitlines()[:line]
    if not lines:
        return None
    table = next((m[1] for m in map(_HEADER.match, reversed(lines)) if m), "")
    assign = _ASSIGN.match(lines[-1])
    parts = [p for p in (table, assign[1] if assign else "") if p]
    return ".".join(part.replace('"', "").replace("'", "") for part in parts) or None


def toml_layer(path: Path, environ: Mapping[str, str], layers: Layers) -> None:
    """Read ``path`` and write its ``[django]`` and ``[djangokit]`` tables into ``layers``."""
    data = read_toml(path)
    origin = Origin(str(path), path=path)
    for name, table in data.items():
        if name not in _TABLES or not isinstance(table, dict):
            raise SettingsError(
                file=str(path),
                key=name,
                expected="only the [django] and [djangokit] tables",
                found=f"[{name}]" if isinstance(table, dict) else f"a top-level key {name!r}",
                hint=_table_hint(name, table),
            )
    for name, value in data.get("django", {}).items():
        _check_setting_name(path, name)
        value, var = _resolve(value, path, ("django", name), environ)
        layers.set(("django", name), value, _via(origin, var))
    for name, value in data.get("djangokit", {}).items():
        if name == "env":
            raise SettingsError(
                file=str(path),
                key="djangokit.env",
                expected="no env key in a settings file",
                found=f"env = {value!r}",
                hint="The environment comes from the DJANGOKIT_ENV variable "
                "(or dk --env); remove this line.",
            )
        _merge_kit(("djangokit", name), value, path, environ, layers, origin)


def _merge_kit(
    key: KeyPath,
    value: Any,
    path: Path,
    environ: Mapping[str, str],
    layers: Layers,
    origin: Origin,
) -> None:
    """Merge a ``[djangokit]`` value key by key, resolving each env reference at its leaf
    so an error in a value read from a variable names both the file and the variable."""
    if isinstance(value, dict) and value and not _is_ref(value):
        for name, item in value.items():
            _merge_kit((*key, name), item, path, environ, layers, origin)
        return
    value, var = _resolve(value, path, key, environ)
    layers.merge(key, value, _via(origin, var))


def _is_ref(value: dict[str, Any]) -> bool:
    return "env" in value and set(value) <= {"env", "default"}


def _table_hint(name: str, value: Any) -> str:
    guess = closest(name, _TABLES)
    if guess and (isinstance(value, dict) or name in _TABLES):
        return f"Did you mean [{guess}]?"
    if name in DjangoKitSettings.model_fields:
        return f"Move {name} under the [djangokit] table."
    if _SETTING.fullmatch(name):
        return f"Move {name} under the [django] table."
    return "Django settings go in [django], DjangoKit options in [djangokit]."


def _via(origin: Origin, var: str | None) -> Origin:
    if var is None:
        return origin
    return Origin(f"{origin.label} (via environment variable {var})", path=origin.path, var=var)


def _check_setting_name(path: Path, name: str) -> None:
    if _SETTING.fullmatch(name) and name != "DJANGOKIT":
        return
    if name == "DJANGOKIT" or name in DjangoKitSettings.model_fields:
        hint = f"{name!r} is not a Django setting: put DjangoKit options in the [djangokit] table."
    else:
        hint = f"Django settings are upper-case: write {name.upper()} = ..."
    raise SettingsError(
        file=str(path),
        key=f"django.{name}",
        expected="an upper-case Django setting name, like DEBUG",
        found=repr(name),
        hint=hint,
    )


def _resolve(
    value: Any, path: Path, key: KeyPath, environ: Mapping[str, str]
) -> tuple[Any, str | None]:
    """``value`` with every ``{ env = "NAME", default = ... }`` replaced by its value.

    Returns the value and, when ``value`` itself was such a table, the variable's
    name if it was set (so errors can point at both the file and the variable).
    """
    if isinstance(value, list):
        items = [_resolve(item, path, (*key, str(i)), environ)[0] for i, item in enumerate(value)]
        return items, None
    if not isinstance(value, dict):
        return value, None
    if not _is_ref(value):
        return {k: _resolve(v, path, (*key, k), environ)[0] for k, v in value.items()}, None
    var = value["env"]
    dotted = ".".join(key)
    if not isinstance(var, str) or not var:
        raise SettingsError(
            file=str(path),
            key=dotted,
            expected='the name of an environment variable: { env = "NAME" }',
            found=f"env = {var!r}",
        )
    if var not in environ:
        if "default" in value:
            return value["default"], None
        raise SettingsError(
            file=str(path),
            key=dotted,
            expected=f"the environment variable {var} to be set",
            found="it is not set",
            hint=f'Set {var}, or give a fallback: {{ env = "{var}", default = ... }}.',
        )
    return _typed(environ[var], key, value.get("default")), var


def _typed(raw: str, key: KeyPath, default: Any) -> Any:
    """Read ``raw`` as the type of what it fills (see `kit_env_value`, `django_env_value`)."""
    if key[0] == "djangokit":
        # A value inside a list has no field of its own: keep the text.
        return kit_env_value(key[1:], raw) if field_at(key[1:]) is not None else raw
    if isinstance(default, str):
        return raw  # a text default says the value is text
    return django_env_value(key[-1], raw)
