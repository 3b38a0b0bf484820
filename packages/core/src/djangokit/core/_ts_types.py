"""Python types as TypeScript types: how DjangoKit's JSON encoder writes each value.

Dates, times, UUIDs and ``Decimal`` become strings, sets and tuples arrays, enums their
values, pydantic models ``model_dump(mode="json")``. Structured types (``TypedDict``,
dataclasses, pydantic models) become named ``interface`` declarations, each emitted once, so
recursive types work. :mod:`djangokit.core.typescript` writes them into ``+types.ts`` files.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import decimal
import enum
import inspect
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any

from ._ts_syntax import array, literal, names, object_type, unknown

__all__ = [
    "AnnotationError",
    "DeclarationError",
    "TypeScriptEmitter",
    "python_type_to_ts",
]

_STRING_TYPES: tuple[type, ...] = (
    str,
    datetime.datetime,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
    decimal.Decimal,
)
_ARRAY_ORIGINS: tuple[Any, ...] = (
    list,
    set,
    frozenset,
    collections.abc.Sequence,
    collections.abc.MutableSequence,
    collections.abc.Set,
    collections.abc.MutableSet,
    collections.abc.Iterable,
    collections.abc.Iterator,
    collections.abc.Collection,
    collections.abc.Generator,
)
_MAPPING_ORIGINS: tuple[Any, ...] = (
    dict,
    collections.abc.Mapping,
    collections.abc.MutableMapping,
)


# Names every declaration file exports; a user class of the same name gets a suffix.
class DeclarationError(ValueError):
    """The declarations cannot be written; the message says which file and why."""


class AnnotationError(DeclarationError):
    """A return annotation that cannot be resolved (a forward reference to an undefined
    name, a typo); the message names the function and its file."""


class _NoData:
    """Marks a type that carries no route data: responses, redirects, problems."""


class _FieldError:
    """Stands for one message of Django's ``form.errors.get_json_data()``."""


class TypeScriptEmitter:
    """Turns Python annotations into TypeScript type expressions, collecting the named
    ``interface``/``type`` declarations they refer to in :attr:`declarations`."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self.declarations: dict[str, str] = {}
        self.names: dict[Any, str] = {}
        self._reserved = set(reserved)

    def emit(self, tp: Any) -> str:
        """The TypeScript type of values annotated *tp*, as the JSON encoder writes them."""
        text = self._ts(tp)
        return "unknown" if text is None else text

    def name_for(self, tp: Any, preferred: str | None = None) -> str:
        """The declaration name of the class *tp*, unique in this emitter."""
        name = self.names.get(tp)
        if name is not None:
            return name
        taken = set(self.names.values())
        if preferred is not None and preferred not in taken:
            self.names[tp] = preferred
            return preferred
        base = preferred if preferred is not None else str(getattr(tp, "__name__", "Type"))
        name, n = base, 1
        while name in self._reserved or name in taken:
            n += 1
            name = f"{base}_{n}"
        self.names[tp] = name
        return name

    def emit_data(self, tp: Any) -> str | None:
        """Like :meth:`emit`, but ``None`` when *tp* carries no data (a response, a redirect,
        a ``Problem``); a union leaves such members out."""
        return self._ts(tp)

    def _ts(self, tp: Any) -> str | None:
        if tp is None or tp is type(None):
            return "null"
        if tp is Any or tp is object:
            return "unknown"
        if isinstance(tp, str | typing.ForwardRef):
            return unknown(f"unresolved annotation {tp!r}")
        if isinstance(tp, typing.TypeVar):
            return "unknown"
        if type(tp).__name__ == "TypeAliasType":  # `type X = ...` (3.12+)
            return self._ts(tp.__value__)
        supertype = getattr(tp, "__supertype__", None)  # NewType
        if supertype is not None:
            return self._ts(supertype)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            return self._ts(args[0])
        if origin in (typing.Required, typing.NotRequired, typing.ClassVar, typing.Final):
            return self._ts(args[0])
        if origin is typing.Union or origin is types.UnionType:
            return self._union(args)
        if origin is typing.Literal:
            return " | ".join(dict.fromkeys(literal(v) for v in args))
        if origin is tuple:
            return self._tuple(args)
        if origin in _ARRAY_ORIGINS:
            return array(self.emit(args[0]) if args else "unknown")
        if origin in _MAPPING_ORIGINS:
            value = self.emit(args[1]) if len(args) == 2 else "unknown"
            return f"Record<string, {value}>"
        if origin is type:
            return unknown("a class")
        if origin is not None and isinstance(origin, type):
            return self._class(origin, args)
        if isinstance(tp, type):
            return self._class(tp, ())
        return unknown(f"unsupported annotation {_describe(tp)}")

    def _union(self, args: tuple[Any, ...]) -> str | None:
        members = [m for m in (self._ts(a) for a in args) if m is not None]
        if not members:
            return None
        return " | ".join(dict.fromkeys(members))

    def _tuple(self, args: tuple[Any, ...]) -> str:
        if not args:
            return "unknown[]"
        if len(args) == 2 and args[1] is Ellipsis:
            return array(self.emit(args[0]))
        if args == ((),):  # tuple[()]
            return "[]"
        return "[" + ", ".join(self.emit(a) for a in args) + "]"

    def _class(self, cls: type, args: tuple[Any, ...]) -> str | None:
        if _is_response(cls):
            return None
        if cls is bool:
            return "boolean"
        if cls in (int, float):
            return "number"
        if issubclass(cls, enum.Enum):
            values = [literal(member.value) for member in cls]
            return " | ".join(dict.fromkeys(values)) or "never"
        if issubclass(cls, _STRING_TYPES):
            return "string"
        if cls in (bytes, bytearray, memoryview):
            return unknown("bytes are not JSON")
        if typing.is_typeddict(cls) or _is_typeddict(cls):
            return self._named(cls, self._typeddict)
        if dataclasses.is_dataclass(cls):
            return self._named(cls, self._dataclass)
        if _is_pydantic(cls):
            return self._named(cls, self._pydantic)
        if issubclass(cls, tuple) and hasattr(cls, "_fields"):  # NamedTuple: a JSON array
            hints = _hints(cls)
            return "[" + ", ".join(self.emit(hints.get(f, Any)) for f in cls._fields) + "]"
        if _is_model(cls):
            return self._model(cls)
        if _is_form(cls):
            return self._named(cls, self._form)
        if _is_queryset(cls):
            return array(self.emit(args[0]) if args else "unknown")
        if issubclass(cls, list | set | frozenset):
            return "unknown[]"
        if issubclass(cls, dict):
            return "Record<string, unknown>"
        if issubclass(cls, tuple):
            return "unknown[]"
        return unknown(f"no JSON type for {_describe(cls)}")

    def _named(self, cls: type, body: Callable[[type], str]) -> str:
        name = self.name_for(cls)
        if name not in self.declarations:
            self.declarations[name] = ""  # placeholder: keeps the order, stops recursion
            self.declarations[name] = f"export interface {name} {body(cls)}"
        return name

    def _typeddict(self, cls: type) -> str:
        hints = _hints(cls, extras=True)
        required = set(getattr(cls, "__required_keys__", hints))
        fields = []
        for key, hint in hints.items():
            origin = typing.get_origin(hint)
            optional = key not in required
            if origin is typing.NotRequired:
                optional = True
            elif origin is typing.Required:
                optional = False
            fields.append((key, self.emit(hint), optional))
        return object_type(fields)

    def _dataclass(self, cls: type) -> str:
        hints = _hints(cls)
        fields = [
            (f.name, self.emit(hints.get(f.name, Any)), False) for f in dataclasses.fields(cls)
        ]
        return object_type(fields)

    def _pydantic(self, cls: Any) -> str:
        by_alias = bool(cls.model_config.get("serialize_by_alias", False))
        fields = []
        for name, info in cls.model_fields.items():
            if info.exclude:
                continue
            key = (info.serialization_alias or info.alias or name) if by_alias else name
            fields.append((key, self.emit(info.annotation), False))
        for name, info in getattr(cls, "model_computed_fields", {}).items():
            key = (info.alias or name) if by_alias else name
            fields.append((key, self.emit(info.return_type), False))
        return object_type(fields)

    def _form(self, cls: type) -> str:
        """What a returned invalid form answers (docs/forms.md), keyed by its field names:
        ``errors`` by every field and ``"__all__"``, ``values`` by those sent back."""
        from ._forms import form_fields, is_echoed, is_multiple

        fields = form_fields(cls)
        error = self.name_for(_FieldError, "FieldError")
        if error not in self.declarations:
            members = [("message", "string", False), ("code", "string", False)]
            self.declarations[error] = f"export interface {error} {object_type(members)}"
        echoed = [(name, field) for name, field in fields.items() if is_echoed(field)]
        records = [
            f"Record<{names(n for n, f in echoed if is_multiple(f) is many)}, {ts}>"
            for many, ts in ((False, "string"), (True, "string[]"))
            if any(is_multiple(f) is many for _n, f in echoed)
        ]
        errors = f"Partial<Record<{names([*fields, '__all__'])}, {error}[]>>"
        values = f"Partial<{' & '.join(records)}>" if records else "{}"
        return object_type([("errors", errors, False), ("values", values, False)])

    def _model(self, cls: type) -> str:
        serialize = getattr(cls, "serialize", None)
        if callable(serialize):
            hint = _return_hint(serialize)
            if hint is not inspect.Signature.empty:
                return self.emit(hint)
            return unknown(f"annotate {cls.__name__}.serialize()'s return type")
        if _is_user_model(cls):  # encoded by public_user()
            fields = [("id", "unknown"), ("username", "string"), ("displayName", "string")]
            return object_type([(name, ts, False) for name, ts in fields])
        return "Record<string, unknown>"


def python_type_to_ts(tp: Any) -> str:
    """The TypeScript type of *tp* as DjangoKit's JSON encoder writes it.

    Named types (``TypedDict``, dataclasses, pydantic models) appear by name; use
    :class:`TypeScriptEmitter` to get their ``interface`` declarations too.
    """
    return TypeScriptEmitter().emit(tp)


def _return_hint(func: Any) -> Any:
    try:
        return typing.get_type_hints(func, include_extras=True).get(
            "return", inspect.Signature.empty
        )
    except Exception:
        return inspect.Signature.empty


def _hints(cls: type, *, extras: bool = False) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls, include_extras=extras)
    except Exception as exc:
        raise AnnotationError(
            f"The annotations of {cls.__module__}.{cls.__qualname__} cannot be resolved "
            f"({type(exc).__name__}: {exc}). Import or define the names they use."
        ) from None


def _describe(tp: Any) -> str:
    if isinstance(tp, type):
        return f"{tp.__module__}.{tp.__qualname__}"
    return repr(tp)


def _is_typeddict(cls: type) -> bool:
    # typing_extensions.TypedDict on Python 3.11 is not always recognized by typing.
    return issubclass(cls, dict) and hasattr(cls, "__required_keys__")


def _is_pydantic(cls: type) -> bool:
    try:
        from pydantic import BaseModel
    except ImportError:  # pragma: no cover - pydantic is a dependency of core
        return False
    return issubclass(cls, BaseModel)


def _is_response(cls: type) -> bool:
    from django.http.response import HttpResponseBase

    from ._problems import Problem

    return issubclass(cls, HttpResponseBase | Problem)


def _is_model(cls: type) -> bool:
    from django.db import models

    return issubclass(cls, models.Model)


def _is_user_model(cls: type) -> bool:
    try:
        from django.contrib.auth.base_user import AbstractBaseUser
    except Exception:  # no django.contrib.auth, or the app registry is not ready
        return False
    return issubclass(cls, AbstractBaseUser)


def _is_form(cls: type) -> bool:
    from django.forms import BaseForm

    return issubclass(cls, BaseForm)


def _is_queryset(cls: type) -> bool:
    from django.db import models

    return issubclass(cls, models.QuerySet)
