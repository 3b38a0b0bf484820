"""System checks (``manage.py check``, ``dk check``, the dev server at start-up).

- ``djangokit.E001`` (Error): ``routes/`` holds something that cannot become a URL (a
  ``RouteError``); the message names the file and the fix.
- ``djangokit.E002`` (Error): ``[djangokit.ssr] backend`` names a factory that cannot be
  imported (every page would fail to render).
- ``djangokit.W001`` (Warning): ``[djangokit.ssr] enabled = true`` but no such backend is
  installed (pages are rendered by the client).
- ``djangokit.E003`` (Error): ``[djangokit.auth] cache_alias`` is not a key of ``CACHES``
  (every sign-in would fail).
- ``djangokit.W003`` (Warning): sign-in throttling counts in ``DummyCache``, so it never
  refuses anyone.
- ``djangokit.W002`` (Warning, ``--deploy`` only): sign-in throttling counts in
  ``LocMemCache``, one count per process: N workers allow N times the limit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from djangokit.settings import AuthSettings

from ._conf import option
from ._discovery import get_route_tree
from ._routes import RouteError
from ._version import __version__
from .ssr import ENTRY_POINT_GROUP

__all__ = [
    "check_login_throttle_cache",
    "check_login_throttle_is_shared",
    "check_routes",
    "check_ssr_backend",
    "register_checks",
]

CheckResult = list[checks.CheckMessage]
DEFAULT_URLCONF = "djangokit.core.urls"
SSR_DISTRIBUTION = "org-djangokit-ssr"


def _serves_routes() -> bool:
    """Whether the project has routes to check: a package is set, or DjangoKit's URLconf
    (which needs one) is the root URLconf."""
    return bool(option("package")) or getattr(settings, "ROOT_URLCONF", None) == DEFAULT_URLCONF


def check_routes(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> CheckResult:
    """``djangokit.E001``: route discovery failed; the message names the file and the fix."""
    if not _serves_routes():
        return []
    try:
        get_route_tree()
    except RouteError as exc:
        return [
            checks.Error(
                str(exc),
                hint="Fix the route named above; see docs/routes.md.",
                obj="routes",
                id="djangokit.E001",
            )
        ]
    return []


def check_ssr_backend(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> CheckResult:
    """``djangokit.W001`` / ``E002``: the renderer ``[djangokit.ssr]`` asks for cannot be
    found. Resolved as ``djangokit.core.ssr`` resolves it (a dotted path, else an entry point
    of ``djangokit.ssr_backends``), without building the renderer (no Node is started)."""
    options = option("ssr")
    if options is None:
        return []
    enabled = options.enabled
    if enabled is False:
        return []
    backend = options.backend
    if "." in backend:
        try:
            import_string(backend)
        except ImportError as exc:
            return [
                checks.Error(
                    f"[djangokit.ssr] backend = {backend!r} cannot be imported: {exc}",
                    hint="Set backend to an importable renderer factory (module.Name), or "
                    'to "pool", "url" or "subprocess" with org-djangokit-ssr installed.',
                    obj="[djangokit.ssr] backend",
                    id="djangokit.E002",
                )
            ]
        return []
    found = list(entry_points(group=ENTRY_POINT_GROUP, name=backend))
    if not found:
        if not enabled:  # "auto": no backend simply means the client renders
            return []
        return [
            checks.Warning(
                f"[djangokit.ssr] enabled = true, but no SSR backend {backend!r} is installed "
                f"(entry point group {ENTRY_POINT_GROUP}); every page is rendered by the "
                f"client instead.",
                # Pinned: PyPI's older releases of DjangoKit's names are another project.
                hint=f"pip install {SSR_DISTRIBUTION}=={__version__}, or set [djangokit.ssr] "
                f"enabled = false.",
                obj="[djangokit.ssr] enabled",
                id="djangokit.W001",
            )
        ]
    try:
        found[0].load()
    except ImportError as exc:
        return [
            checks.Error(
                f"The SSR backend {backend!r} ({found[0].value}) is installed but cannot be "
                f"imported: {exc}",
                hint=f"Reinstall {SSR_DISTRIBUTION} (or the package providing {backend!r}).",
                obj="[djangokit.ssr] backend",
                id="djangokit.E002",
            )
        ]
    return []


def _throttle_cache() -> tuple[str, dict[str, Any] | None] | None:
    """The alias and ``CACHES`` entry sign-in throttling counts in (djangokit.core.auth);
    ``None`` when Django's auth is not installed or both limits are off."""
    if not apps.is_installed("django.contrib.auth"):
        return None
    auth = option("auth") or AuthSettings()  # as djangokit.core.auth reads it
    if not (auth.login_failures or auth.login_failures_per_ip):
        return None
    caches: dict[str, Any] = getattr(settings, "CACHES", {}) or {}
    return auth.cache_alias, caches.get(auth.cache_alias)


def check_login_throttle_cache(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> CheckResult:
    """``djangokit.E003`` / ``W003``: the cache sign-in throttling counts in is missing
    (every sign-in would fail) or counts nothing (``DummyCache``)."""
    found = _throttle_cache()
    if found is None:
        return []
    alias, config = found
    if config is None:
        known = ", ".join(repr(key) for key in getattr(settings, "CACHES", {}) or {}) or "none"
        return [
            checks.Error(
                f"[djangokit.auth] cache_alias = {alias!r} is not a key of CACHES (they are: "
                f"{known}); every sign-in would fail with InvalidCacheBackendError.",
                hint="Name one of CACHES' keys in [djangokit.auth] cache_alias, or add that "
                "cache to [django.CACHES] (docs/auth.md#login-throttling).",
                obj="[djangokit.auth] cache_alias",
                id="djangokit.E003",
            )
        ]
    if str(config.get("BACKEND", "")).endswith(".DummyCache"):
        return [
            checks.Warning(
                f"Sign-in throttling counts failed sign-ins in the cache {alias!r}, a "
                f"DummyCache, which keeps nothing: no sign-in is ever refused.",
                hint="Point [djangokit.auth] cache_alias at a cache that keeps values, or "
                "set login_failures = 0 and login_failures_per_ip = 0 to turn throttling off "
                "on purpose (docs/auth.md#login-throttling).",
                obj="[djangokit.auth] cache_alias",
                id="djangokit.W003",
            )
        ]
    return []


def check_login_throttle_is_shared(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> CheckResult:
    """``djangokit.W002`` (``check --deploy``): throttling counts per process, so each of
    `dk serve`'s workers (2 by default) allows the limit again."""
    found = _throttle_cache()
    if found is None:
        return []
    alias, config = found
    if config is None or not str(config.get("BACKEND", "")).endswith(".LocMemCache"):
        return []
    return [
        checks.Warning(
            f"Sign-in throttling counts failed sign-ins in the cache {alias!r}, a "
            f"LocMemCache: each process counts alone, so N workers allow N times "
            f"[djangokit.auth]'s limits.",
            hint="Set REDIS_URL (docs/deploy.md#redis-the-shared-cache), or name a shared "
            "cache (Redis, the database) in [djangokit.auth] cache_alias. Served by one "
            'process only: add "djangokit.W002" to SILENCED_SYSTEM_CHECKS.',
            obj="[djangokit.auth] cache_alias",
            id="djangokit.W002",
        )
    ]


def _after_routes(url_check: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
    """*url_check* (Django's URLconf checks), skipped while the routes are broken: it would
    import the URLconf and raise the ``RouteError`` out of ``manage.py check`` as a
    traceback, where ``check_routes`` reports it as ``djangokit.E001``."""

    @functools.wraps(url_check)
    def check(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> CheckResult:
        if _serves_routes():
            try:
                get_route_tree()
            except RouteError:
                return []
        return url_check(app_configs, **kwargs)

    check.djangokit_after_routes = True  # type: ignore[attr-defined]
    return check


def register_checks() -> None:
    """Register the checks above (``DjangoKitConfig.ready()``), and make the other URL
    checks wait for the routes; idempotent."""
    registry = checks.registry.registry
    registered: set[Any] = registry.registered_checks
    for check in [c for c in registered if checks.Tags.urls in c.tags]:
        if check is not check_routes and not getattr(check, "djangokit_after_routes", False):
            registered.discard(check)
            tags: tuple[str, ...] = tuple(check.tags)
            registry.register(_after_routes(check), *tags)
    checks.register(check_routes, checks.Tags.urls)
    checks.register(check_ssr_backend)
    checks.register(check_login_throttle_cache, checks.Tags.caches, checks.Tags.security)
    checks.register(check_login_throttle_is_shared, checks.Tags.security, deploy=True)
