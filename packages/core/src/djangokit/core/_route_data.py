"""Route data (docs/decisions/0001): every layout ``load()`` and the page's ``get`` from the
root to the matched route, run for one request.

The HTML document embeds it and client-side navigation fetches it (``X-DjangoKit-Data: 1``),
so both come from this one module and cannot disagree.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from ._csrf import csrf_token
from ._dispatch import Handler, call_handler, collect_handlers
from ._encoding import get_user_serializer
from ._errors import server_error
from ._problems import Problem
from ._results import HandlerResult
from ._routes import Route, RouteTree

__all__ = ["Loader", "RouteData", "load_route_data", "route_loaders"]


@dataclass(frozen=True, slots=True)
class Loader:
    """One function that produces route data: a layout's ``load`` or a page's ``get``."""

    router_id: str
    func: Handler
    params: tuple[str, ...]
    page: bool = False


@dataclass
class RouteData:
    """What the loaders of one request produced.

    ``routes`` maps a router id (``layout:blog``, ``page:blog/_slug``) to its loader's
    result. A problem stops loading and is kept in ``errors`` under the failing router id.
    ``stopped`` is a redirect or a response of the handler's own: the caller answers with it
    instead of data. ``not_found`` marks the document of a URL that no route matches.
    """

    matches: list[str]
    routes: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, dict[str, Any]] | None = None
    status: int = 200
    stopped: HandlerResult | None = None
    not_found: bool = False

    def fail(self, router_id: str, problem: Problem) -> None:
        self.errors = {**(self.errors or {}), router_id: problem.to_dict()}
        self.status = problem.status

    def payload(
        self,
        request: HttpRequest,
        params: Mapping[str, Any],
        prefix: str,
        *,
        navigation: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """The JSON the runtime reads, for the document and for navigations alike (a
        *navigation* does not renew the CSRF cookie the browser has: ``_csrf``)."""
        payload = {
            # Also makes CsrfViewMiddleware set the cookie (a new one, or a document's).
            "csrfToken": csrf_token(request, renew=not navigation),
            "errors": self.errors,
            "matches": self.matches,
            "params": dict(params),
            "prefix": prefix,
            "routes": self.routes,
            "status": self.status,
            "url": request.get_full_path(),
            "user": get_user_serializer()(getattr(request, "user", None)),
            **extra,
        }
        if self.not_found:
            payload["notFound"] = True
        return payload


def route_loaders(tree: RouteTree, route: Route, *, page: bool = True) -> list[Loader]:
    """The loaders of ``tree.chain(route)``, root first; with *page*, the route's ``get`` last.

    Worked out once per route view: the modules are imported and the handlers collected at
    the first request, not at every one.
    """
    loaders: list[Loader] = []
    for current in tree.chain(route):
        # A layout's load receives only the parameters of its own URL, so a root layout
        # need not accept every parameter of every page below it.
        params = tuple(current.params)
        if current.layout_module is not None and current.layout_router_id is not None:
            load = importlib.import_module(current.layout_module).load
            loaders.append(Loader(current.layout_router_id, load, params))
        if page and current is route and current.handlers_module is not None:
            module = importlib.import_module(current.handlers_module)
            get = collect_handlers(module).get("GET")
            if get is not None and current.page_router_id is not None:
                loaders.append(Loader(current.page_router_id, get, params, page=True))
    return loaders


def load_route_data(
    request: HttpRequest,
    loaders: list[Loader],
    matches: list[str],
    params: Mapping[str, Any],
    *,
    catch: bool = True,
) -> RouteData:
    """Run *loaders* in order and collect their results under their router ids.

    With *catch*, an exception in a loader is logged and kept as a 500 problem in
    ``errors`` (the nearest ``error.tsx`` renders it); without, it propagates, so that
    Django's debug page shows the traceback of a document request.
    """
    data = RouteData(matches=matches)
    for loader in loaders:
        own = {name: params[name] for name in loader.params if name in params}
        try:
            result = call_handler(request, loader.func, own)
        except Exception as exc:
            if not catch:
                raise
            data.fail(loader.router_id, server_error(request, exc, loader.router_id))
            return data
        if result.problem is not None:
            data.fail(loader.router_id, result.problem)
            return data
        if result.response is not None:
            data.stopped = result
            return data
        data.routes[loader.router_id] = result.data
        if loader.page:
            data.status = result.status
    return data
