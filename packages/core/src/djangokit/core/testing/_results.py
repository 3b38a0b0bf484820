"""What :class:`RouteClient` answers: an API result, route data, an action, a page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.http.response import HttpResponseBase

from ._html import parse_document, visible_text

__all__ = ["Action", "ApiResult", "Page", "RouteData", "json_body"]


def _content(response: HttpResponseBase) -> bytes:
    return bytes(getattr(response, "content", b""))


def json_body(response: HttpResponseBase) -> Any:
    """*response*'s JSON body (``None`` when empty); an assertion error for anything else."""
    content = _content(response)
    if not content:
        return None
    content_type = response.get("Content-Type", "")
    if "json" not in content_type:
        raise AssertionError(
            f"expected JSON, got {response.status_code} {content_type!r}: {content[:300]!r}"
        )
    return json.loads(content)


@dataclass(frozen=True)
class ApiResult:
    """A handler's answer to an API client: ``status`` and ``data`` (parsed JSON, ``None``
    without a body). A problem's ``data`` is the problem document."""

    status: int
    data: Any
    response: HttpResponseBase = field(repr=False)

    @classmethod
    def of(cls, response: HttpResponseBase) -> ApiResult:
        return cls(response.status_code, json_body(response), response)

    @property
    def problem(self) -> dict[str, Any] | None:
        """The RFC 9457 problem, when the answer is ``application/problem+json``."""
        is_problem = self.response.get("Content-Type", "").startswith("application/problem+json")
        return self.data if is_problem and isinstance(self.data, dict) else None


@dataclass(frozen=True)
class RouteData:
    """The route data of a navigation (``X-DjangoKit-Data: 1``), as the runtime receives it.

    ``routes`` maps router ids (``layout:root``, ``page:blog/_slug``) to their data;
    ``data["page:blog/_slug"]`` reads one, ``data.page`` the page's own.
    """

    status: int
    routes: dict[str, Any]
    errors: dict[str, Any] | None
    redirect: str | None
    json: dict[str, Any] = field(repr=False)
    response: HttpResponseBase = field(repr=False)

    @classmethod
    def of(cls, response: HttpResponseBase) -> RouteData:
        body = json_body(response)
        if not isinstance(body, dict):
            raise AssertionError(f"expected route data, got {response.status_code}: {body!r}")
        return cls(
            status=int(body.get("status", response.status_code)),
            routes=body.get("routes") or {},
            errors=body.get("errors"),
            redirect=body.get("redirect"),
            json=body,
            response=response,
        )

    def __getitem__(self, router_id: str) -> Any:
        return self.routes[router_id]

    @property
    def matches(self) -> list[str]:
        return list(self.json.get("matches") or [])

    @property
    def page(self) -> Any:
        """The data of the matched page (the last match), or ``None``."""
        leaf = self.matches[-1] if self.matches else ""
        return self.routes.get(leaf) if leaf.startswith("page:") else None

    @property
    def user(self) -> dict[str, Any]:
        return dict(self.json.get("user") or {})


@dataclass(frozen=True)
class Action:
    """The answer to a form submitted through the runtime: ``redirect`` (the router
    navigates), ``data`` (what ``useActionData()`` gets) or ``problem`` (thrown to the
    nearest ``error.tsx``). ``status`` is the handler's, ``http_status`` the response's."""

    status: int
    data: Any
    redirect: str | None
    problem: dict[str, Any] | None
    http_status: int
    response: HttpResponseBase = field(repr=False)

    @classmethod
    def of(cls, response: HttpResponseBase) -> Action:
        body = json_body(response)
        if response.get("Content-Type", "").startswith("application/problem+json"):
            return cls(response.status_code, None, None, body, response.status_code, response)
        if not isinstance(body, dict):  # 204: the handler returned None
            return cls(response.status_code, body, None, None, response.status_code, response)
        return cls(
            status=int(body.get("status", response.status_code)),
            data=body.get("action"),
            redirect=body.get("redirect"),
            problem=None,
            http_status=response.status_code,
            response=response,
        )


@dataclass(frozen=True)
class Page:
    """A document: ``status``, ``markup`` (inside ``#djangokit-root``; empty unless rendered
    on the server), ``text`` (the markup as a reader sees it), ``data`` (the embedded route
    data), ``title``, and the ``redirects`` followed to get here (``[("/", 303)]``)."""

    url: str
    status: int
    markup: str = field(repr=False)
    data: dict[str, Any] = field(repr=False)
    title: str | None
    redirects: list[tuple[str, int]]
    html: str = field(repr=False)
    response: HttpResponseBase = field(repr=False)

    @classmethod
    def of(
        cls, url: str, response: HttpResponseBase, redirects: list[tuple[str, int]] | None = None
    ) -> Page:
        text = _content(response).decode(response.charset or "utf-8")
        parts = parse_document(text)
        if not isinstance(parts.data, dict):
            raise AssertionError(
                f"{url} answered {response.status_code} without DjangoKit's route data: "
                f"{text[:300]!r}"
            )
        return cls(
            url=url,
            status=response.status_code,
            markup=parts.markup,
            data=parts.data,
            title=parts.title,
            redirects=redirects or [],
            html=text,
            response=response,
        )

    @property
    def text(self) -> str:
        """The rendered markup without tags: ``assert "No notes yet." in page.text``."""
        return visible_text(self.markup)

    @property
    def rendered(self) -> bool:
        """Whether the server rendered markup (else the browser renders the empty root)."""
        return bool(self.markup.strip())

    @property
    def routes(self) -> dict[str, Any]:
        return dict(self.data.get("routes") or {})
