"""`mask_secrets`: a copy of the settings that is safe to print or JSON-dump."""

from __future__ import annotations

import re
from collections.abc import Mapping
from os import PathLike
from typing import Any

from pydantic import BaseModel

__all__ = ["MASK", "is_secret_key", "mask_secrets", "mask_text", "mask_url"]

MASK = "********"
"""What a secret is replaced with (a fixed length, so the real length is not shown)."""

_SECRET_PARTS = (
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "TOKEN",
    "SECRET",
    "CREDENTIAL",
    "APIKEY",
    "PRIVATE",
    "SIGNATURE",
)
# Whole words of a name that mean a password (DB_PWD, SMTP_PASS), not parts of other words
# (BYPASS_CACHE, COMPASS).
_SECRET_WORDS = frozenset({"PASS", "PWD", "PW"})
# Settings whose names look secret but hold nothing secret. PRIVATE alone is
# [djangokit.cache] private, a flag.
_NOT_SECRET = frozenset(
    {
        "PASSWORD_HASHERS",
        "AUTH_PASSWORD_VALIDATORS",
        "PASSWORD_RESET_TIMEOUT",
        "PRIVATE",
        "AWS_S3_SIGNATURE_VERSION",
    }
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# scheme://user:password@host -> the password part, up to the last @ before the host (an
# unencoded @ in a password is common in hand-written URLs).
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s?#]*:)(?P<pw>[^/\s?#]*?)"
    r"(?=@[^@/\s?#]*(?:[/?#\s]|$))"
)
_QUERY_PARAM = re.compile(r"(?P<head>[?&](?P<name>[^=&#\s]+)=)(?P<value>[^&#\s]*)")
# key=value connection strings: libpq ("host=db password=x"), ODBC ("Uid=app;Pwd=x;").
_DSN_PASSWORD = re.compile(
    r"(?P<head>(?<![\w.-])(?:password|passwd|pwd|pass)\s*=\s*)"
    r"(?P<value>'(?:[^'\\]|\\.)*'|\"[^\"]*\"|\{[^}]*\}|[^\s;&'\"]+)",
    re.IGNORECASE,
)
# A PEM private key (RSA, EC, OpenSSH, encrypted, ...), to its END line or the text's end.
_PEM_PRIVATE = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)",
    re.DOTALL,
)


def is_secret_key(key: str) -> bool:
    """Whether a setting named ``key`` holds a secret.

    >>> [is_secret_key(k) for k in ("SECRET_KEY", "PASSWORD", "apiKey", "DB_PWD", "DEBUG")]
    [True, True, True, True, False]
    """
    name = _CAMEL.sub("_", key).upper().replace("-", "_").replace(".", "_")
    if name in _NOT_SECRET:
        return False
    if name == "KEY" or name.endswith("_KEY") or "API_KEY" in name:
        return True
    if not _SECRET_WORDS.isdisjoint(name.split("_")):
        return True
    return any(part in name for part in _SECRET_PARTS)


def mask_url(text: str) -> str:
    """Mask credentials inside URL-like text.

    >>> mask_url("postgres://app:hunter2@db:5432/app?sslmode=require&password=x")
    'postgres://app:********@db:5432/app?sslmode=require&password=********'
    """
    if "://" not in text:
        return text
    text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)

    def query(match: re.Match[str]) -> str:
        secret = match["value"] and is_secret_key(match["name"])
        return match["head"] + (MASK if secret else match["value"])

    return _QUERY_PARAM.sub(query, text)


def mask_text(text: str) -> str:
    """Mask every secret found inside ``text``, whatever setting holds it: passwords in URLs
    and in key=value connection strings, and PEM private keys.

    >>> mask_text("dbname=app user=app password=hunter2 host=db")
    'dbname=app user=app password=******** host=db'
    """
    if "PRIVATE KEY-----" in text:
        text = _PEM_PRIVATE.sub(MASK, text)
    if "=" in text:
        text = _DSN_PASSWORD.sub(lambda m: m["head"] + MASK, text)
    return mask_url(text)


def mask_secrets(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Return a JSON-safe copy of ``settings`` with secrets masked.

    Values of secret-looking keys (``SECRET_KEY``, ``*PASSWORD*``, ``*_PASS``, ``*_PWD``,
    ``*TOKEN*``, ``*_KEY``, ``*PRIVATE*``, ``*SIGNATURE*``, API keys, ...) at any depth
    become ``"********"`` (empty ones stay empty, to show they are unset; true/false are
    shown); passwords inside URLs and connection strings and PEM private keys are masked
    in any value; paths, tuples and pydantic models (such as ``DJANGOKIT``) become JSON
    values::

        print(json.dumps(mask_secrets(load_settings()), indent=2))
    """
    return {str(key): _mask(value, is_secret_key(str(key))) for key, value in settings.items()}


def _mask(value: Any, secret: bool) -> Any:
    if secret and value not in (None, "", [], {}, ()) and not isinstance(value, bool):
        return MASK
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): _mask(v, is_secret_key(str(k))) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(item, False) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((_mask(item, False) for item in value), key=str)
    if isinstance(value, str):
        return mask_text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, PathLike):
        return str(value.__fspath__())
    return mask_text(str(value))
