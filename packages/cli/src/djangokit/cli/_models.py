"""`dk add model NAME field:type...`: a Django model appended to models/, registered in admin."""

from __future__ import annotations

import ast
import keyword
import pathlib
import re

import click

from djangokit.cli._errors import InputError

__all__ = ["FIELD_TYPES", "field_line", "model_command", "model_source"]

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
_TYPE_HELP = ", ".join(FIELD_TYPES) + ", fk:Model"
_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_MODEL_REF = re.compile(r"^(?:[a-z_][a-z0-9_]*\.)?[A-Z][A-Za-z0-9]*$")


def field_line(spec: str) -> tuple[str, str]:
    """``"title:str"`` as ``("title", "models.CharField(max_length=200)")``.

    A ``?`` after the type allows empty values (``bio:text?``); ``author:fk:auth.User`` is a
    foreign key. Raises ``InputError`` with what is wrong.
    """
    name, _, kind = spec.partition(":")
    if not name.isidentifier() or keyword.iskeyword(name) or "__" in name or name.startswith("_"):
        raise InputError(f"{spec!r}: {name!r} is not a valid field name.")
    if name in {"id", "pk", "objects"}:
        raise InputError(f"{spec!r}: {name!r} is reserved by Django models.")
    optional = kind.endswith("?")
    kind = kind.removesuffix("?")
    if kind.startswith("fk:"):
        target = kind[3:]
        if not _MODEL_REF.match(target):
            raise InputError(
                f"{spec!r}: a foreign key names a model, e.g. author:fk:auth.User or post:fk:Post."
            )
        on_delete = "models.SET_NULL" if optional else "models.CASCADE"
        null = ", null=True, blank=True" if optional else ""
        return name, f'models.ForeignKey("{target}", on_delete={on_delete}{null})'
    if kind not in FIELD_TYPES:
        raise InputError(
            f"{spec!r}: write fields as name:type, type one of {_TYPE_HELP}."
            if not kind
            else f"{spec!r}: unknown field type {kind!r}; use one of {_TYPE_HELP}."
        )
    code = FIELD_TYPES[kind]
    if optional:
        extra = (
            "blank=True"
            if kind in {"str", "text", "email", "url", "slug"}
            else "null=True, blank=True"
        )
        code = code[:-1] + (", " if not code.endswith("()") else "") + extra + ")"
    return name, code


def model_source(name: str, fields: list[tuple[str, str]]) -> str:
    """The class statement ``dk add model`` appends to the models module."""
    lines = [f"class {name}(models.Model):", f'    """A {_words(name)}."""', ""]
    lines += [f"    {field} = {code}" for field, code in fields]
    text_fields = [f for f, code in fields if "CharField" in code or "SlugField" in code]
    shown = f"self.{text_fields[0]}" if text_fields else f'f"{_words(name)} {{self.pk}}"'
    lines += ["", "    def __str__(self) -> str:", f"        return {shown}", ""]
    # What handlers send of it (`dk new` projects set strict_serialization): every field but
    # a foreign key's object, which goes as its id.
    keys = ['"id": self.pk'] + [
        f'"{field}_id": self.{field}_id' if "ForeignKey" in code else f'"{field}": self.{field}'
        for field, code in fields
    ]
    lines += ["    def serialize(self) -> dict[str, object]:", "        return {"]
    lines += [f"            {key}," for key in keys]
    lines += ["        }", ""]
    return "\n".join(lines)


@click.command("model")
@click.argument("name")
@click.argument("fields", nargs=-1, required=True)
@click.option(
    "--migrate", is_flag=True, help="Then run `makemigrations` and `migrate` for the new model."
)
@click.pass_context
def model_command(ctx: click.Context, name: str, fields: tuple[str, ...], migrate: bool) -> None:
    """Add a model NAME with FIELDS (name:type) to models/ and register it in the admin.

    Types: str, text, int, float, decimal, bool, date, datetime, email, url, slug, uuid,
    json, fk:Model; a trailing ? makes the field optional. Example:

        dk add model Post title:str body:text published:datetime? author:fk:auth.User
    """
    from djangokit.cli._add import routes_dir
    from djangokit.cli._manage import run_django

    if not _MODEL_NAME.match(name):
        raise InputError(f"{name!r} is not a model name: use CapWords, e.g. BlogPost.")
    parsed = [field_line(spec) for spec in fields]
    duplicates = sorted({f for f, _ in parsed if [g for g, _ in parsed].count(f) > 1})
    if duplicates:
        raise InputError(f"field {duplicates[0]!r} is given twice.")
    package_dir = routes_dir(ctx)[0].parent
    package = package_dir.name
    models_py = package_dir / "models" / "__init__.py"
    if not models_py.is_file():
        models_py = package_dir / "models.py"
    source = models_py.read_text(encoding="utf-8") if models_py.is_file() else ""
    if re.search(rf"^class {name}\b", source, re.MULTILINE):
        raise click.ClickException(f"{_show(models_py)} already defines {name}.")
    if not models_py.exists():
        models_py = package_dir / "models" / "__init__.py"
        models_py.parent.mkdir(exist_ok=True)
    source = _ensure_import(source, "from django.db import models")
    models_py.write_text(source.rstrip("\n") + "\n\n\n" + model_source(name, parsed))
    admin_py = package_dir / "admin.py"
    admin = admin_py.read_text(encoding="utf-8") if admin_py.is_file() else ""
    admin = _ensure_import(admin, "from django.contrib import admin")
    admin = _add_import(admin, f"{package}.models", name)
    admin_py.write_text(admin.rstrip("\n") + f"\nadmin.site.register({name})\n")
    click.echo(f"Added {name} to {_show(models_py)} and registered it in {_show(admin_py)}.")
    if migrate:
        run_django(ctx, ["makemigrations", package])
        run_django(ctx, ["migrate"])
    else:
        click.echo("Next: `dk makemigrations` then `dk migrate`.")


def _ensure_import(source: str, line: str) -> str:
    """*source* with the import *line* after its last top-level import (or its docstring)."""
    if re.search(rf"^{re.escape(line)}$", source, re.MULTILINE):
        return source
    lines = source.splitlines()
    try:
        body = ast.parse(source).body
    except SyntaxError:
        body = []
    imports = [node for node in body if isinstance(node, ast.Import | ast.ImportFrom)]
    if imports:
        at, new = imports[-1].end_lineno or 0, [line]
    elif body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        at, new = body[0].end_lineno or 0, ["", line]
    else:
        at, new = 0, [line, ""] if lines else [line]
    return "\n".join([*lines[:at], *new, *lines[at:]]) + "\n"


def _add_import(source: str, module: str, name: str) -> str:
    """``from <module> import <name>``, joined to an existing one-line import of *module*."""
    pattern = re.compile(rf"^from {re.escape(module)} import ([\w, ]+)$", re.MULTILINE)
    found = pattern.search(source)
    if found is None:
        return _ensure_import(source, f"from {module} import {name}")
    names = [n.strip() for n in found.group(1).split(",") if n.strip()]
    if name not in names:
        names.append(name)
    return source[: found.start(1)] + ", ".join(names) + source[found.end(1) :]


def _words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _show(path: pathlib.Path) -> str:
    try:
        return path.relative_to(pathlib.Path.cwd()).as_posix()
    except ValueError:
        return str(path)
