"""Django forms as a handler's answer (docs/forms.md).

A handler returns its bound form when validation failed, or raises `ValidationError`; both
become status 400 with the same action data, for the page and for JSON clients alike:

```python
{"errors": {"title": [{"message": "This field is required.", "code": "required"}]},
 "values": {"title": "", "body": "what the visitor typed"}}
```

`errors` is Django's own `form.errors.get_json_data()`; `values` gives the inputs back what
was typed, less passwords and files, which a page must never echo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorList
from django.http import HttpRequest, QueryDict

from ._encoding import is_sensitive

__all__ = [
    "FORM_STATUS",
    "form_data",
    "form_fields",
    "is_echoed",
    "is_multiple",
    "validation_error_data",
]

FORM_STATUS = 400
"""The status of an answer with form errors."""


def is_echoed(field: forms.Field) -> bool:
    """Whether the field's submitted value goes back in `values`: not for password inputs
    (`PasswordInput`) nor file inputs (`FileInput`, `ClearableFileInput`)."""
    return not isinstance(field.widget, forms.PasswordInput | forms.FileInput)


def is_multiple(field: forms.Field) -> bool:
    """Whether the field submits a list (`<select multiple>`, several checkboxes)."""
    return bool(getattr(field.widget, "allow_multiple_selected", False))


def form_fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The fields a form class declares (`base_fields`; fields added in `__init__` are not
    known before an instance exists)."""
    fields: Mapping[str, forms.Field] = getattr(form_class, "base_fields", {})
    return dict(fields)


def _values(data: Any, fields: Mapping[str, forms.Field], prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, field in fields.items():
        key = f"{prefix}-{name}" if prefix else name
        if not is_echoed(field) or not isinstance(data, Mapping) or key not in data:
            continue
        if isinstance(data, QueryDict):
            values[name] = data.getlist(key) if is_multiple(field) else data.get(key)
        else:
            values[name] = data[key]
    return values


def form_data(form: forms.BaseForm, *, handler: str = "The handler") -> dict[str, Any]:
    """The action data of an invalid bound *form*; a `TypeError` for an unbound or a valid
    one, which the handler should have acted on."""
    name = type(form).__name__
    if not form.is_bound:
        raise TypeError(
            f"{handler} returned an unbound {name}. Return a form only after validating "
            f"submitted data ({name}(request.data)); for a page's data return a dict."
        )
    if form.is_valid():
        raise TypeError(
            f"{handler} returned a valid {name}, which answers nothing. Save it and return "
            f'redirect(...) (e.g. form.save(); return redirect(".")), or return the data to '
            f"show; a returned form means its errors (status 400)."
        )
    return {
        "errors": form.errors.get_json_data(),
        "values": _values(form.data, form.fields, form.prefix or ""),
    }


def _json_errors(errors: list[ValidationError]) -> list[dict[str, str]]:
    return ErrorList(errors).get_json_data()


def _submitted(request: HttpRequest) -> dict[str, Any]:
    data = getattr(request, "data", None)
    if not isinstance(data, Mapping):
        return {}
    values: dict[str, Any] = {}
    for key in data:
        if not isinstance(key, str) or is_sensitive(key):  # no form says which are passwords
            continue
        if isinstance(data, QueryDict):
            items = data.getlist(key)
            values[key] = items[0] if len(items) == 1 else items
        else:
            values[key] = data[key]
    return values


def validation_error_data(exc: ValidationError, request: HttpRequest) -> dict[str, Any]:
    """The action data of a `ValidationError` raised by a handler: per field for a dict
    error, under `"__all__"` otherwise; `values` are the submitted data less any name that
    looks secret (`is_sensitive`, the model encoding's rule: there is no form to say which
    are passwords)."""
    if hasattr(exc, "error_dict"):
        errors = {field: _json_errors(items) for field, items in exc.error_dict.items()}
    else:
        errors = {NON_FIELD_ERRORS: _json_errors(exc.error_list)}
    return {"errors": errors, "values": _submitted(request)}
