"""Whether an answer may go to a shared cache: never when it may belong to one visitor.

``@cache(seconds)`` asks for ``public``; an answer that depends on the session, on an
``Authorization`` header or on cookies it sets is sent ``private`` whatever the decorator says,
so a proxy or CDN never serves one visitor's data (or CSRF token) to another.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import has_vary_header
from django.utils.functional import empty

__all__ = ["is_personal"]


def is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether *response* may depend on who asked: the request carries a session cookie or
    credentials, the session (and so the user) was read, or the response sets a cookie or
    varies on ``Cookie``.

    Checked without loading the user: a handler that never looked at it answers the same to all.
    """
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    # SessionMiddleware adds `Vary: Cookie` after the view when the session was read.
    if getattr(getattr(request, "session", None), "accessed", False):
        return True
    # get_token() without a CSRF cookie: CsrfViewMiddleware will set one on this response.
    if meta.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        return True
    if response.has_header("Vary") and has_vary_header(response, "Cookie"):
        return True
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return False  # never loaded: the answer cannot depend on it
    return bool(getattr(user, "is_authenticated", False))
