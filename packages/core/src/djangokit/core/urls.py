"""The URLconf of a DjangoKit project (``ROOT_URLCONF = "djangokit.core.urls"``).

It serves the routes of ``settings.DJANGOKIT.package`` below ``settings.DJANGOKIT.prefix``
and the Django admin at ``settings.DJANGOKIT.admin``. A project with its own URLconf includes
it: ``path("", include("djangokit.core.urls"))``, or builds on :func:`get_urlpatterns`.
"""

from __future__ import annotations

from django.apps import apps
from django.urls import URLPattern, URLResolver, path

from ._conf import option
from ._discovery import get_route_tree
from ._patterns import get_urlpatterns

__all__ = ["get_urlpatterns", "urlpatterns"]


def _project_urlpatterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    admin_path = option("admin")
    # The admin goes first: a catch-all route at the root would otherwise swallow it.
    if admin_path and apps.is_installed("django.contrib.admin"):
        from django.contrib import admin

        patterns.append(path(str(admin_path), admin.site.urls))
    patterns += get_urlpatterns(get_route_tree(), str(option("prefix") or ""))
    return patterns


urlpatterns = _project_urlpatterns()
