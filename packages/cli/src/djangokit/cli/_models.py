"""`dk add model NAME field:type...`: a Django model appended to models/, registered in admin."""

from __future__ import annotations

import pathlib
import re

import click

from djangokit.cli._crud import TAKEN_MODELS, targets, write_pages
from djangokit.cli._errors import InputError
from djangokit.cli._fields import FieldSpec, parse_field
from djangokit.cli._imports import add_import, ensure_import
from djangokit.cli._project import routes_dir

__all__ = ["model_command", "model_source", "safe_fields"]

_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def safe_fields(fields: list[FieldSpec]) -> list[FieldSpec]:
    """The fields ``serialize()`` sends: all but those whose names look secret, by the rule
    of the default model encoding (``password``, ``api_key``, ``pin_code``, …)."""
    from djangokit.core._encoding import is_sensitive

    return [field for field in fields if not is_sensitive(field.name)]


def model_source(name: str, fields: list[FieldSpec]) -> str:
    """The TypedDict and class statements ``dk add model`` appends to the models module."""
    shown = safe_fields(fields)
    lines = [f"class {name}Data(TypedDict):", f'    """A {_words(name)} as pages see it."""', ""]
    lines += ["    id: int"] + [f"    {f.key}: {f.python_type}" for f in shown]
    lines += ["", ""]
    lines += [f"class {name}(models.Model):", f'    """A {_words(name)}."""', ""]
    lines += [f"    {field.name} = {field.code}" for field in fields]
    text_fields = [f.name for f in fields if f.kind in {"str", "slug", "email"}]
    label = f"self.{text_fields[0]}" if text_fields else f'f"{_words(name)} {{self.pk}}"'
    lines += ["", "    def __str__(self) -> str:", f"        return {label}", ""]
    # What handlers send of it (`dk new` projects set strict_serialization): every field but
    # those named like secrets, a foreign key as its id.
    keys = ['"id": self.pk'] + [f'"{field.key}": self.{field.key}' for field in shown]
    lines += [f"    def serialize(self) -> {name}Data:", "        return {"]
    lines += [f"            {key}," for key in keys]
    lines += ["        }", ""]
    return "\n".join(lines)


@click.command("model")
@click.argument("name")
@click.argument("fields", nargs=-1, required=True)
@click.option(
    "--migrate", is_flag=True, help="Then run `makemigrations` and `migrate` for the new model."
)
@click.option(
    "--pages",
    is_flag=True,
    help="Also write a ModelForm and list, detail, create, edit and delete pages for it.",
)
@click.pass_context
def model_command(
    ctx: click.Context, name: str, fields: tuple[str, ...], migrate: bool, pages: bool
) -> None:
    """Add a model NAME with FIELDS to models/ and register it in the admin.

    A field is name:type[:option][?][=default]. Types: str, text, int, float, decimal,
    bool, date, datetime, email, url, slug, uuid, json, fk:Model. Options: a maximum length
    (title:str:80), digits,places (price:decimal:8,2), the model of a foreign key
    (author:fk:auth.User). ? makes a field optional (bio:text?); =value sets its default
    (votes:int=0, done:bool=true, published:datetime=now). Example:

    \b
        dk add model Post title:str:120 body:text? votes:int=0 author:fk:auth.User --pages
    """
    from djangokit.cli._manage import run_django
    from djangokit.cli._types import types_command

    if not _MODEL_NAME.match(name):
        raise InputError(f"{name!r} is not a model name: use CapWords, e.g. BlogPost.")
    if pages and name in TAKEN_MODELS:
        raise InputError(
            f"a model named {name} clashes with a name its pages use; choose another, "
            f"e.g. Web{name}."
        )
    parsed = [parse_field(spec) for spec in fields]
    names = [field.name for field in parsed]
    duplicates = sorted({n for n in names if names.count(n) > 1})
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
    if re.search(rf"^class {name}Data\b", source, re.MULTILINE):
        raise click.ClickException(f"{_show(models_py)} already defines {name}Data.")
    if pages:
        _refuse_page_clashes(package_dir, name)
    source = add_import(source, "typing", "TypedDict", package)
    source = ensure_import(source, "from django.db import models", package)
    lines = [line for field in parsed for line in field.imports]
    lines += [line for field in safe_fields(parsed) for line in field.type_imports]
    for line in dict.fromkeys(lines):
        module, _, member = line.removeprefix("from ").partition(" import ")
        source = (
            add_import(source, module, member, package)
            if member
            else ensure_import(source, line, package)
        )
    models_py.write_text(source.rstrip("\n") + "\n\n\n" + model_source(name, parsed))
    admin_py = package_dir / "admin.py"
    admin = admin_py.read_text(encoding="utf-8") if admin_py.is_file() else ""
    admin = ensure_import(admin, "from django.contrib import admin", package)
    admin = add_import(admin, f"{package}.models", name, package)
    admin_py.write_text(admin.rstrip("\n") + f"\nadmin.site.register({name})\n")
    click.echo(f"Added {name} to {_show(models_py)} and registered it in {_show(admin_py)}.")
    if pages:
        written = write_pages(package_dir, name, parsed, safe_fields(parsed))
        click.echo(
            f"Wrote {_show(written[0])} ({name}Form) and the pages under "
            + f"{_show(written[1].parent)}/."
        )
    if migrate:
        run_django(ctx, ["makemigrations", package])
        run_django(ctx, ["migrate"])
    else:
        click.echo("Next: `dk makemigrations` then `dk migrate`.")
    if pages:
        ctx.invoke(types_command)


def _refuse_page_clashes(package_dir: pathlib.Path, name: str) -> None:
    """Refuse ``--pages`` before anything is written when a file it writes exists."""
    forms_py = package_dir / "forms.py"
    forms = forms_py.read_text(encoding="utf-8") if forms_py.is_file() else ""
    if re.search(rf"^class {name}Form\b", forms, re.MULTILINE):
        raise click.ClickException(f"{_show(forms_py)} already defines {name}Form.")
    existing = [path for path in targets(package_dir / "routes", name) if path.exists()]
    if existing:
        raise click.ClickException(
            f"{_show(existing[0])} already exists; `dk add` does not overwrite files. "
            f"Remove it, or add the model without --pages."
        )


def _words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _show(path: pathlib.Path) -> str:
    try:
        return path.relative_to(pathlib.Path.cwd()).as_posix()
    except ValueError:
        return str(path)
