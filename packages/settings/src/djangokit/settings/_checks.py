"""Checks that refuse settings unsafe for production."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._coercion import ShapeError, coerce_django
from ._conventions import INSECURE_SECRET_KEY
from ._errors import SettingsError, describe_value
from ._provenance import DEFAULTS, Layers
from ._secrets import is_secret_key

__all__ = ["MIN_SECRET_KEY_LENGTH", "check_django_types", "check_production"]

PRODUCTION = "production"
MIN_SECRET_KEY_LENGTH = 32
_NEW_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def check_django_types(layers: Layers) -> dict[str, Any]:
    """The merged ``[django]`` settings, with well-known ones checked and converted."""
    settings: dict[str, Any] = dict(layers.get(("django",), {}))
    for name, value in settings.items():
        try:
            settings[name] = coerce_django(name, value)
        except ShapeError as exc:
            origin = layers.origin(("django", name))
            where = f"Set {origin.var}" if origin.var else f"Change {name} in {origin.label}"
            raise SettingsError(
                file=origin.label,
                key=f"django.{name}",
                expected=exc.expected,
                found=describe_value(value, secret=is_secret_key(name)),
                hint=f"{where} to {exc.expected}.",
            ) from None
    return settings


def check_production(settings: Mapping[str, Any], layers: Layers, env: str) -> None:
    """In the ``production`` environment, refuse an insecure key, debug mode or no hosts."""
    if env != PRODUCTION:
        return
    problems = list(_problems(settings))
    if not problems:
        return
    name, found, hint = problems[0]
    origin = layers.origin(("django", name), nearby=False)
    if name == "DEBUG":
        where = f"unset {origin.var}" if origin.var else f"remove it from {origin.label}"
        hint = f"Set DEBUG to false or {where}: {hint}"
    if len(problems) > 1:
        others = ", ".join(p[0] for p in problems[1:])
        hint += f" (Also fix: {others}.)"
    raise SettingsError(
        file=origin.label if origin is not DEFAULTS else f"the {env} environment",
        key=f"django.{name}",
        expected=_EXPECTED[name],
        found=found,
        hint=hint,
    )


_EXPECTED = {
    "SECRET_KEY": f"a random SECRET_KEY of at least {MIN_SECRET_KEY_LENGTH} characters "
    "in production",
    "DEBUG": "DEBUG = false in production",
    "ALLOWED_HOSTS": "the site's host names in ALLOWED_HOSTS in production",
}


def _problems(settings: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    problems = []
    key = settings.get("SECRET_KEY")
    set_key = (
        f"Set the SECRET_KEY environment variable to a new random key ({_NEW_KEY}), "
        'or write SECRET_KEY = { env = "SECRET_KEY" } in the [django] table of '
        "settings.production.toml. Never commit the key itself."
    )
    if not key:
        problems.append(("SECRET_KEY", "no SECRET_KEY", set_key))
    elif key == INSECURE_SECRET_KEY or str(key).startswith("django-insecure"):
        problems.append(("SECRET_KEY", "an insecure development key", set_key))
    elif len(str(key)) < MIN_SECRET_KEY_LENGTH:
        problems.append(("SECRET_KEY", f"a key of only {len(str(key))} characters", set_key))
    if settings.get("DEBUG"):
        problems.append(
            (
                "DEBUG",
                "DEBUG = true",
                "debug pages show code and settings to anyone.",
            )
        )
    if not settings.get("ALLOWED_HOSTS"):
        problems.append(
            (
                "ALLOWED_HOSTS",
                "an empty ALLOWED_HOSTS",
                'Write ALLOWED_HOSTS = ["example.com"] in the [django] table of '
                "settings.production.toml, or set DJANGO_ALLOWED_HOSTS='[\"example.com\"]'.",
            )
        )
    return problems
