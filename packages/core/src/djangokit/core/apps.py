"""The Django app behind every DjangoKit project (``"djangokit.core"`` in INSTALLED_APPS)."""

from __future__ import annotations

from django.apps import AppConfig


class DjangoKitConfig(AppConfig):
    """Label ``djangokit``: templates, static files and management commands live under it.

    Routes are discovered when the URLconf is first loaded, or by the system checks, not in
    ``ready()``: setting Django up never fails on a broken route. ``ready()`` registers the
    checks of :mod:`djangokit.core.checks`, so that commands running system checks
    (``check``, ``runserver``, ``migrate``) report a broken route as ``djangokit.E001``
    rather than a traceback (``--skip-checks`` skips it), and an SSR backend that cannot be
    found as ``djangokit.W001`` / ``E002``.
    """

    name = "djangokit.core"
    label = "djangokit"
    verbose_name = "DjangoKit"

    def ready(self) -> None:
        from . import auth  # noqa: F401  (connects the sign-in throttle's signal receivers)
        from .checks import register_checks

        register_checks()
