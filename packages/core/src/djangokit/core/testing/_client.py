"""``RouteClient``: Django's test client speaking DjangoKit's protocol (decision 0001)."""

from __future__ import annotations

import json as jsonlib
from typing import TYPE_CHECKING, Any, Literal, cast, overload
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.test import Client

from ._build import ensure_build, server_rendering
from ._results import Action, ApiResult, Page, RouteData, json_body

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

__all__ = ["RouteClient"]

DATA_HEADERS = {"Accept": "application/json", "X-DjangoKit-Data": "1"}
# What browsers send for a navigation (Chromium's Accept).
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# A form's default encoding, in React Router's <Form> as in browsers.
FORM = "application/x-www-form-urlencoded"
_MAX_REDIRECTS = 10


class RouteClient:
    """Requests as the runtime, an API client or a browser without JavaScript sends them.

    ```python
    def test_notes(route_client, db):
        assert route_client.api("/api/notes").data == []
        assert route_client.submit("/", {"text": "hi"}).redirect == "/"
        assert "hi" in route_client.page("/").text
    ```

    CSRF checks are on, as in production: mutations carry the token the way the runtime
    and a native form post do.
    """

    def __init__(self, client: Client | None = None) -> None:
        self.client = client if client is not None else Client(enforce_csrf_checks=True)

    def api(
        self,
        url: str,
        *,
        method: str = "get",
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResult:
        """*method* *url* as an API client (``Accept: application/json``), with *json* as
        the body; unsafe methods carry ``X-CSRFToken`` as the runtime's ``api`` does."""
        extra = {"Accept": "application/json", **(headers or {})}
        kwargs: dict[str, Any] = {}
        if json is not None:
            kwargs = {"data": jsonlib.dumps(json), "content_type": "application/json"}
        if method.lower() not in ("get", "head", "options"):
            extra.setdefault("X-CSRFToken", self._csrf_token(None))
        send = getattr(self.client, method.lower())
        return ApiResult.of(send(url, headers=extra, **kwargs))

    def data(self, url: str) -> RouteData:
        """The route data a client-side navigation to *url* gets (``X-DjangoKit-Data: 1``):
        every matched layout's and the page's data by router id, ``status``, ``errors``."""
        return RouteData.of(self.client.get(url, headers=DATA_HEADERS))

    def page(self, url: str) -> Page:
        """The document a browser gets for *url*, server-rendered when a renderer
        (``org-djangokit-ssr``) and Node are there: the project is built first if its
        sources changed since this run's last build."""
        self._prepare_render()
        response = self.client.get(url, headers={"Accept": BROWSER_ACCEPT})
        return Page.of(url, response)

    @overload
    def submit(
        self, url: str, fields: dict[str, Any], *, js: Literal[True] = ..., method: str = ...
    ) -> Action: ...

    @overload
    def submit(
        self, url: str, fields: dict[str, Any], *, js: Literal[False], method: str = ...
    ) -> Page: ...

    def submit(
        self, url: str, fields: dict[str, Any], *, js: bool = True, method: str = "post"
    ) -> Action | Page:
        """Submit a ``<Form method="post">`` on the page *url* with *fields*.

        ``js=True``: as the runtime does (``X-DjangoKit-Data: 1``, ``X-CSRFToken``); the
        :class:`Action` it answers. ``js=False``: as a browser without JavaScript does (the
        hidden ``csrfmiddlewaretoken`` field), following a redirect (``303``) to the next
        document; the :class:`Page` it ends on.
        """
        token = self._csrf_token(url)
        send = getattr(self.client, method.lower())
        if js:
            headers = {**DATA_HEADERS, "X-CSRFToken": token}
            return Action.of(send(url, _form(fields), FORM, headers=headers))
        self._prepare_render()
        body = _form({**fields, "csrfmiddlewaretoken": token})
        return self._follow(url, send(url, body, FORM, headers=_browser()))

    def login(self, user: AbstractBaseUser) -> None:
        """Sign *user* in for the following requests (no password needed)."""
        self.client.force_login(cast(Any, user))

    def logout(self) -> None:
        self.client.logout()

    def _csrf_token(self, page: str | None) -> str:
        """The token the runtime sends: Django's cookie when scripts can read it, else the
        route data's of *page* (``CSRF_USE_SESSIONS``, ``CSRF_COOKIE_HTTPONLY``); without
        either (an API client, a URL without a page), a new cookie as Django would set."""
        token = self._cookie_token()
        if token or page is None:
            return token or self._new_cookie_token()
        answer = self.client.get(page, headers=DATA_HEADERS)
        body = json_body(answer) if "json" in answer.get("Content-Type", "") else None
        from_data = str(body.get("csrfToken") or "") if isinstance(body, dict) else ""
        return self._cookie_token() or from_data or self._new_cookie_token()

    def _cookie_token(self) -> str:
        cookie = self.client.cookies.get(settings.CSRF_COOKIE_NAME)
        readable = cookie is not None and not settings.CSRF_COOKIE_HTTPONLY
        return str(cookie.value) if readable and cookie is not None else ""

    def _new_cookie_token(self) -> str:
        request = HttpRequest()
        token = get_token(request)
        self.client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
        return token

    def _prepare_render(self) -> None:
        if server_rendering():
            ensure_build()

    def _follow(self, url: str, response: Any) -> Page:
        redirects: list[tuple[str, int]] = []
        while response.status_code in (301, 302, 303):
            if len(redirects) == _MAX_REDIRECTS:
                raise AssertionError(f"more than {_MAX_REDIRECTS} redirects: {redirects}")
            url = urljoin(url, response["Location"])
            redirects.append((url, response.status_code))
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = self.client.get(path, headers=_browser())
        return Page.of(url, response, redirects)


def _browser() -> dict[str, str]:
    return {"Accept": BROWSER_ACCEPT}


def _form(fields: dict[str, Any]) -> str:
    return urlencode(fields, doseq=True)
