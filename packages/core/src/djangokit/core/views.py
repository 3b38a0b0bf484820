"""The one view behind every route URL: JSON for API clients, route data for the runtime,
the HTML document for browsers (docs/decisions/0001-route-data-protocol.md).

One view per route, rather than one per file kind, is what lets a single URL serve a page to
a browser and its handler's data to an API client.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

from ._conf import option
from ._dispatch import Handler, collect_extra_endpoints, collect_handlers, dispatch, strip_head_body
from ._encoding import dumps, json_for_html, strict_serialization
from ._problems import Problem
from ._request_data import DATA_HEADER, wants_json
from ._results import JSON_CONTENT_TYPE, HandlerResult, see_other, to_json_response
from ._route_data import RouteData, load_route_data
from ._routes import RouteTree
from .decorators import apply_cache_headers, get_cache_options

__all__ = ["RouteView"]

_SAFE = ("GET", "HEAD")


class RouteView:
    """Serves one URL of one route; ``get_urlpatterns()`` makes one per URL pattern.

    ``json=True`` is the ``.json`` variant (it sets ``request.djangokit_json``); *endpoint*
    is the path of an ``@handler(path=...)`` endpoint; *prefix* is where the routes are mounted.
    """

    # dispatch() checks CSRF per handler, so that @csrf_exempt can exempt one method.
    csrf_exempt = True

    def __init__(
        self,
        tree: RouteTree,
        route_id: str,
        *,
        endpoint: str | None = None,
        json: bool = False,
        prefix: str = "",
    ) -> None:
        self.tree = tree
        self.route = tree.find(route_id)
        self.endpoint = endpoint
        self.json = json
        self.prefix = prefix

    def __repr__(self) -> str:
        suffix = f" {self.endpoint}" if self.endpoint else " .json" if self.json else ""
        return f"<RouteView {self.route.id}{suffix}>"

    def __call__(self, request: HttpRequest, **params: Any) -> HttpResponseBase:
        if self.json:
            request.djangokit_json = True  # type: ignore[attr-defined]
        route = self.route
        if self.endpoint is not None or route.page is None:
            response = self._api(request, params)
        elif request.headers.get(DATA_HEADER) == "1":
            response = self._data(request, params)
        elif wants_json(request):
            if route.handlers_module is None:
                detail = "This URL serves only an HTML page; ask for text/html."
                response = Problem(406, detail=detail).to_response()
            else:
                response = self._api(request, params)
        else:
            response = self._document(request, params)
        if route.page is not None:
            # One URL answers HTML, JSON or route data: caches must key on what was asked.
            patch_vary_headers(response, ["Accept", DATA_HEADER])
        return strip_head_body(request, response)

    def _handlers(self) -> Mapping[str, Handler]:
        if self.route.handlers_module is None:
            return {}
        module = importlib.import_module(self.route.handlers_module)
        if self.endpoint is not None:
            return collect_extra_endpoints(module)[self.endpoint]
        return collect_handlers(module)

    def _api(self, request: HttpRequest, params: Mapping[str, Any]) -> HttpResponseBase:
        handlers = self._handlers()
        outcome = dispatch(request, handlers, params)
        if isinstance(outcome, HttpResponseBase):
            return outcome
        response = to_json_response(outcome, strict=strict_serialization())
        options = get_cache_options(handlers.get("GET"))
        if options is not None and request.method in _SAFE:
            apply_cache_headers(response, options.seconds, options.private)
        return response

    def _data(self, request: HttpRequest, params: Mapping[str, Any]) -> HttpResponseBase:
        """A runtime request: route data for a navigation, the action's result for a
        mutation. Redirects become ``{"redirect": url}`` so the client router follows them."""
        if (request.method or "GET").upper() in _SAFE:
            data = load_route_data(request, self.tree, self.route, params)
            if data.stopped is not None:
                return to_json_response(data.stopped, strict=strict_serialization())
            return _json(data.payload(request, params, self.prefix))
        outcome = dispatch(request, self._handlers(), params)
        if isinstance(outcome, HttpResponseBase):
            return outcome  # OPTIONS, 405, a CSRF failure: the request itself failed
        if outcome.response is not None:
            return to_json_response(outcome, strict=strict_serialization())
        if outcome.problem is not None:
            errors = {self.route.id: outcome.problem.to_dict()}
            return _json({"errors": errors, "status": outcome.status})
        return _json({"action": outcome.data, "status": outcome.status})

    def _document(self, request: HttpRequest, params: Mapping[str, Any]) -> HttpResponseBase:
        method = (request.method or "GET").upper()
        action: HandlerResult | None = None
        if method not in _SAFE:  # a native form post: run the handler, then show the page
            outcome = dispatch(request, self._handlers(), params)
            if isinstance(outcome, HttpResponseBase):
                return outcome
            if outcome.response is not None:
                return see_other(outcome, method) or outcome.response
            action = outcome
        data = load_route_data(request, self.tree, self.route, params)
        if data.stopped is not None:
            assert data.stopped.response is not None
            return see_other(data.stopped, method) or data.stopped.response
        extra: dict[str, Any] = {}
        if action is not None:
            if action.problem is not None:
                data.fail(self.route.id, action.problem)
            else:
                extra["action"] = action.data
                data.status = action.status
        return _placeholder_document(data, data.payload(request, params, self.prefix, **extra))


def _json(data: Any) -> HttpResponse:
    return HttpResponse(dumps(data, strict=strict_serialization()), content_type=JSON_CONTENT_TYPE)


def _placeholder_document(data: RouteData, payload: dict[str, Any]) -> HttpResponse:
    # PLACEHOLDER: the document shell (SSR markup, build-manifest script tags, document.html)
    # replaces this. It already embeds the route data as decision 0001 says the shell will.
    embedded = json_for_html(payload, strict=strict_serialization())
    title = html.escape(str(option("title", "")) or "DjangoKit")
    body = (
        '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f'<title>{title}</title>\n</head>\n<body>\n<div id="root"></div>\n'
        f'<script type="application/json" id="djangokit-data">{embedded}</script>\n'
        "</body>\n</html>\n"
    )
    return HttpResponse(body, status=data.status)
