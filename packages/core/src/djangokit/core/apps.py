"""The Django app behind every DjangoKit project (``"djangokit.core"`` in INSTALLED_APPS)."""

from __future__ import annotations

from django.apps import AppConfig


class DjangoKitConfig(AppConfig):
    """Label ``djangokit``: templates, static files and management commands live under it.

    Routes are discovered when the URLconf is first loaded (``manage.py check`` and the dev
    server do that at start-up), not in ``ready()``: commands that need no URLs, such as
    ``migrate``, keep working while a route is broken.
    """

    name = "djangokit.core"
    label = "djangokit"
    verbose_name = "DjangoKit"
