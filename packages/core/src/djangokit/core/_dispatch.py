"""Finding a route's handlers and calling the right one for a request.

`handlers.py` holds plain functions named after HTTP methods; this module turns such a
module into a method table, answers HEAD, OPTIONS and 405 the way HTTP expects, and maps
client-error exceptions to problems so a handler can simply raise them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

from ._forms import FORM_STATUS, validation_error_data
from ._problems import Problem, problem_from_exception
from ._request_data import attach_request_data
from ._results import HandlerResult, normalize_result

__all__ = [
    "HTTP_METHODS",
    "Handler",
    "HandlerSpec",
    "allowed_methods",
    "call_handler",
    "collect_extra_endpoints",
    "collect_handlers",
    "dispatch",
    "get_handler_spec",
    "handler",
    "is_csrf_exempt",
    "strip_head_body",
]

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

Handler = Callable[..., Any]
F = TypeVar("F", bound=Handler)


@dataclass(frozen=True, slots=True)
class HandlerSpec:
    """What `@handler` recorded: the upper-case method and the sub-path, if any."""

    method: str
    path: str | None = None


def handler(method: str, *, path: str | None = None) -> Callable[[F], F]:
    """Mark a function as a handler under any name, or as an extra endpoint below the route.

    ```python
    @handler("get", path="export")     # blog/_slug/handlers.py -> /blog/<slug>/export
    def export(request, slug: str): ...
    ```
    """
    if method.lower() not in HTTP_METHODS:
        raise ValueError(
            f"@handler method must be one of {', '.join(HTTP_METHODS)}; got {method!r}"
        )
    sub_path = path.strip("/") if path is not None else ""
    spec = HandlerSpec(method.upper(), sub_path or None)

    def mark(func: F) -> F:
        if get_handler_spec(func) is not None:
            raise TypeError(f"{func.__qualname__} already has @handler; use one per function")
        func.djangokit_handler = spec  # type: ignore[attr-defined]
        return func

    return mark


def get_handler_spec(func: object) -> HandlerSpec | None:
    spec = getattr(func, "djangokit_handler", None)
    return spec if isinstance(spec, HandlerSpec) else None


def _handler_functions(module: ModuleType) -> list[tuple[str, Handler]]:
    found = []
    for name, obj in vars(module).items():
        if name.startswith("_") or isinstance(obj, type) or not callable(obj):
            continue
        if name in HTTP_METHODS or get_handler_spec(obj) is not None:
            if inspect.iscoroutinefunction(obj):
                raise ImproperlyConfigured(
                    f"{module.__name__}.{name} is async; handlers must be plain functions"
                )
            found.append((name, obj))
    return found


def _add(table: dict[str, Handler], method: str, func: Handler, where: str) -> None:
    existing = table.get(method)
    if existing is not None and existing is not func:
        raise ImproperlyConfigured(
            f"{where} has two {method} handlers: {existing.__name__} and {func.__name__}"
        )
    table[method] = func


def collect_handlers(module: ModuleType) -> dict[str, Handler]:
    """`{"GET": get, "POST": post, ...}` for the route itself (extra endpoints left out)."""
    table: dict[str, Handler] = {}
    for name, func in _handler_functions(module):
        spec = get_handler_spec(func)
        if spec is None:
            _add(table, name.upper(), func, module.__name__)
        elif spec.path is None:
            _add(table, spec.method, func, module.__name__)
    return table


def collect_extra_endpoints(module: ModuleType) -> dict[str, dict[str, Handler]]:
    """`{"export": {"GET": export}}`: the `@handler(..., path=...)` endpoints of a module."""
    endpoints: dict[str, dict[str, Handler]] = {}
    for _name, func in _handler_functions(module):
        spec = get_handler_spec(func)
        if spec is not None and spec.path is not None:
            table = endpoints.setdefault(spec.path, {})
            _add(table, spec.method, func, f"{module.__name__} (path {spec.path!r})")
    return endpoints


def allowed_methods(handlers: Mapping[str, Handler]) -> list[str]:
    """The `Allow` list: the handlers' methods, HEAD with GET, and OPTIONS always."""
    methods = {method.upper() for method in handlers}
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    order = ["GET", "HEAD", *(m.upper() for m in HTTP_METHODS[1:]), "OPTIONS"]
    return [m for m in order if m in methods] + sorted(methods - set(order))


def is_csrf_exempt(func: object) -> bool:
    """Whether the handler opted out of CSRF checks (`@csrf_exempt`)."""
    return bool(getattr(func, "csrf_exempt", False))


@functools.lru_cache(maxsize=4)
def _csrf_middleware_class(middleware: tuple[str, ...]) -> type[CsrfViewMiddleware] | None:
    for path in middleware:
        cls = import_string(path)
        if isinstance(cls, type) and issubclass(cls, CsrfViewMiddleware):
            return cls
    return None


def _check_csrf(request: HttpRequest, func: Handler) -> HttpResponseBase | None:
    # The route view is one view for all its methods, so the middleware cannot know which
    # handler will run. Checking here per handler lets `@csrf_exempt` work on one method;
    # a request the middleware already accepted is not checked twice.
    cls = _csrf_middleware_class(tuple(settings.MIDDLEWARE))
    if cls is None:
        return None
    return cls(lambda request: HttpResponse()).process_view(request, func, (), {})


def call_handler(request: HttpRequest, func: Handler, params: Mapping[str, Any]) -> HandlerResult:
    """Attach `request.data`, call `func(request, **params)` and normalize what it returns.

    A `ValidationError` raised by a mutation is answered like a returned invalid form
    (docs/forms.md); raised by a `GET`, it is a 400 problem (a page's data has no form).
    """
    attach_request_data(request)
    try:
        value = func(request, **params)
    except Exception as exc:
        if isinstance(exc, ValidationError) and request.method not in _SAFE_METHODS:
            return HandlerResult(status=FORM_STATUS, data=validation_error_data(exc, request))
        problem = problem_from_exception(exc)
        if problem is None:
            raise
        return HandlerResult(status=problem.status, problem=problem)
    return normalize_result(value, method=request.method or "GET", func=func)


def dispatch(
    request: HttpRequest, handlers: Mapping[str, Handler], params: Mapping[str, Any]
) -> HandlerResult | HttpResponseBase:
    """Run the handler for `request.method`.

    Returns a response for what HTTP answers without a handler (OPTIONS, 405, a CSRF
    failure) and a `HandlerResult` otherwise. HEAD runs GET: pass the final response
    through `strip_head_body`.
    """
    method = (request.method or "GET").upper()
    func = handlers.get("GET" if method == "HEAD" else method)  # the usual, upper-case table
    table = handlers if func is not None else _upper(handlers)
    if method == "OPTIONS" and "OPTIONS" not in table:
        response = HttpResponse(status=200)
        response["Allow"] = ", ".join(allowed_methods(table))
        response["Content-Length"] = "0"
        return response
    func = func or table.get("GET" if method == "HEAD" else method)
    if func is None:
        response = Problem(405, detail=f"{method} is not allowed here.").to_response()
        response["Allow"] = ", ".join(allowed_methods(table))
        return response
    # Django's CSRF check accepts every safe method; skip building it for them.
    if method not in _SAFE_METHODS:
        try:
            rejected = _check_csrf(request, func)
        except Exception as exc:  # it reads a form body: too large, too many fields, ...
            problem = problem_from_exception(exc)
            if problem is None:
                raise
            return HandlerResult(status=problem.status, problem=problem)
        if rejected is not None:
            return rejected
    return call_handler(request, func, params)


def _upper(handlers: Mapping[str, Handler]) -> dict[str, Handler]:
    return {key.upper(): func for key, func in handlers.items()}


def strip_head_body(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """For HEAD, drop the body but keep the Content-Length a GET would have had."""
    if request.method != "HEAD" or not isinstance(response, HttpResponse):
        return response
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    response.content = b""
    return response
