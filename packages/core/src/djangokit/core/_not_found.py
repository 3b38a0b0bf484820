"""The answer for URLs below the prefix that no route matches.

``get_urlpatterns()`` ends with a catch-all to this view rather than relying on
``handler404``: that one only runs with ``DEBUG`` off and only from the root URLconf, while
``not-found.tsx`` should answer in development too and under any URLconf.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
from django.middleware.common import CommonMiddleware
from django.urls import Resolver404, resolve

from ._dispatch import strip_head_body
from ._document import render_document
from ._problems import Problem
from ._request_data import vary_on_data, wants_json
from ._results import see_other
from ._route_data import Loader, load_route_data, route_loaders
from ._routes import RouteTree

__all__ = ["NotFoundView"]


class NotFoundView:
    """404 for an unmatched URL: the document (``notFound: true`` in its route data, so the
    runtime renders ``not-found.tsx`` inside the root layout) or, for JSON and route-data
    requests, a 404 problem. A site with no pages at all gets Django's own 404."""

    csrf_exempt = True  # a POST to a URL that does not exist is a 404, not a CSRF failure

    def __init__(self, tree: RouteTree, prefix: str = "") -> None:
        self.tree = tree
        self.prefix = prefix
        self.has_pages = any(route.page is not None for route in tree.iter_routes())

    def __repr__(self) -> str:
        return "<NotFoundView>"

    @cached_property
    def loaders(self) -> list[Loader]:
        return route_loaders(self.tree, self.tree.root, page=False)

    @cached_property
    def matches(self) -> list[str]:
        layout = self.tree.root.layout_router_id
        return [] if layout is None else [layout]

    def __call__(self, request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        redirect = _append_slash(request)
        if redirect is not None:
            return redirect
        if wants_json(request):
            detail = "No route matches this URL."
            return vary_on_data(Problem(404, detail=detail).to_response())
        if not self.has_pages:
            raise Http404("No route matches this URL.")
        data = load_route_data(request, self.loaders, self.matches, {}, catch=not settings.DEBUG)
        if data.stopped is not None:
            assert data.stopped.response is not None
            return see_other(data.stopped, request.method or "GET") or data.stopped.response
        data.not_found = True
        if data.errors is None:
            data.status = 404
        payload = data.payload(request, {}, self.prefix)
        response = render_document(request, self.tree, data, payload)
        return strip_head_body(request, vary_on_data(response))


def _append_slash(request: HttpRequest) -> HttpResponseBase | None:
    """``APPEND_SLASH`` as CommonMiddleware does it (``/admin`` -> ``/admin/``), which the
    catch-all would otherwise defeat: with it, every path resolves."""
    if not settings.APPEND_SLASH or request.path_info.endswith("/"):
        return None
    try:
        match = resolve(f"{request.path_info}/", getattr(request, "urlconf", None))
    except Resolver404:
        return None
    if isinstance(match.func, NotFoundView) or not getattr(match.func, "should_append_slash", True):
        return None
    middleware = CommonMiddleware(lambda request: HttpResponse())
    return HttpResponsePermanentRedirect(middleware.get_full_path_with_slash(request))
