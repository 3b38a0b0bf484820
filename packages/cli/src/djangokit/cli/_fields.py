"""Field specs of `dk add model`: ``name:type[:option][?][=default]`` parsed into model code.

```text
title:str            CharField(max_length=200)
title:str:80         CharField(max_length=80)
votes:int=0          IntegerField(default=0)
price:decimal:8,2    DecimalField(max_digits=8, decimal_places=2)
bio:text?            TextField(blank=True)           (? = optional: blank, and null if not text)
published:datetime?=now   DateTimeField(null=True, blank=True, default=timezone.now)
author:fk:auth.User  ForeignKey("auth.User", on_delete=models.CASCADE)
editor:fk:auth.User? ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
```
"""

from __future__ import annotations

import decimal
import json
import keyword
import re
from dataclasses import dataclass

from djangokit.cli._errors import InputError

__all__ = ["FIELD_TYPES", "FieldSpec", "field_line", "parse_field"]

FIELD_TYPES = {
    "str": "models.CharField(max_length=200)",
    "text": "models.TextField()",
    "int": "models.IntegerField()",
    "float": "models.FloatField()",
    "decimal": "models.DecimalField(max_digits=12, decimal_places=2)",
    "bool": "models.BooleanField(default=False)",
    "date": "models.DateField()",
    "datetime": "models.DateTimeField()",
    "email": "models.EmailField()",
    "url": "models.URLField()",
    "slug": "models.SlugField(unique=True)",
    "uuid": "models.UUIDField()",
    "json": "models.JSONField(default=dict)",
}
# Types stored as text: optional means blank=True only (Django's convention, ruff's DJ001).
TEXT_TYPES = frozenset({"str", "text", "email", "url", "slug"})
# The Python type of each kind's value (what its serialize() TypedDict says).
PYTHON_TYPES = {
    "str": "str",
    "text": "str",
    "int": "int",
    "float": "float",
    "decimal": "decimal.Decimal",
    "bool": "bool",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "email": "str",
    "url": "str",
    "slug": "str",
    "uuid": "uuid.UUID",
    "json": "object",
    "fk": "int",
}
_TYPE_HELP = ", ".join(FIELD_TYPES) + ", fk:Model"
_MODEL_REF = re.compile(r"^(?:[a-z_][a-z0-9_]*\.)?[A-Z][A-Za-z0-9]*$")
_SPEC = re.compile(
    r"^(?P<name>[^:?=]*)(?::(?P<kind>[^:?=]*)(?::(?P<option>[^?=]*))?)?(?P<optional>\?)?"
    r"(?:=(?P<default>.*))?$",
    re.DOTALL,
)
_MAX_LENGTH_TYPES = frozenset({"str", "email", "url", "slug"})
_EXAMPLES = {
    "str": "title:str:80=Untitled",
    "text": "body:text?",
    "int": "votes:int=0",
    "float": "score:float=0.5",
    "decimal": "price:decimal:8,2=0",
    "bool": "done:bool=true",
    "date": "due:date?=today",
    "datetime": "published:datetime=now",
    "email": "email:email:254",
    "url": "homepage:url?",
    "slug": "slug:slug:50",
    "uuid": "token:uuid",
    "json": "extra:json",
    "fk": "author:fk:auth.User",
}


@dataclass(frozen=True)
class FieldSpec:
    """One parsed field: ``FieldSpec.parse("votes:int=0").code`` is its model field call."""

    name: str
    kind: str
    code: str
    optional: bool = False
    default: str | None = None  # the default as typed (after ``=``), for a create form
    max_length: int | None = None
    target: str | None = None  # a foreign key's model

    @property
    def imports(self) -> list[str]:
        """The import lines the model's field needs (``timezone.now``, a ``Decimal``)."""
        needed = []
        for module in ("datetime", "decimal"):
            if f"{module}." in self.code:
                needed.append(f"import {module}")
        if "timezone.now" in self.code:
            needed.append("from django.utils import timezone")
        return needed

    @property
    def type_imports(self) -> list[str]:
        """The import lines its ``serialize()`` TypedDict entry needs."""
        module = PYTHON_TYPES[self.kind].partition(".")[0]
        return [f"import {module}"] if module in {"datetime", "decimal", "uuid"} else []

    @property
    def python_type(self) -> str:
        """The type of the value in ``serialize()``'s result (a foreign key: its id)."""
        base = PYTHON_TYPES[self.kind]
        nullable = self.optional and self.kind not in TEXT_TYPES
        return f"{base} | None" if nullable else base

    @property
    def key(self) -> str:
        """The attribute ``serialize()`` reads: ``author_id`` for a foreign key."""
        return f"{self.name}_id" if self.kind == "fk" else self.name


def parse_field(spec: str) -> FieldSpec:
    """``"votes:int=0"`` as a :class:`FieldSpec`; ``InputError`` saying which field, what is
    wrong and how to write it."""
    found = _SPEC.match(spec)
    name = found.group("name") if found else spec.partition(":")[0]
    if not name.isidentifier() or keyword.iskeyword(name) or "__" in name or name.startswith("_"):
        _bad(spec, f"{name!r} is not a valid field name (a Python identifier)", "votes:int=0")
    if name in {"id", "pk", "objects"}:
        _bad(spec, f"{name!r} is reserved by Django models", f"{name}_:int")
    if found is None:  # text after the ? of an optional field
        _bad(
            spec,
            "write name:type[:option][?][=default], the ? last but for a default",
            f"{name}:int?=0",
        )
    assert found is not None
    kind = found.group("kind")
    option = found.group("option")
    optional = bool(found.group("optional"))
    default = found.group("default")
    if not kind:
        _bad(spec, f"write fields as name:type, type one of {_TYPE_HELP}", f"{name}:str")
    if kind == "fk":
        return _foreign_key(spec, name, option, optional, default)
    if kind not in FIELD_TYPES:
        _bad(spec, f"unknown field type {kind!r}; use one of {_TYPE_HELP}", f"{name}:str")
    example = _EXAMPLES[kind].replace(_EXAMPLES[kind].partition(":")[0], name, 1)
    call, _, inner = FIELD_TYPES[kind].partition("(")
    args = [a for a in inner.removesuffix(")").split(", ") if a]
    max_length = 200 if kind == "str" else None
    if option is not None:
        if kind in _MAX_LENGTH_TYPES:
            if not option.isdigit() or not 0 < int(option) <= 100_000:
                _bad(spec, f"{option!r} is not a maximum length (a whole number > 0)", example)
            max_length = int(option)
            args = [f"max_length={max_length}"] + [a for a in args if "max_length" not in a]
        elif kind == "decimal":
            digits, _, places = option.partition(",")
            if not (digits.isdigit() and places.isdigit() and 0 < int(digits) >= int(places)):
                _bad(spec, f"{option!r} is not digits,places for a decimal", example)
            args = [f"max_digits={int(digits)}", f"decimal_places={int(places)}"]
        else:
            _bad(spec, f"{_a(kind)} field takes no :{option} option", example)
    if optional:
        args = [a for a in args if a != "default=False"]
        args.append("blank=True" if kind in TEXT_TYPES else "null=True, blank=True")
    if default is not None:
        args = [a for a in args if not a.startswith("default=")]
        args.append(f"default={_default(spec, kind, default, example)}")
    code = f"{call}({', '.join(args)})"
    return FieldSpec(
        name,
        kind,
        code,
        optional=optional,
        default=default,
        max_length=max_length,
    )


def field_line(spec: str) -> tuple[str, str]:
    """``"title:str"`` as ``("title", "models.CharField(max_length=200)")``."""
    field = parse_field(spec)
    return field.name, field.code


def _foreign_key(
    spec: str, name: str, target: str | None, optional: bool, default: str | None
) -> FieldSpec:
    example = f"{name}:fk:auth.User (or {name}:fk:Post?, optional)"
    if not target or not _MODEL_REF.match(target):
        _bad(spec, "a foreign key names a model, app_label.Model or Model", example)
    if default is not None:
        _bad(spec, "a foreign key takes no default", example)
    assert target is not None
    # A required reference goes with what it points to; an optional one is cleared.
    on_delete = "models.SET_NULL, null=True, blank=True" if optional else "models.CASCADE"
    code = f'models.ForeignKey("{target}", on_delete={on_delete})'
    return FieldSpec(name, "fk", code, optional=optional, target=target)


def _default(spec: str, kind: str, value: str, example: str) -> str:
    """The Python expression of *value* as a default of a *kind* field."""
    if kind in TEXT_TYPES:
        return json.dumps(value, ensure_ascii=False)
    if kind == "int" and re.fullmatch(r"-?\d+", value):
        return str(int(value))
    if kind == "float" and re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", value):
        return repr(float(value))
    if kind == "decimal":
        try:
            number = decimal.Decimal(value)
        except decimal.InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return f'decimal.Decimal("{number}")'
    if kind == "bool" and value.lower() in {"true", "false", "1", "0", "yes", "no"}:
        return str(value.lower() in {"true", "1", "yes"})
    if kind == "datetime" and value == "now":
        return "timezone.now"
    if kind == "date" and value == "today":
        return "datetime.date.today"
    allowed = {
        "int": "a whole number",
        "float": "a number",
        "decimal": "a decimal number",
        "bool": "true or false",
        "datetime": "now",
        "date": "today",
    }
    if kind not in allowed:
        _bad(spec, f"{_a(kind)} field takes no default", example)
    if value.endswith("?"):
        _bad(spec, "write the ? of an optional field before the =", example)
    _bad(spec, f"{value!r} is not {_a(kind)} default: use {allowed[kind]}", example)
    raise AssertionError  # unreachable: _bad raises


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _bad(spec: str, problem: str, example: str) -> None:
    raise InputError(f"field {spec!r}: {problem}. For example: {example}")
