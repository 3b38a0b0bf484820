"""DjangoKit's conventions: the Django settings a project gets without writing them."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._models import DjangoKitSettings
from ._project import DEV_ENVS

__all__ = [
    "DEV_ENVS",
    "HSTS_SECONDS",
    "INSECURE_SECRET_KEY",
    "LOCAL_HOSTS",
    "PERSISTENT_CONNECTIONS",
    "auth_urls",
    "django_settings",
    "has_login_page",
]

HSTS_SECONDS = 365 * 24 * 60 * 60
"""``SECURE_HSTS_SECONDS`` when ``[djangokit] https`` is on: one year."""

INSECURE_SECRET_KEY = (
    "django-insecure-djangokit-development-key-never-use-in-production-0123456789abcdef"
)
"""The ``SECRET_KEY`` used outside production when none is set. Refused in production."""

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
"""``ALLOWED_HOSTS`` in development and test."""

PERSISTENT_CONNECTIONS = {"CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
"""What each database gets outside development and test, key by key, unless it sets them:
connections kept for ten minutes and checked before reuse, rather than Django's new
connection per request. Even on SQLite, opening one (Django registers its functions, SQLite
reads the schema) cost 0.7-0.9 ms of a served request's CPU (``bench/README.md``)."""

_CONTRIB_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# Django's own default middleware list (what `startproject` writes). WhiteNoise
# is deliberately not here: `dk serve` wraps the WSGI application with it, so
# this package stays free of that dependency and `runserver` keeps serving
# static files the usual way.
AUTHENTICATION_BACKENDS = ["djangokit.core.auth.ThrottledModelBackend"]
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# What `[djangokit] https` turns on (Django's `check --deploy` asks for each of them). The
# redirect and HSTS follow `request.is_secure()`: behind a proxy, gunicorn (`dk serve`) trusts
# X-Forwarded-Proto from 127.0.0.1 (FORWARDED_ALLOW_IPS), or set SECURE_PROXY_SSL_HEADER.
# HSTS preload stays off: it asks browsers to hard-code the domain, an opt-in.
_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
BUILD_FINDER = "djangokit.core.build.BuildFinder"
CSRF_FAILURE_VIEW = "djangokit.core.views.csrf_failure"


def core_installed() -> bool:
    """Whether ``djangokit.core`` (another distribution) is importable.

    Without it the conventions are plain Django's, so this package works on its own: no
    ``djangokit.core`` app, URLconf or static files finder is named.
    """
    try:
        return importlib.util.find_spec("djangokit.core") is not None
    except ModuleNotFoundError:
        return False


def console_mail(user: Mapping[str, Any]) -> dict[str, Any]:
    """The console email backend, in the setting this Django reads (``MAILERS`` from Django
    6.1, ``EMAIL_BACKEND`` before); nothing when the user configured mail themselves."""
    if any(name in user for name in ("MAILERS", "EMAIL_BACKEND")):
        return {}
    if _django_version() >= (6, 1):
        return {"MAILERS": {"default": {"BACKEND": CONSOLE_EMAIL_BACKEND}}}
    return {"EMAIL_BACKEND": CONSOLE_EMAIL_BACKEND}


def _django_version() -> tuple[int, ...]:
    """The installed Django's version, read from its metadata (this package never imports
    Django); ``(0,)`` without Django."""
    try:
        text = importlib.metadata.version("django")
    except importlib.metadata.PackageNotFoundError:
        return (0,)
    return tuple(int(part) for part in re.findall(r"\d+", text)[:2])


def has_login_page(project_dir: Path, package: str) -> bool:
    """Whether the project has a ``routes/accounts/login/`` route (``dk add auth`` writes it)."""
    folder = Path(*package.split("."))
    return any(
        (base / folder / "routes" / "accounts" / "login").is_dir()
        for base in (project_dir / "src", project_dir)
    )


def auth_urls(prefix: str) -> dict[str, str]:
    """``LOGIN_URL`` and where signing in and out lead, below the route *prefix* (``"app/"``).

    Django's own defaults (``/accounts/login/``, ``/accounts/profile/``) are URLs a DjangoKit
    project does not have; these are the pages ``dk add auth`` writes.
    """
    root = f"/{prefix}"
    return {
        "LOGIN_URL": f"{root}accounts/login",
        "LOGIN_REDIRECT_URL": root,
        "LOGOUT_REDIRECT_URL": root,
    }


def persistent_connections(databases: Mapping[str, Any]) -> dict[str, Any]:
    """*databases* with each key of :data:`PERSISTENT_CONNECTIONS` a database does not set
    itself (its ``CONN_MAX_AGE = 0`` keeps Django's connection per request)."""
    return {
        alias: {**PERSISTENT_CONNECTIONS, **config} if isinstance(config, Mapping) else config
        for alias, config in databases.items()
    }


def django_settings(
    user: Mapping[str, Any],
    kit: DjangoKitSettings,
    *,
    project_dir: Path,
    env: str,
    plain: bool = False,
) -> dict[str, Any]:
    """The Django settings: DjangoKit's conventions, then every setting in ``user`` on top.

    A user setting replaces the convention whole (a user ``INSTALLED_APPS``
    replaces the list); ``EXTRA_INSTALLED_APPS`` and ``EXTRA_MIDDLEWARE`` are
    appended to whichever list results, and are not passed on to Django. A ``plain``
    Django project (no routes) gets Django's conventions even with ``djangokit.core``
    installed: its own ``<package>.urls``, no DjangoKit app.
    """
    dev = env in DEV_ENVS
    core = core_installed() and not plain
    settings: dict[str, Any] = {
        "BASE_DIR": project_dir,
        "DEBUG": dev,
        "ALLOWED_HOSTS": list(LOCAL_HOSTS) if dev else [],
        "DATABASES": {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": project_dir / "db.sqlite3",
            }
        },
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        # The project app comes first so its templates and static files override
        # DjangoKit's and Django's; djangokit.core precedes staticfiles so its
        # management commands (runserver) win.
        "INSTALLED_APPS": [kit.package, *(["djangokit.core"] if core else []), *_CONTRIB_APPS],
        "MIDDLEWARE": list(MIDDLEWARE),
        # Without djangokit.core, the project's own urls.py, as in any Django project.
        "ROOT_URLCONF": "djangokit.core.urls" if core else f"{kit.package}.urls",
        # A JSON client gets a 403 problem, a browser Django's page (djangokit.core.views).
        **({"CSRF_FAILURE_VIEW": CSRF_FAILURE_VIEW} if core else {}),
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        "STATIC_URL": "static/",
        "STATIC_ROOT": project_dir / "static_root",
        # Uploads (FileField, ImageField): `dk dev` serves them; in production a storage
        # backend or the web server does (docs/forms.md).
        "MEDIA_URL": "media/",
        "MEDIA_ROOT": project_dir / "media",
        # Django's two finders, then the build's bundles ([djangokit.build] out_dir), which
        # runserver serves and collectstatic collects like any other static files.
        "STATICFILES_FINDERS": [*STATICFILES_FINDERS, *([BUILD_FINDER] if core else [])],
        # Failed sign-ins are counted and, over [djangokit.auth]'s limits, refused
        # (djangokit.core.auth, decision 0009) by Django's ModelBackend with a check first.
        **({"AUTHENTICATION_BACKENDS": list(AUTHENTICATION_BACKENDS)} if core else {}),
        # Development prints mail (password reset links) in the terminal; deployed
        # environments keep Django's SMTP backend and its settings (docs/auth.md).
        **(console_mail(user) if dev else {}),
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "LANGUAGE_CODE": "en-us",
        "TIME_ZONE": "UTC",
        "USE_I18N": True,
        "USE_TZ": True,
    }
    if dev:
        # Deployed environments get no default: their check refuses to start without one.
        settings["SECRET_KEY"] = INSECURE_SECRET_KEY
    if kit.https if kit.https is not None else not dev:
        settings.update(_HTTPS)
    if core and has_login_page(project_dir, kit.package):
        settings.update(auth_urls(kit.prefix))
    settings.update(user)
    if not dev and isinstance(settings.get("DATABASES"), Mapping):
        settings["DATABASES"] = persistent_connections(settings["DATABASES"])
    for name, into in (
        ("EXTRA_INSTALLED_APPS", "INSTALLED_APPS"),
        ("EXTRA_MIDDLEWARE", "MIDDLEWARE"),
    ):
        extra = settings.pop(name, None)
        if extra:
            settings[into] = list(dict.fromkeys([*settings[into], *extra]))
    settings["DJANGOKIT"] = kit
    return settings
