"""`request.data`: the request's payload whatever its encoding, and JSON-or-HTML negotiation.

Handlers read `request.data` the same way for a JSON `fetch`, a native form post and a
query string, so one handler serves the React client and a browser without JavaScript.
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

from ._problems import Problem, ProblemError

__all__ = [
    "DATA_HEADER",
    "DATA_META",
    "attach_request_data",
    "full_path_without_index",
    "is_json_content_type",
    "parse_request_data",
    "vary_on_data",
    "wants_json",
]

# Sent by the runtime's client-side navigation to ask for route data instead of a page.
DATA_HEADER = "X-DjangoKit-Data"
DATA_META = "HTTP_X_DJANGOKIT_DATA"

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_DATA_CACHE = "_djangokit_data"
_VARY = ("Accept", DATA_HEADER)
# Django's CSRF form field: a native form's hidden input, not data the handler asked for.
CSRF_FIELD = "csrfmiddlewaretoken"


def is_json_content_type(content_type: str | None) -> bool:
    """`application/json` and structured `+json` types such as `application/merge-patch+json`."""
    if not content_type:
        return False
    content_type = content_type.split(";", 1)[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def wants_json(request: HttpRequest) -> bool:
    """Whether the client asked for data rather than a document.

    Yes for the runtime's `X-DjangoKit-Data: 1`, a `.json` URL (the router sets
    `request.djangokit_json`), an `Accept` header preferring JSON over HTML, or a JSON
    body whose sender does not name HTML in `Accept` (browsers' own forms never send JSON).
    """
    if getattr(request, "djangokit_json", False):
        return True
    # META rather than request.headers, which would copy every header of the request.
    if request.META.get(DATA_META) == "1":
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    if accept == "application/json":  # an API client: no need to parse the header
        return True
    if is_json_content_type(request.content_type) and "text/html" not in accept:
        return True
    if not accept or ("json" not in accept and "*" not in accept):
        return False  # nothing in it could match application/json
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


def full_path_without_index(request: HttpRequest) -> str:
    """``request.get_full_path()`` less React Router's naked ``index`` parameter.

    React Router adds ``?index`` to the action of a form on an index route (so that it
    posts to the page rather than to the layout around it). Django routes by path only, so
    the marker changes nothing here; this is for URLs a visitor is sent back to later, such
    as ``login_required``'s ``next``.
    """
    query = request.META.get("QUERY_STRING", "")
    if "index" not in query:
        return request.get_full_path()
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if (name, value) != ("index", "")]
    if len(kept) == len(pairs):
        return request.get_full_path()
    path = request.get_full_path().split("?", 1)[0]
    return f"{path}?{urlencode(kept)}" if kept else path


def vary_on_data(response: HttpResponseBase) -> HttpResponseBase:
    """Add ``Vary: Accept, X-DjangoKit-Data``: one URL answers HTML, JSON or route data, and
    caches must key on what was asked."""
    if response.has_header("Vary"):
        patch_vary_headers(response, _VARY)
    else:
        response["Vary"] = ", ".join(_VARY)  # the usual case, without parsing a header
    return response


def _parse_json(request: HttpRequest) -> Any:
    try:
        text = request.body.decode(request.encoding or "utf-8")
        return json.loads(text)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg}: line {exc.lineno} column {exc.colno}"
        raise ProblemError(Problem(400, "Malformed JSON", detail=detail)) from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise ProblemError(Problem(400, "Malformed JSON", detail=str(exc))) from exc
    except RecursionError as exc:  # `[[[[…`: the parser recurses once per level
        detail = "The JSON is nested too deeply."
        raise ProblemError(Problem(400, "Malformed JSON", detail=detail)) from exc


def _without_csrf_field(data: QueryDict, *, own: bool) -> QueryDict:
    """*data* less Django's ``csrfmiddlewaretoken``; a copy unless *own* (request.POST is
    Django's and stays as the CSRF middleware read it)."""
    if CSRF_FIELD not in data:
        return data
    if not own:
        data = data.copy()
    data._mutable = True
    del data[CSRF_FIELD]
    data._mutable = False
    return data


def _parse_form(request: HttpRequest, content_type: str) -> QueryDict:
    try:
        if request.method == "POST":
            return _without_csrf_field(request.POST, own=False)
    except MultiPartParserError as exc:
        raise ProblemError(Problem(400, "Malformed form data", detail=str(exc))) from exc
    # Django parses form bodies for POST only; PUT, PATCH and DELETE get the same here.
    if content_type == "application/x-www-form-urlencoded":
        return _without_csrf_field(QueryDict(request.body, encoding=request.encoding), own=True)
    # Mirror HttpRequest._load_post_and_files: stream unless the body was already read.
    stream: Any = BytesIO(request.body) if hasattr(request, "_body") else request
    try:
        parser = MultiPartParser(request.META, stream, request.upload_handlers, request.encoding)
        data, files = parser.parse()
    except MultiPartParserError as exc:
        raise ProblemError(Problem(400, "Malformed form data", detail=str(exc))) from exc
    request._files = files  # type: ignore[attr-defined]  # so request.FILES works too
    return _without_csrf_field(data, own=True)


def parse_request_data(request: HttpRequest) -> Any:
    """The payload: parsed JSON, a form `QueryDict`, the query string for safe methods, or {}.

    A form loses Django's `csrfmiddlewaretoken` field (a copy: `request.POST` keeps it).
    The query string is `request.GET` as it is, React Router's `?index` marker included.
    Malformed or too deeply nested JSON and undecodable bodies raise `ProblemError` (a 400),
    never a 500; so does a body Django refuses (`RequestDataTooBig` is a 413).
    """
    if request.method in _SAFE_METHODS:
        return request.GET
    content_type = request.content_type or ""
    if content_type in _FORM_TYPES:
        return _parse_form(request, content_type)
    if not request.body:
        return {}
    if is_json_content_type(content_type):
        return _parse_json(request)
    detail = f"Send JSON or a form, not {content_type or 'a body without a Content-Type'}."
    raise ProblemError(Problem(415, detail=detail))


def _data(request: HttpRequest) -> Any:
    cached = request.__dict__
    if _DATA_CACHE not in cached:
        cached[_DATA_CACHE] = parse_request_data(request)
    return cached[_DATA_CACHE]


def _set_data(request: HttpRequest, value: Any) -> None:
    request.__dict__[_DATA_CACHE] = value


def _data_class(cls: type[HttpRequest]) -> type[HttpRequest]:
    namespace: dict[str, Any] = {"data": property(_data, _set_data), "__module__": cls.__module__}
    base_files = getattr(cls, "FILES", None)
    if isinstance(base_files, property) and base_files.fget is not None:
        get_files = base_files.fget

        def files(request: HttpRequest) -> Any:
            # Django parses multipart bodies for POST only; ours fills request._files for
            # PUT/PATCH/DELETE, so parse before Django decides there are no files.
            if request.method != "POST" and request.content_type == "multipart/form-data":
                _data(request)
            return get_files(request)

        namespace["FILES"] = property(files)
    return type(cls.__name__, (cls,), namespace)


_DATA_CLASSES: dict[type[HttpRequest], type[HttpRequest]] = {}


def attach_request_data(request: HttpRequest) -> None:
    """Give `request` a lazy `data` attribute, parsed on first access and then cached.

    An attribute can only be lazy through a class property, so the request's class is
    swapped for a cached subclass adding `data`; `isinstance` checks are unaffected.
    """
    cls = type(request)
    subclass = _DATA_CLASSES.get(cls)  # the usual case first: a request of a known class
    if subclass is None:
        if isinstance(getattr(cls, "data", None), property):
            return  # attached already
        subclass = _DATA_CLASSES[cls] = _data_class(cls)
    request.__class__ = subclass
