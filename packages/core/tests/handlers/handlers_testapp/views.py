"""A minimal route view built on the handler layer, as the real view layer will use it.

Documents get a stand-in HTML page with the data embedded the way the document shell
embeds route data; JSON clients get the JSON answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from djangokit.core._dispatch import Handler, dispatch, strip_head_body
from djangokit.core._encoding import json_for_html, strict_serialization
from djangokit.core._request_data import wants_json
from djangokit.core._results import HandlerResult, see_other, to_json_response
from djangokit.core.decorators import apply_cache_headers, get_cache_options

View = Callable[..., HttpResponseBase]


def _document(request: HttpRequest, result: HandlerResult) -> HttpResponseBase:
    redirect = see_other(result, request.method or "GET")
    if redirect is not None:
        return redirect
    if result.response is not None:
        return result.response
    if result.problem is not None:
        if result.problem.status == 404:
            raise Http404
        if result.problem.status == 403:
            raise PermissionDenied
        return HttpResponse(f"<h1>{result.problem.title}</h1>", status=result.status)
    data = json_for_html(result.data, strict=strict_serialization())
    page = f'<main></main><script type="application/json" id="route-data">{data}</script>'
    return HttpResponse(page, status=result.status)


def route_view(handlers: Mapping[str, Handler]) -> View:
    def view(request: HttpRequest, **params: Any) -> HttpResponseBase:
        outcome = dispatch(request, handlers, params)
        if isinstance(outcome, HttpResponseBase):
            return strip_head_body(request, outcome)
        if wants_json(request):
            response = to_json_response(outcome, strict=strict_serialization())
        else:
            response = _document(request, outcome)
        options = get_cache_options(handlers.get("GET"))
        if options is not None and request.method in ("GET", "HEAD"):
            apply_cache_headers(response, options.seconds, options.private)
        return strip_head_body(request, response)

    # dispatch() runs the CSRF check per handler, so @csrf_exempt can exempt one method.
    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view
