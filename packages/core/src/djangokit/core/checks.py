"""System checks (``manage.py check``, ``dk check``, the dev server at start-up).

- ``djangokit.E001`` (Error): ``routes/`` holds something that cannot become a URL (a
  ``RouteError``); the message names the file and the fix.
- ``djangokit.E002`` (Error): ``[djangokit.ssr] backend`` names a factory that cannot be
  imported (every page would fail to render).
- ``djangokit.W001`` (Warning): ``[djangokit.ssr] enabled = true`` but no such backend is
  installed (pages are rendered by the client).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from ._conf import option
from ._discovery import get_route_tree
from ._routes import RouteError
from ._version import __version__
from .ssr import ENTRY_POINT_GROUP

__all__ = ["check_routes", "check_ssr_backend", "register_checks"]

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
