"""The one view behind every route URL: JSON for API clients, route data for the runtime,
the HTML document for browsers (docs/decisions/0001-route-data-protocol.md).

One view per route, rather than one per file kind, is what lets a single URL serve a page to
a browser and its handler's data to an API client.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.csrf import csrf_failure as django_csrf_failure

from ._caching import is_personal
from ._conf import derived_option, option
from ._dispatch import (
    Handler,
    allowed_methods,
    collect_extra_endpoints,
    collect_handlers,
    dispatch,
    strip_head_body,
)
from ._document import render_document
from ._encoding import dumps, strict_serialization
from ._errors import server_error
from ._not_found import NotFoundView
from ._problems import Problem
from ._request_data import DATA_META, vary_on_data, wants_json
from ._results import JSON_CONTENT_TYPE, HandlerResult, see_other, to_json_response
from ._route_data import Loader, RouteData, load_route_data, route_loaders
from ._routes import RouteTree
from .conventions import page_router_id
from .decorators import CacheOptions, apply_cache_headers, get_cache_options

__all__ = ["NotFoundView", "RouteView", "csrf_failure", "default_cache_options"]

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
        self.page_router_id = self.route.page_router_id or page_router_id(self.route.id)

    def __repr__(self) -> str:
        suffix = f" {self.endpoint}" if self.endpoint else " .json" if self.json else ""
        return f"<RouteView {self.route.id}{suffix}>"

    def __call__(self, request: HttpRequest, **params: Any) -> HttpResponseBase:
        if self.json:
            request.djangokit_json = True  # type: ignore[attr-defined]
        route = self.route
        if self.endpoint is not None or route.page is None:
            response = self._api(request, params)
        elif request.method not in _SAFE and (refused := self._not_allowed(request)) is not None:
            response = refused  # 405 before 406: the method is wrong whatever was accepted
        elif request.META.get(DATA_META) == "1":
            response = vary_on_data(self._data(request, params))
        elif wants_json(request):
            if route.handlers_module is None:
                detail = "This URL serves only an HTML page; ask for text/html."
                response = vary_on_data(Problem(406, detail=detail).to_response())
            else:
                response = vary_on_data(self._api(request, params))
        else:
            response = vary_on_data(self._document(request, params))
        return strip_head_body(request, response)

    # Worked out at the first request (discovery imported the modules already), not per request.
    @cached_property
    def handlers(self) -> Mapping[str, Handler]:
        if self.route.handlers_module is None:
            return {}
        module = importlib.import_module(self.route.handlers_module)
        if self.endpoint is not None:
            return collect_extra_endpoints(module)[self.endpoint]
        return collect_handlers(module)

    @cached_property
    def get_cache(self) -> CacheOptions | None:
        """``@cache`` on the route's ``get``."""
        return get_cache_options(self.handlers.get("GET"))

    @cached_property
    def render_cache_seconds(self) -> int:
        """How long an anonymous visitor's server render of this page may be kept: the
        seconds of a public ``@cache`` on its ``get``, else 0 (``[djangokit.cache]``'s
        default is for HTTP caches only)."""
        options = self.get_cache
        return options.seconds if options is not None and not options.private else 0

    @cached_property
    def loaders(self) -> list[Loader]:
        return route_loaders(self.tree, self.route)

    @cached_property
    def matches(self) -> list[str]:
        return self.tree.router_ids(self.route)

    @cached_property
    def page_methods(self) -> list[str]:
        """The ``Allow`` list of a page route: the page's GET and HEAD, and the handlers'."""
        return allowed_methods({"GET": _page, **self.handlers})

    def _not_allowed(self, request: HttpRequest) -> HttpResponseBase | None:
        """OPTIONS, or a 405, for a method a page route answers without running a handler."""
        method = (request.method or "GET").upper()
        if method in self.handlers:
            return None
        if method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Content-Length"] = "0"
        else:
            response = Problem(405, detail=f"{method} is not allowed here.").to_response()
        response["Allow"] = ", ".join(self.page_methods)
        return response

    def _where(self) -> str:
        return f"route {self.route.id}" + (f" /{self.endpoint}" if self.endpoint else "")

    def _api(self, request: HttpRequest, params: Mapping[str, Any]) -> HttpResponseBase:
        try:
            outcome = dispatch(request, self.handlers, params)
            if isinstance(outcome, HttpResponseBase):
                return outcome
            response = to_json_response(outcome, strict=strict_serialization())
        except Exception as exc:
            return server_error(request, exc, self._where()).to_response()
        self._cache(request, response, data=False)
        return response

    def _load(self, request: HttpRequest, params: Mapping[str, Any], catch: bool) -> RouteData:
        return load_route_data(request, self.loaders, self.matches, params, catch=catch)

    def _data(self, request: HttpRequest, params: Mapping[str, Any]) -> HttpResponseBase:
        """A runtime request: route data for a navigation, the action's result for a
        mutation. Redirects become ``{"redirect": url}`` so the client router follows them."""
        strict = strict_serialization()
        if (request.method or "GET").upper() in _SAFE:
            data = self._load(request, params, catch=True)
            if data.stopped is not None:
                return to_json_response(data.stopped, strict=strict)
            payload = data.payload(request, params, self.prefix, navigation=True)
            response = _json(payload, strict)
            self._cache(request, response, data=True)
            return response
        try:
            outcome = dispatch(request, self.handlers, params)
            if isinstance(outcome, HttpResponseBase):
                return outcome  # OPTIONS, 405, a CSRF failure: the request itself failed
            if outcome.response is not None or outcome.problem is not None:
                return to_json_response(outcome, strict=strict)  # redirect, own response, problem
            return _json({"action": outcome.data, "status": outcome.status}, strict)
        except Exception as exc:
            return server_error(request, exc, self.page_router_id).to_response()

    def _document(self, request: HttpRequest, params: Mapping[str, Any]) -> HttpResponseBase:
        method = (request.method or "GET").upper()
        # In DEBUG a handler's exception reaches Django's technical 500 page; in production it
        # becomes a 500 problem in the route data, which the nearest error.tsx renders.
        catch = not settings.DEBUG
        action: HandlerResult | None = None
        if method not in _SAFE:  # a native form post: run the handler, then show the page
            try:
                outcome = dispatch(request, self.handlers, params)
            except Exception as exc:
                if not catch:
                    raise
                problem = server_error(request, exc, self.page_router_id)
                outcome = HandlerResult(status=500, problem=problem)
            if isinstance(outcome, HttpResponseBase):
                return outcome
            if outcome.response is not None:
                return see_other(outcome, method) or outcome.response
            action = outcome
        data = self._load(request, params, catch=catch)
        if data.stopped is not None:
            assert data.stopped.response is not None
            return see_other(data.stopped, method) or data.stopped.response
        extra: dict[str, Any] = {}
        if action is not None:
            if action.problem is not None:
                data.fail(self.page_router_id, action.problem)
            else:
                extra["action"] = action.data
                # 204 No Content would leave the browser on the form: show the page again.
                data.status = 200 if action.status == 204 else action.status
        payload = data.payload(request, params, self.prefix, **extra)
        cache_seconds = self.render_cache_seconds if action is None else 0
        response = render_document(request, self.tree, data, payload, cache_seconds=cache_seconds)
        self._cache(request, response, data=True)
        return response

    def _cache(self, request: HttpRequest, response: HttpResponseBase, *, data: bool) -> None:
        """``@cache`` on the route's ``get``, else ``[djangokit.cache] seconds``.

        Route data and documents carry the user and a CSRF token (from which the visitor's
        CSRF secret can be recovered), so they are always ``private``; a JSON answer is
        ``private`` when it may depend on the visitor (``is_personal``)."""
        if request.method not in _SAFE:
            return
        options = self.get_cache
        if options is None:
            options = default_cache_options()
            if options is None:
                return
        private = options.private or data or is_personal(request, response)
        apply_cache_headers(response, options.seconds, private)


@derived_option
def default_cache_options() -> CacheOptions | None:
    """``[djangokit.cache]`` as the options of routes without ``@cache``; ``None`` when its
    ``seconds`` is 0 (the default: not cached)."""
    config = option("cache")
    if config is None or config.seconds <= 0:
        return None
    return CacheOptions(config.seconds, config.private)


def _page(request: HttpRequest) -> None:
    """Stands for the page in a page route's method table."""


def _json(data: Any, strict: bool) -> HttpResponse:
    return HttpResponse(dumps(data, strict=strict), content_type=JSON_CONTENT_TYPE)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseBase:
    """``CSRF_FAILURE_VIEW`` (DjangoKit's default): a 403 problem for JSON and route-data
    clients, Django's own 403 page for documents.

    ```json
    {"type": "about:blank", "title": "CSRF verification failed", "status": 403,
     "detail": "CSRF token missing."}
    ```
    """
    if wants_json(request):
        problem = Problem(403, "CSRF verification failed", detail=reason or None)
        return vary_on_data(problem.to_response())
    return django_csrf_failure(request, reason)
