"""JSON encoding for handler results and for route data embedded in HTML.

One encoder serves API responses, page data and the document shell, so a value looks the
same wherever the client meets it.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import functools
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from pydantic import BaseModel

from ._conf import derived_option, option

__all__ = [
    "DjangoKitJSONEncoder",
    "dumps",
    "get_user_serializer",
    "is_sensitive",
    "json_for_html",
    "model_to_dict",
    "public_user",
    "serialize_user",
    "strict_serialization",
]

UserSerializer = Callable[[Any], dict[str, Any]]

# What Django's own encoder handles; checked before the slower duck-typed cases.
_DJANGO_TYPES = (datetime.date, datetime.time, datetime.timedelta, decimal.Decimal, uuid.UUID)


# Exact types encoded without DjangoJSONEncoder's isinstance chain (same output). Datetimes,
# the most common, are inlined in default().
_BY_TYPE: dict[type, Callable[[Any], Any]] = {
    datetime.date: datetime.date.isoformat,
    decimal.Decimal: str,
    uuid.UUID: str,
}

# A model field never leaves the server by default when its name, less underscores and
# lower-cased, contains one of these...
SENSITIVE_MARKERS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "creditcard",
    "cardnumber",
    "bankaccount",
    "socialsecurity",
)
# ...or when one of its words (split at underscores and camelCase) is one of these:
# `api_key`, `license_key`, `pin_code`, `ssn_last4`.
SENSITIVE_WORDS = frozenset({"key", "ssn", "pin", "cvv", "cvc", "otp", "salt", "iban"})
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Characters that could end a <script> element or start an HTML comment or entity, plus
# the two line separators that older JavaScript parsers reject inside string literals.
_HTML_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


@derived_option
def strict_serialization() -> bool:
    """Whether `[djangokit] strict_serialization` refuses models without `serialize()`."""
    return bool(option("strict_serialization", False))


def serialize_user(user: Any) -> dict[str, Any]:
    """The default user serializer: the visitor's own data for `useUser()` (the route data's
    `user`), just enough for the runtime, never a password hash.

    Anonymous visitors get the same keys, so the client always has an object. Other users
    in handler data are encoded by `public_user` (or their model's `serialize()`).
    """
    if not getattr(user, "is_authenticated", False):
        return {
            "isAuthenticated": False,
            "id": None,
            "username": "",
            "displayName": "",
            "isStaff": False,
            "isSuperuser": False,
        }
    username = user.get_username()
    get_full_name = getattr(user, "get_full_name", None)
    display_name = (get_full_name() if callable(get_full_name) else "") or username
    return {
        "isAuthenticated": True,
        "id": user.pk,
        "username": username,
        "displayName": display_name,
        "isStaff": bool(getattr(user, "is_staff", False)),
        "isSuperuser": bool(getattr(user, "is_superuser", False)),
    }


@functools.lru_cache(maxsize=8)
def _import_serializer(path: str) -> UserSerializer:
    serializer: UserSerializer = import_string(path)
    return serializer


def get_user_serializer() -> UserSerializer:
    """The user serializer: `[djangokit] user_serializer` (a dotted path or a callable)."""
    configured = option("user_serializer", None)
    if configured is None or configured == "":
        return serialize_user
    if isinstance(configured, str):
        return _import_serializer(configured)
    if callable(configured):
        return configured  # type: ignore[no-any-return]
    raise TypeError(f"[djangokit] user_serializer must be a dotted path, got {configured!r}")


def _is_user_model(instance: models.Model) -> bool:
    # Imported here: django.contrib.auth modules need the app registry to be ready.
    from django.contrib.auth.base_user import AbstractBaseUser

    if isinstance(instance, AbstractBaseUser):
        return True
    return bool(instance._meta.label_lower == settings.AUTH_USER_MODEL.lower())


def _is_anonymous_user(obj: Any) -> bool:
    # Duck-typed so that projects without django.contrib.auth still import this module.
    return hasattr(obj, "is_authenticated") and hasattr(obj, "get_username")


@functools.lru_cache(maxsize=1024)
def is_sensitive(name: str) -> bool:
    """Whether a field called *name* is kept out of the default model encoding.

    ```python
    is_sensitive("credit_card_number"), is_sensitive("api_key"), is_sensitive("pin_code")
    # (True, True, True); "title", "pinned", "keyboard" are not
    ```
    """
    words = [word for word in _NOT_ALNUM.split(_WORD_BREAK.sub("_", name).lower()) if word]
    compact = "".join(words)
    return any(marker in compact for marker in SENSITIVE_MARKERS) or any(
        word in SENSITIVE_WORDS for word in words
    )


def model_to_dict(instance: models.Model) -> dict[str, Any]:
    """Concrete fields keyed by attribute name (`author_id` for a foreign key), less those
    whose names look secret (`is_sensitive`)."""
    return {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if not is_sensitive(field.name)
    }


def public_user(user: Any) -> dict[str, Any]:
    """A user met in handler data (a post's author, a list of members), who need not be the
    visitor: `{"id", "username", "displayName"}`, no flags and no email. A user model's own
    `serialize()` replaces this; the visitor's own data is the user serializer's."""
    if not getattr(user, "is_authenticated", False):  # AnonymousUser
        return {"id": None, "username": "", "displayName": ""}
    username = user.get_username()
    get_full_name = getattr(user, "get_full_name", None)
    display_name = (get_full_name() if callable(get_full_name) else "") or username
    return {"id": user.pk, "username": username, "displayName": display_name}


class DjangoKitJSONEncoder(DjangoJSONEncoder):
    """Django's encoder plus models, QuerySets, pydantic models, dataclasses and iterables.

    `strict=True` refuses a model that has no `serialize()` method instead of guessing.
    """

    def __init__(self, *args: Any, strict: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strict = strict

    def default(self, o: Any) -> Any:
        kind = type(o)
        if kind is datetime.datetime:  # inline: a list of rows can hold thousands of them
            text: str = o.isoformat()
            if o.microsecond:
                text = text[:23] + text[26:]
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        encode = _BY_TYPE.get(kind)  # the other common cases: one dict lookup
        if encode is not None:
            return encode(o)
        # Subclasses of JSON's own types, which orjson hands here: as the standard library
        # writes them (a SafeString's text, numpy.float64, ErrorList's items, IntEnum).
        if isinstance(o, str):
            return str.__str__(o)
        if isinstance(o, int):
            return int.__int__(o)
        if isinstance(o, float):
            return float.__float__(o)
        if isinstance(o, _DJANGO_TYPES):  # their subclasses, times, durations
            return super().default(o)
        if isinstance(o, BaseModel):
            return o.model_dump(mode="json")
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            # Shallow on purpose: nested values come back through default(), and asdict()'s
            # deepcopy would evaluate QuerySets and copy model instances.
            return {field.name: getattr(o, field.name) for field in dataclasses.fields(o)}
        if isinstance(o, models.QuerySet):
            return list(o)
        if isinstance(o, models.Model):
            return self._encode_model(o)
        if isinstance(o, FieldFile):
            return o.url if o else None
        if _is_anonymous_user(o):
            return public_user(o)
        if isinstance(o, enum.Enum):
            return o.value
        if isinstance(o, Promise):
            return str(o)  # lazy translations proxy str's methods, __iter__ included
        if isinstance(o, Mapping):
            return dict(o)
        if isinstance(o, Iterable) and not isinstance(o, bytes | bytearray | memoryview):
            return list(o)  # sets, generators, dict views, ...
        return super().default(o)

    def _encode_model(self, instance: models.Model) -> Any:
        serialize = getattr(instance, "serialize", None)
        if callable(serialize):
            return serialize()
        # A user in data need not be the visitor: no flags, no email (the visitor's own data
        # is the route data's `user`, from the user serializer).
        if _is_user_model(instance):
            return public_user(instance)
        if self.strict:
            label = instance._meta.label
            raise TypeError(
                f"{label} has no serialize() method and strict serialization is on. "
                f"Add `def serialize(self) -> dict` to {label}, return a dict from the "
                "handler, or set `[djangokit] strict_serialization = false`."
            )
        return model_to_dict(instance)


# One encoder per mode, reused: encode() keeps no state between calls, and building an
# encoder per response is a measurable part of a small JSON answer.
_ENCODERS = {
    strict: DjangoKitJSONEncoder(
        strict=strict, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    for strict in (False, True)
}

# orjson encodes JSON's own types (and UUIDs and enums, as default() would); everything
# else, subclasses, datetimes and dataclasses included, goes through default(), so the text
# is the standard library's.
_ORJSON_OPTIONS = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def dumps(data: Any, *, strict: bool = False) -> str:
    """Encode `data` as compact JSON (NaN and infinities as ``null``, as JavaScript's
    ``JSON.stringify()`` and pydantic do: JSON has neither).

    orjson does the work, ten times faster than the standard library on a page's rows. What
    it cannot encode (an integer beyond 64 bits, nesting deeper than 254, a lone surrogate)
    goes to the standard library's encoder with the same ``default()`` (which refuses NaN);
    an error of ``default()`` is raised as it is.
    """
    encoder = _ENCODERS[strict]
    try:
        return orjson.dumps(data, default=encoder.default, option=_ORJSON_OPTIONS).decode()
    except orjson.JSONEncodeError as exc:
        if exc.__cause__ is not None:
            raise exc.__cause__ from None
    return encoder.encode(data)


def json_for_html(data: Any, *, strict: bool = False) -> str:
    """JSON safe inside `<script type="application/json">`: no value can close the tag.

    The escapes are JSON string escapes, so `json.loads()` still returns the original data.
    """
    return dumps(data, strict=strict).translate(_HTML_ESCAPES)
