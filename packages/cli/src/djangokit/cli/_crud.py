"""`dk add model --pages`: list, detail, create, edit and delete pages on a ModelForm.

```text
routes/questions/            list, paginated          handlers.py + page.tsx
routes/questions/new/        create                   post -> QuestionForm | HttpResponse
routes/questions/_id/        detail
routes/questions/_id/edit/   edit                     get + post -> QuestionForm | HttpResponse
routes/questions/_id/delete/ confirm (get), delete (post)
forms.py                     class QuestionForm(forms.ModelForm)
```
"""

from __future__ import annotations

import keyword
import pathlib
import re

from djangokit.cli._fields import FieldSpec
from djangokit.cli._imports import add_import, ensure_import
from djangokit.cli._templates import render_file

__all__ = [
    "PER_PAGE",
    "TAKEN_MODELS",
    "plural",
    "route_name",
    "snake",
    "targets",
    "variable",
    "write_pages",
]

PER_PAGE = 20
# The routes of the set: (directory below routes/<name>/, template).
_ROUTES = (
    ((), "list"),
    (("new",), "new"),
    (("_id",), "detail"),
    (("_id", "edit"), "edit"),
    (("_id", "delete"), "delete"),
)
# <input type=…> by field kind; text and json get a <textarea>.
_INPUT_TYPES = {
    "int": "number",
    "float": "number",
    "decimal": "number",
    "date": "date",
    "datetime": "datetime-local",
    "email": "email",
    "url": "url",
    "fk": "number",
}


# Names the generated handlers and pages use themselves: a model's variable is never one of
# them (a model `Page` is `page_obj`, as in Django's own views).
_TAKEN_VARS = frozenset(
    {"request", "form", "page", "pages", "paginator", "count", "id", "busy", "action", "text"}
    | {"show", "meta", "delete", "new", "default", "function", "var", "let", "const", "this"}
    | {"case", "switch", "enum", "void", "typeof", "instanceof", "super", "export", "import"}
)
# Class names the generated handlers import or define.
TAKEN_MODELS = frozenset({"Page", "PageData", "Paginator", "HttpResponse", "TypedDict"})


def variable(model: str) -> str:
    """A model's variable in the handlers and pages: ``BlogPost`` → ``blog_post``."""
    var = snake(model)
    return f"{var}_obj" if var in _TAKEN_VARS or keyword.iskeyword(var) else var


def snake(name: str) -> str:
    """``BlogPost`` as ``blog_post``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def plural(word: str) -> str:
    """``question`` → ``questions``, ``category`` → ``categories``, ``box`` → ``boxes``."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def route_name(model: str) -> str:
    """The routes directory of *model*'s pages: ``BlogPost`` → ``blog_posts``."""
    return plural(snake(model))


def targets(routes: pathlib.Path, model: str) -> list[pathlib.Path]:
    """Every route file ``write_pages`` writes (to refuse before writing any)."""
    base = routes / route_name(model)
    return [base.joinpath(*parts, name) for parts, _ in _ROUTES for name in _FILES]


_FILES = ("handlers.py", "page.tsx")


def write_pages(
    package_dir: pathlib.Path, model: str, fields: list[FieldSpec], shown: list[FieldSpec]
) -> list[pathlib.Path]:
    """Write the form and the pages; the files written. *shown*: what ``serialize()`` sends
    (the detail page shows it, the edit page starts from it)."""
    name = route_name(model)
    var = variable(model)
    words = snake(model).replace("_", " ")
    label_field = next((f for f in shown if f.kind in {"str", "slug", "email"}), None)
    # How pages name one: its first text field, else "Question 3".
    fallback = f"{words.capitalize()} {{{var}.id}}"
    label = fallback
    if label_field and label_field.optional:  # blank: say which one it is
        label = f"{{{var}.{label_field.name} || `{words.capitalize()} ${{{var}.id}}`}}"
    elif label_field:
        label = f"{{{var}.{label_field.name}}}"
    values = {
        "package": package_dir.name,
        "model": model,
        "var": var,
        "plural_var": plural(var),
        "words": words,
        "words_plural": plural(words),
        "title": words.capitalize(),
        "titles": plural(words).capitalize(),
        "route": name,
        "url": name,
        "per_page": str(PER_PAGE),
        "form_fields": ", ".join(f'"{f.name}"' for f in fields) + ("," if len(fields) == 1 else ""),
    }
    written = [_write_form(package_dir, values)]
    routes = package_dir / "routes" / name
    for parts, kind in _ROUTES:
        directory = routes.joinpath(*parts)
        directory.mkdir(parents=True, exist_ok=True)
        page_values = dict(values, label=label)
        if kind == "detail":
            page_values["rows"] = "".join(_row(var, f) for f in shown)
        if kind in {"new", "edit"}:
            page_values.update(_form_parts(var, fields, edit=kind == "edit"))
        for target, template in (("handlers.py", "py"), ("page.tsx", "tsx")):
            path = directory / target
            path.write_text(render_file(f"crud/{kind}.{template}", page_values), encoding="utf-8")
            written.append(path)
    return written


def _write_form(package_dir: pathlib.Path, values: dict[str, str]) -> pathlib.Path:
    package = values["package"]
    forms_py = package_dir / "forms.py"
    source = (
        forms_py.read_text(encoding="utf-8")
        if forms_py.is_file()
        else ('"""The project\'s forms. `dk add model --pages` appends here."""\n')
    )
    source = ensure_import(source, "from django import forms", package)
    source = add_import(source, f"{package}.models", values["model"], package)
    code = render_file("crud/forms.py", values)
    forms_py.write_text(source.rstrip("\n") + "\n\n\n" + code, encoding="utf-8")
    return forms_py


def _row(var: str, field: FieldSpec) -> str:
    label = field.name.replace("_", " ").capitalize()
    return f"        <dt>{label}</dt>\n        <dd>{{show({var}.{field.key})}}</dd>\n"


def _form_parts(var: str, fields: list[FieldSpec], *, edit: bool) -> dict[str, str]:
    """The inputs of a create or edit page, its runtime imports and hooks."""
    imports = {"FieldErrors", "Form", "Link", "useField", "useNavigation"}
    if edit:
        imports.add("useData")
    checkboxes = [f for f in fields if f.kind == "bool" and not f.optional]
    hooks = ""
    if checkboxes:
        imports.add("useActionData")
        hooks = "  const action = useActionData<ActionData>();\n"
    inputs = "".join(_input(var, field, edit) for field in fields)
    return {
        "runtime_imports": ", ".join(sorted(imports, key=str.lower)),
        "hooks": hooks,
        "fields": inputs,
    }


def _input(var: str, field: FieldSpec, edit: bool) -> str:
    name = field.name
    label = name.replace("_", " ").capitalize() + (" (id)" if field.kind == "fk" else "")
    ident = f"id_{name}"
    stored = f"{var}.{field.key}"
    if field.kind == "bool" and not field.optional:
        fallback = f"{stored}" if edit else str(field.default in {"true", "1", "yes"}).lower()
        control = (
            f'<input\n            type="checkbox"\n'
            f'            name="{name}"\n            id="{ident}"\n'
            f'            defaultChecked={{action ? action.values.{name} === "on" : {fallback}}}\n'
            f"          />"
        )
    else:
        initial = None
        if edit:
            initial = f"text({stored})"
            if field.kind == "datetime":
                initial = f"text({stored}).slice(0, 16)"  # what datetime-local shows
            if field.kind == "bool":  # optional: Django's NullBooleanSelect
                initial = f'{stored} === null ? "unknown" : String({stored})'
        elif field.default is not None and field.kind not in {"date", "datetime"}:
            initial = _js_string(field.default)
        options = f", {{ initial: {initial} }}" if initial else ""
        spread = f'{{...useField<ActionData>("{name}"{options})}}'
        if field.kind in {"text", "json"}:
            control = f'<textarea {spread} id="{ident}" />'
        elif field.kind == "bool":
            control = (
                f'<select {spread} id="{ident}">\n'
                '            <option value="unknown">Unknown</option>\n'
                '            <option value="true">Yes</option>\n'
                '            <option value="false">No</option>\n'
                "          </select>"
            )
        else:
            kind = _INPUT_TYPES.get(field.kind)
            extra = f' type="{kind}"' if kind else ""
            if field.kind in {"float", "decimal"}:
                extra += ' step="any"'
            control = f'<input {spread} id="{ident}"{extra} />'
    return (
        f"        <div>\n"
        f'          <label htmlFor="{ident}">{label}</label>\n'
        f"          {control}\n"
        f'          <FieldErrors<ActionData> name="{name}" />\n'
        f"        </div>\n"
    )


def _js_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
