"""The URLconf of a DjangoKit project (``ROOT_URLCONF = "djangokit.core.urls"``).

It serves the routes of ``settings.DJANGOKIT.package`` below ``settings.DJANGOKIT.prefix``,
the Django admin at ``settings.DJANGOKIT.admin`` and, with ``DEBUG`` (``dk dev``), uploaded
files at ``MEDIA_URL``. A project with its own URLconf includes
it: ``path("", include("djangokit.core.urls"))``, or builds on :func:`get_urlpatterns`.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
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
    patterns += _media_urlpatterns()
    patterns += get_urlpatterns(get_route_tree(), str(option("prefix") or ""))
    return patterns


def _media_urlpatterns() -> list[URLPattern]:
    # Django's own static() serves nothing without DEBUG or for a MEDIA_URL on another host:
    # in production uploads come from a storage backend or the web server (docs/forms.md).
    if not settings.MEDIA_URL or not settings.MEDIA_ROOT:
        return []
    return static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


urlpatterns = _project_urlpatterns()
