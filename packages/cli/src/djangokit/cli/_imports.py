"""Imports added to a user's module where isort (ruff's ``I`` rules) would put them."""

from __future__ import annotations

import ast
import re
import sys

__all__ = ["add_import", "ensure_import"]


def ensure_import(source: str, line: str, first_party: str = "") -> str:
    """*source* with the one-line import *line* in its section (future, standard library,
    third party, *first_party*), in order: ``import x`` before ``from x import y``.

    ```python
    ensure_import("import os\\n\\nfrom django import forms\\n", "import re")
    # "import os\\nimport re\\n\\nfrom django import forms\\n"
    ```
    """
    if re.search(rf"^{re.escape(line)}$", source, re.MULTILINE):
        return source
    lines = source.splitlines()
    try:
        body = ast.parse(source).body
    except SyntaxError:
        body = []
    imports = [node for node in body if isinstance(node, ast.Import | ast.ImportFrom)]
    new = ast.parse(line).body[0]
    assert isinstance(new, ast.Import | ast.ImportFrom)
    section, key = _section(new, first_party), _key(new)
    same = [node for node in imports if _section(node, first_party) == section]
    before = [node for node in imports if _section(node, first_party) < section]
    after = [node for node in imports if _section(node, first_party) > section]
    if same:
        later = [node for node in same if _key(node) > key]
        at = later[0].lineno - 1 if later else same[-1].end_lineno or 0
        added = [line]
    elif before:
        at, added = before[-1].end_lineno or 0, ["", line]
    elif after:
        at, added = after[0].lineno - 1, [line, ""]
    elif body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        at, added = body[0].end_lineno or 0, ["", line]
    else:
        at, added = 0, [line, ""] if lines else [line]
    return "\n".join([*lines[:at], *added, *lines[at:]]) + "\n"


def add_import(source: str, module: str, name: str, first_party: str = "") -> str:
    """``from <module> import <name>``, joined (in isort's order) to an existing one-line
    import of *module*."""
    pattern = re.compile(rf"^from {re.escape(module)} import ([\w, ]+)$", re.MULTILINE)
    found = pattern.search(source)
    if found is None:
        return ensure_import(source, f"from {module} import {name}", first_party)
    names = [n.strip() for n in found.group(1).split(",") if n.strip()]
    if name not in names:
        names.append(name)
    names.sort(key=_member_key)
    return source[: found.start(1)] + ", ".join(names) + source[found.end(1) :]


def _section(node: ast.Import | ast.ImportFrom, first_party: str) -> int:
    if isinstance(node, ast.ImportFrom) and node.level:
        return 4
    module = node.module or "" if isinstance(node, ast.ImportFrom) else node.names[0].name
    top = module.partition(".")[0]
    if top == "__future__":
        return 0
    if top in sys.stdlib_module_names:
        return 1
    return 3 if first_party and top == first_party else 2


def _key(node: ast.Import | ast.ImportFrom) -> tuple[bool, str]:
    module = node.module or "" if isinstance(node, ast.ImportFrom) else node.names[0].name
    return isinstance(node, ast.ImportFrom), module.lower()


def _member_key(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return 0, name
    return (1, name) if name[:1].isupper() else (2, name)
