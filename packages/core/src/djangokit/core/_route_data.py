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
from django.middleware.csrf import get_token

from ._dispatch import Handler, call_handler, collect_handlers
from ._encoding import get_user_serializer
from ._problems import Problem
from ._results import HandlerResult
from ._routes import Route, RouteTree

__all__ = ["RouteData", "load_route_data"]


@dataclass
class RouteData:
    """What the loaders of one request produced.

    ``routes`` maps a route id to ``{"layout": load() result, "page": get() result}`` (each key
    only when the route has that loader). A problem stops loading and is kept in ``errors``
    under the failing route's id. ``stopped`` is a redirect or a response of the handler's
    own: the caller answers with it instead of data.
    """

    matches: list[str]
    routes: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, dict[str, Any]] | None = None
    status: int = 200
    stopped: HandlerResult | None = None

    def fail(self, route_id: str, problem: Problem) -> None:
        self.errors = {route_id: problem.to_dict()}
        self.status = problem.status

    def payload(
        self, request: HttpRequest, params: Mapping[str, Any], prefix: str, **extra: Any
    ) -> dict[str, Any]:
        """The JSON the runtime reads, for the document and for navigations alike."""
        return {
            "csrfToken": get_token(request),
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


def load_route_data(
    request: HttpRequest,
    tree: RouteTree,
    route: Route,
    params: Mapping[str, Any],
    *,
    page: bool = True,
) -> RouteData:
    """Run the loaders of ``tree.chain(route)`` root first; with *page*, also the route's ``get``.

    A layout's ``load`` receives only the parameters of its own URL, so a root layout need
    not accept every parameter of every page below it.
    """
    chain = tree.chain(route)
    data = RouteData(matches=[r.id for r in chain])
    for current in chain:
        own = {name: params[name] for name in current.params if name in params}
        values: dict[str, Any] = {}
        for key, func in _loaders(current, page=page and current is route):
            result = call_handler(request, func, own)
            if result.problem is not None:
                data.fail(current.id, result.problem)
                return data
            if result.response is not None:
                data.stopped = result
                return data
            values[key] = result.data
            if key == "page":
                data.status = result.status
        if values:
            data.routes[current.id] = values
    return data


def _loaders(route: Route, *, page: bool) -> list[tuple[str, Handler]]:
    found: list[tuple[str, Handler]] = []
    if route.layout_module is not None:
        found.append(("layout", importlib.import_module(route.layout_module).load))
    if page and route.handlers_module is not None:
        get = collect_handlers(importlib.import_module(route.handlers_module)).get("GET")
        if get is not None:
            found.append(("page", get))
    return found
