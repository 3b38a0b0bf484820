"""Checks that refuse settings unsafe for a deployed (non-development) environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._coercion import ShapeError, coerce_django
from ._conventions import INSECURE_SECRET_KEY
from ._django_names import django_setting_names
from ._errors import SettingsError, SettingsWarning, closest, describe_value
from ._project import DEV_ENVS
from ._provenance import DEFAULTS, Layers
from ._secrets import is_secret_key

__all__ = [
    "MIN_SECRET_KEY_CHARACTERS",
    "MIN_SECRET_KEY_LENGTH",
    "check_django_types",
    "deployment_problems",
    "misspelt_django_settings",
    "weak_secret_key",
]

MIN_SECRET_KEY_LENGTH = 50
"""Django's own minimum (``check --deploy``, security.W009), so what loads passes it."""
MIN_SECRET_KEY_CHARACTERS = 5
"""Distinct characters a ``SECRET_KEY`` needs, as in Django's check: ``"a" * 50`` is weak."""
# Settings only DjangoKit reads (appended to INSTALLED_APPS / MIDDLEWARE, not passed on).
_OWN_SETTINGS = frozenset({"EXTRA_INSTALLED_APPS", "EXTRA_MIDDLEWARE"})
# Setting names share long prefixes (SESSION_COOKIE_*): only a near miss is a likely typo,
# not another app's own setting (CORS_ALLOWED_ORIGINS, CELERY_BROKER_URL, ...).
_TYPO_CUTOFF = 0.85
_NEW_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def check_django_types(layers: Layers) -> tuple[dict[str, Any], list[SettingsError]]:
    """The merged ``[django]`` settings, with well-known ones checked and converted, and a
    problem for each that cannot be."""
    settings: dict[str, Any] = dict(layers.get(("django",), {}))
    problems = []
    for name, value in settings.items():
        try:
            settings[name] = coerce_django(name, value)
        except ShapeError as exc:
            origin = layers.origin(("django", name))
            where = f"Set {origin.var}" if origin.var else f"Change {name} in {origin.label}"
            problems.append(
                SettingsError(
                    file=origin.label,
                    key=f"django.{name}",
                    expected=exc.expected,
                    found=describe_value(value, secret=is_secret_key(name)),
                    hint=f"{where} to {exc.expected}.",
                )
            )
    return settings, problems


def misspelt_django_settings(layers: Layers) -> list[SettingsWarning]:
    """A warning for each ``[django]`` setting that Django does not know but that is close
    to one it does (``SESSION_COOKIE_SECUR``). Other unknown names are left alone: apps read
    settings of their own. Nothing is checked when Django is not installed."""
    known = django_setting_names()
    found = []
    for name in layers.get(("django",), {}):
        if not known or name in known or name in _OWN_SETTINGS:
            continue
        guess = closest(name, known, cutoff=_TYPO_CUTOFF)
        if guess is not None:
            origin = layers.origin(("django", name))
            found.append(
                SettingsWarning(
                    file=origin.label,
                    key=f"django.{name}",
                    message=f"{name} is not a Django setting, so Django ignores it. "
                    f"Did you mean {guess}?",
                    suggestion=guess,
                )
            )
    return found


def weak_secret_key(key: Any) -> str | None:
    """What is wrong with ``key`` as a production ``SECRET_KEY`` (None: nothing).

    >>> weak_secret_key("a" * 50)
    'a key of only 1 distinct character'
    """
    if not key:
        return "no SECRET_KEY"
    text = str(key)
    if text == INSECURE_SECRET_KEY or text.startswith("django-insecure"):
        return "an insecure development key"
    if (distinct := len(set(text))) < MIN_SECRET_KEY_CHARACTERS:
        return f"a key of only {distinct} distinct character{'s' if distinct > 1 else ''}"
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return f"a key of only {len(text)} characters"
    return None


def deployment_problems(
    settings: Mapping[str, Any], layers: Layers, env: str
) -> list[SettingsError]:
    """Outside ``development`` and ``test``, refuse a weak key, debug mode or no hosts."""
    if env in DEV_ENVS:
        return []
    problems = []
    for name, found, hint in _problems(settings, env):
        origin = layers.origin(("django", name), nearby=False)
        if name == "DEBUG":
            where = f"unset {origin.var}" if origin.var else f"remove it from {origin.label}"
            hint = f"Set DEBUG to false or {where}: {hint}"
        problems.append(
            SettingsError(
                file=origin.label if origin is not DEFAULTS else f"the {env} environment",
                key=f"django.{name}",
                expected=_EXPECTED[name].format(env=env),
                found=found,
                hint=hint,
            )
        )
    return problems


_EXPECTED = {
    "SECRET_KEY": f"a random SECRET_KEY of at least {MIN_SECRET_KEY_LENGTH} characters "
    f"({MIN_SECRET_KEY_CHARACTERS} or more distinct) in {{env}}",
    "DEBUG": "DEBUG = false in {env}",
    "ALLOWED_HOSTS": "the site's host names in ALLOWED_HOSTS in {env}",
}


def _problems(settings: Mapping[str, Any], env: str) -> list[tuple[str, str, str]]:
    problems = []
    set_key = (
        f"Set the SECRET_KEY environment variable to a new random key ({_NEW_KEY}), "
        'or write SECRET_KEY = { env = "SECRET_KEY" } in the [django] table of '
        f"settings.{env}.toml. Never commit the key itself."
    )
    if weak := weak_secret_key(settings.get("SECRET_KEY")):
        problems.append(("SECRET_KEY", weak, set_key))
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
                f"settings.{env}.toml, or set DJANGO_ALLOWED_HOSTS='[\"example.com\"]'.",
            )
        )
    return problems
