"""Every form a handler may return, normalized into one `HandlerResult`.

The page view and the JSON view both start from a `HandlerResult`, so a handler never
needs to know which of them is answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.forms import BaseForm
from django.http import HttpResponse
from django.http.response import HttpResponseBase, HttpResponseRedirectBase

from ._encoding import dumps
from ._forms import FORM_STATUS, form_data
from ._problems import Problem

__all__ = [
    "JSON_CONTENT_TYPE",
    "HandlerResult",
    "normalize_result",
    "see_other",
    "to_json_response",
]

JSON_CONTENT_TYPE = "application/json"

_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Headers that describe the redirect itself; the rest (cookies, Vary, ...) carry over.
_REDIRECT_ONLY_HEADERS = frozenset({"location", "content-type", "content-length"})


# Not frozen: a frozen dataclass's __init__ costs three times as much, once per request.
@dataclass(slots=True)
class HandlerResult:
    """What a handler answered (read-only by convention).

    Exactly one of these holds: `problem` is set; `response` is set (and `redirect` too
    when it is a redirect); or `data` with `status` is the payload.
    """

    status: int = 200
    data: Any = None
    response: HttpResponseBase | None = None
    redirect: str | None = None
    problem: Problem | None = None


def _check_status(status: object) -> int:
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError(f"A handler's (status, data) needs an int status 100-599, got {status!r}")
    return status


def normalize_result(value: Any, *, method: str = "GET", func: Any = None) -> HandlerResult:
    """Turn a handler's return value into a `HandlerResult`.

    `None` is `null` (200) for GET and 204 No Content for a mutation; an invalid bound
    form is 400 with its errors and values (docs/forms.md). *func*, the handler, names it
    in errors.
    """
    if type(value) is dict or type(value) is list:  # the usual answer, checked first
        return HandlerResult(data=value)
    if isinstance(value, HandlerResult):
        return value
    if isinstance(value, Problem):
        return HandlerResult(status=value.status, problem=value)
    if isinstance(value, HttpResponseBase):
        redirect = value["Location"] if isinstance(value, HttpResponseRedirectBase) else None
        return HandlerResult(status=value.status_code, response=value, redirect=redirect)
    if isinstance(value, BaseForm):
        where = f"{func.__qualname__}()" if func is not None else "The handler"
        return HandlerResult(status=FORM_STATUS, data=form_data(value, handler=where))
    if isinstance(value, tuple):
        if len(value) != 2:
            raise TypeError(
                f"A handler returned a tuple of {len(value)} items; return (status, data), "
                "or a list for a JSON array."
            )
        status, data = _check_status(value[0]), value[1]
        if isinstance(data, Problem | HttpResponseBase):
            kind = type(data).__name__
            raise TypeError(f"(status, data) cannot wrap a {kind}; return the {kind} itself.")
        return HandlerResult(status=status, data=data)
    if value is None and method.upper() not in _BODYLESS_METHODS:
        return HandlerResult(status=204)
    return HandlerResult(data=value)


def to_json_response(result: HandlerResult, *, strict: bool) -> HttpResponseBase:
    """The answer for a JSON client.

    A redirect becomes `{"redirect": url}` (200) so the runtime can navigate instead of
    `fetch` following it; its cookies and other headers are kept.
    """
    if result.problem is not None:
        return result.problem.to_response()
    if result.redirect is not None and result.response is not None:
        response = HttpResponse(
            dumps({"redirect": result.redirect}), content_type=JSON_CONTENT_TYPE
        )
        for header, value in result.response.items():
            if header.lower() not in _REDIRECT_ONLY_HEADERS:
                response[header] = value
        response.cookies.update(result.response.cookies)
        return response
    if result.response is not None:
        return result.response
    if result.status == 204 or (result.data is None and result.status in (205, 304)):
        return HttpResponse(status=result.status)
    return HttpResponse(
        dumps(result.data, strict=strict), status=result.status, content_type=JSON_CONTENT_TYPE
    )


def see_other(result: HandlerResult, method: str) -> HttpResponseBase | None:
    """The redirect response for a document request, as 303 after a non-GET method.

    A native form post that the handler answers with `redirect(...)` must become a GET
    of the target; 303 says so explicitly (browsers only assume it for 302).
    """
    response = result.response
    if result.redirect is None or response is None:
        return None
    if method.upper() not in _BODYLESS_METHODS and response.status_code in (301, 302):
        response.status_code = 303
    return response
