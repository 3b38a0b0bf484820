"""The project's routes, as a project's own URLconf mounts them, after the plain Django view
they are compared with (after, DjangoKit's not-found catch-all would answer its URL)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path

from djangokit.core import get_route_tree, get_urlpatterns

from .data import ROWS


def plain_rows(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"rows": ROWS})


urlpatterns: list[URLPattern | URLResolver] = [
    path("plain/rows", plain_rows),
    path("app/", include([path("rows", plain_rows)])),
    *get_urlpatterns(get_route_tree()),
]
