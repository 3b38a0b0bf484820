"""`json_schema` and the option tables of ``docs/settings.md``.

``docs/settings.md`` includes `fields_markdown` between ``<!-- fields:start -->``
and ``<!-- fields:end -->``; ``python packages/settings/scripts/update_docs.py``
rewrites it and a test checks it is up to date.
"""

from __future__ import annotations

import json
from typing import Any

from ._models import DjangoKitSettings

__all__ = ["fields_markdown", "json_schema"]


def json_schema() -> dict[str, Any]:
    """The JSON schema of the ``[djangokit]`` table (`DjangoKitSettings`).

    Every field carries its docstring as ``description``; editors that read
    JSON schemas for TOML (Taplo, Even Better TOML) can use it for completion.
    """
    schema = DjangoKitSettings.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def fields_markdown() -> str:
    """Markdown tables of every ``[djangokit]`` option, generated from the schema."""
    schema = json_schema()
    defs = schema.get("$defs", {})
    sections = [("djangokit", schema)]
    for name, prop in schema["properties"].items():
        ref = prop.get("$ref", "")
        if ref.startswith("#/$defs/"):
            sections.append((f"djangokit.{name}", defs[ref.removeprefix("#/$defs/")]))
    out: list[str] = []
    for table, model in sections:
        out += [
            f"#### `[{table}]`",
            "",
            "| key | type | default | description |",
            "|---|---|---|---|",
        ]
        for name, prop in model["properties"].items():
            if "$ref" in prop:
                kind, default = "table", "see below"
            else:
                kind, default = _type(prop), _default(prop)
            text = " ".join(prop.get("description", "").split()).replace("|", "\\|")
            out.append(f"| `{name}` | {kind} | {default} | {text} |")
        out.append("")
    return "\n".join(out)


def _type(prop: dict[str, Any]) -> str:
    if "anyOf" in prop:
        return " or ".join(_type(option) for option in prop["anyOf"])
    if "enum" in prop:
        return " or ".join(f'`"{value}"`' for value in prop["enum"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    kind = prop.get("type", "any")
    names = {"integer": "integer", "number": "number", "boolean": "boolean", "null": "unset"}
    text = names.get(kind, kind)
    if kind == "array":
        text = f"list of {_type(prop.get('items', {}))}"
    bounds = [
        f"{sign} {prop[key]}"
        for key, sign in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="))
        if key in prop
    ]
    return f"{text} ({', '.join(bounds)})" if bounds else text


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop:
        return "—"
    default = prop["default"]
    if default is None:
        return "unset"
    return f"`{json.dumps(default)}`"
