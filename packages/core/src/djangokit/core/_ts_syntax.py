"""TypeScript syntax for the declarations DjangoKit writes: object types, unions, literals."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["array", "literal", "names", "object_type", "property_key", "unknown"]

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def object_type(fields: list[tuple[str, str, bool]]) -> str:
    if not fields:
        return "{}"
    lines = "".join(f"  {property_key(k)}{'?' if opt else ''}: {t};\n" for k, t, opt in fields)
    return "{\n" + lines + "}"


def names(values: Iterable[str]) -> str:
    """A union of string literals: ``"title" | "body"``."""
    return " | ".join(json.dumps(name) for name in values)


def property_key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else json.dumps(name)


def array(item: str) -> str:
    return f"({item})[]" if _is_union(item) else f"{item}[]"


def _is_union(text: str) -> bool:
    """Whether *text* has a ``|`` outside brackets, strings and comments."""
    depth, i, quote = 0, 0, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char == '"':
            quote = char
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 1
        elif char in "<([{":
            depth += 1
        elif char in ">)]}":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


def literal(value: Any) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value)
    return "unknown"


def unknown(why: str) -> str:
    return f"unknown /* {why.replace('*/', '* /')} */"
