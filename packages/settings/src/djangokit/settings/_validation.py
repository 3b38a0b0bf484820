"""Validating ``[djangokit]`` and mapping pydantic errors back to their source."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ._environ import kit_var
from ._errors import SettingsError, closest, describe_value
from ._models import DjangoKitSettings
from ._provenance import DEFAULTS, Layers, Origin
from ._secrets import is_secret_key

__all__ = ["validate_djangokit"]

_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dict_type": "a table",
    "path_type": "a path (a string)",
    "none_required": "nothing (null)",
}


def validate_djangokit(layers: Layers) -> tuple[DjangoKitSettings | None, list[SettingsError]]:
    """Validate the merged ``[djangokit]`` values: the settings, or a `SettingsError` for
    each bad key, naming the file or variable that set it."""
    try:
        return DjangoKitSettings.model_validate(layers.get(("djangokit",), {})), []
    except ValidationError as exc:
        return None, _to_settings_errors(exc.errors(include_url=False), layers)


def _to_settings_errors(errors: list[ErrorDetails], layers: Layers) -> list[SettingsError]:
    # A union type reports one error per member at the same key: group them.
    grouped: dict[tuple[str, ...], list[ErrorDetails]] = {}
    for error in errors:
        grouped.setdefault(_key(error["loc"]), []).append(error)
    return [_to_settings_error(path, group, layers) for path, group in grouped.items()]


def _to_settings_error(
    path: tuple[str, ...], group: list[ErrorDetails], layers: Layers
) -> SettingsError:
    origin = layers.origin(("djangokit", *path))
    dotted = ".".join(("djangokit", *path))
    first = group[0]
    if first["type"] == "extra_forbidden":
        expected, found, hint = _unknown_key(path, origin)
    else:
        expected = ", or ".join(dict.fromkeys(_expected(e) for e in group))
        found = describe_value(first["input"], secret=is_secret_key(path[-1]) if path else False)
        hint = _fix(dotted, path, expected, origin)
    return SettingsError(file=origin.label, key=dotted, expected=expected, found=found, hint=hint)


def _key(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    """The option path of an error location, without pydantic's union-member tags."""
    model: type[BaseModel] | None = DjangoKitSettings
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(str(part))
        elif model is not None:
            parts.append(part)
            field = model.model_fields.get(part)
            ann = field.annotation if field else None
            model = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
    return tuple(parts)


def _expected(error: ErrorDetails) -> str:
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    kind = error["type"]
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind == "literal_error":
        return f"one of {ctx['expected']}"
    for name, sign in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if name in ctx:
            bound = ctx[name]
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)
            return f"a number {sign} {bound}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"]).removeprefix("Input should be ")


def _unknown_key(path: tuple[str, ...], origin: Origin) -> tuple[str, str, str]:
    model: type[BaseModel] = DjangoKitSettings
    for part in path[:-1]:
        ann = model.model_fields[part].annotation
        assert isinstance(ann, type) and issubclass(ann, BaseModel)
        model = ann
    valid = [
        name for name in model.model_fields if not (model is DjangoKitSettings and name == "env")
    ]
    name = path[-1]
    table = ".".join(("djangokit", *path[:-1]))
    expected = f"a key of [{table}] ({', '.join(valid)})"
    found = f"an unknown key {name!r}"
    guess = closest(name, valid)
    if guess and origin.var and origin.var.startswith("DJANGOKIT_"):
        hint = f"Did you mean {kit_var((*path[:-1], guess))}?"
    elif guess:
        hint = f"Did you mean {guess!r}?"
    elif name.isupper() and len(path) == 1:
        hint = f"{name} looks like a Django setting: put it in the [django] table."
    else:
        hint = f"Remove {name!r} (check the spelling against the list above)."
    return expected, found, hint


def _fix(dotted: str, path: tuple[str, ...], expected: str, origin: Origin) -> str:
    if origin.var and origin.path is None:
        return f"Set {origin.var} to {expected}, or unset it."
    if origin.var:
        return f"Set {origin.var} to {expected}, or change {dotted} in {origin.path}."
    if origin.path is not None:
        return f"Change {dotted} in {origin.path} to {expected}."
    if origin is DEFAULTS:
        return f"Set {dotted} to {expected}."
    return f"Pass {expected} for {'.'.join(path)}."
