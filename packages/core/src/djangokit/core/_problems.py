"""RFC 9457 problem details: one error shape for every JSON client.

Handlers return a `Problem` or raise a `ProblemError`; Django's own exceptions that mean
"the client got it wrong" (`Http404`, `PermissionDenied`, validation errors) become
problems too, so API clients never have to parse an HTML error page.
"""

from __future__ import annotations

import http
from typing import Any

import pydantic
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError

from ._encoding import dumps

__all__ = ["PROBLEM_CONTENT_TYPE", "Problem", "ProblemError", "problem_from_exception"]

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error" if status >= 400 else "Unknown Status"


class Problem:
    """An RFC 9457 problem: `return Problem(409, detail="That slug is taken.")`.

    `title` defaults to the HTTP reason phrase; keyword arguments beyond the standard
    members become extension members (`Problem(400, errors={...})`).
    """

    __slots__ = ("detail", "extensions", "instance", "status", "title", "type")

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        *,
        type: str = "about:blank",  # RFC 9457 names the member "type"
        instance: str | None = None,
        **extensions: Any,
    ) -> None:
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise ValueError(f"Problem status must be an HTTP status code, got {status!r}")
        self.status = status
        self.title = title if title is not None else _reason_phrase(status)
        self.detail = detail
        self.type = type
        self.instance = instance
        self.extensions = extensions

    def __repr__(self) -> str:
        return f"Problem({self.status}, {self.title!r}, {self.detail!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dict

    def to_dict(self) -> dict[str, Any]:
        """The JSON members; `detail` and `instance` only when set."""
        data: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        if self.detail is not None:
            data["detail"] = self.detail
        if self.instance is not None:
            data["instance"] = self.instance
        data.update(self.extensions)
        return data

    def to_response(self) -> HttpResponse:
        """An `application/problem+json` response with the problem's status."""
        return HttpResponse(
            dumps(self.to_dict()), status=self.status, content_type=PROBLEM_CONTENT_TYPE
        )


class ProblemError(Exception):
    """Raise a problem from deep inside a handler: `raise ProblemError(Problem(409))`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.title if problem.detail is None else problem.detail)
        self.problem = problem


def _django_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _pydantic_errors(exc: pydantic.ValidationError) -> dict[str, list[str]]:
    # Keyed like Django's form errors so a client handles both the same way. The
    # rejected input is left out: it may be a password.
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        key = ".".join(str(part) for part in error["loc"]) or "__all__"
        errors.setdefault(key, []).append(error["msg"])
    return errors


def _request_problem(exc: BaseException) -> Problem | None:
    """What Django raises for a request it cannot read: the client's fault, never a 500.

    Django's own handler answers these 400 too; as problems they reach JSON clients as JSON
    and documents as the error page, and Django logs the 4xx answer as one warning line.
    """
    if isinstance(exc, RequestDataTooBig):
        detail = "The request body is larger than the server accepts."
        return Problem(413, "Content Too Large", detail=detail)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Problem(400, "Too many fields", detail=str(exc))
    if isinstance(exc, MultiPartParserError):
        return Problem(400, "Malformed form data", detail=str(exc))
    if isinstance(exc, UnreadablePostError):
        return Problem(400, "Unreadable request body")
    if isinstance(exc, SuspiciousOperation | BadRequest):
        # Their messages may describe the server (paths, hosts): only in DEBUG.
        message = str(exc)
        return Problem(400, detail=message if settings.DEBUG and message else None)
    return None


def problem_from_exception(exc: BaseException) -> Problem | None:
    """The problem a client error exception stands for, or None for anything else.

    Messages of `Http404`/`PermissionDenied` are shown only with `DEBUG`, as Django's
    own error pages do: they can name models and lookups. A body over
    `DATA_UPLOAD_MAX_MEMORY_SIZE` is a 413; too many fields, a malformed multipart body or
    another `SuspiciousOperation` a 400.
    """
    if isinstance(exc, ProblemError):
        return exc.problem
    if isinstance(exc, Http404 | PermissionDenied):
        status = 404 if isinstance(exc, Http404) else 403
        message = str(exc)
        return Problem(status, detail=message if settings.DEBUG and message else None)
    if isinstance(exc, ValidationError):
        return Problem(400, "Validation failed", errors=_django_errors(exc))
    if isinstance(exc, pydantic.ValidationError):
        return Problem(400, "Validation failed", errors=_pydantic_errors(exc))
    return _request_problem(exc)
