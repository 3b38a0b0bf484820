"""Decorators for handlers that answer browsers and JSON clients each in their own terms.

Django's `login_required` redirects an API client to an HTML login form; these send a
JSON client a 401/403 problem instead and keep the redirect for documents.

```python
from djangokit.core.decorators import cache, login_required

@login_required
@cache(60, private=True)
def get(request):
    return {"notes": request.user.notes.all()}
```
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar, overload

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

from ._problems import Problem
from ._request_data import DATA_HEADER, full_path_without_index, wants_json

__all__ = [
    "CacheOptions",
    "apply_cache_headers",
    "cache",
    "csrf_exempt",
    "get_cache_options",
    "login_required",
    "permission_required",
]

F = TypeVar("F", bound=Callable[..., Any])


def _unauthenticated(
    request: HttpRequest, login_url: str | None, field: str
) -> Problem | HttpResponseRedirect:
    # Imported here: auth views need the app registry, and handlers may load before it.
    from django.contrib.auth.views import redirect_to_login

    redirect = redirect_to_login(full_path_without_index(request), login_url, field)
    if wants_json(request):
        # The runtime navigates to loginUrl; other clients see a plain 401.
        return Problem(401, detail="Sign in to continue.", loginUrl=redirect["Location"])
    return redirect


@overload
def login_required(func: F, /) -> F: ...
@overload
def login_required(
    *, login_url: str | None = None, redirect_field_name: str = REDIRECT_FIELD_NAME
) -> Callable[[F], F]: ...
def login_required(
    func: F | None = None,
    /,
    *,
    login_url: str | None = None,
    redirect_field_name: str = REDIRECT_FIELD_NAME,
) -> F | Callable[[F], F]:
    """Require a signed-in user: documents redirect to `LOGIN_URL?next=…`, JSON gets a 401."""

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated:
                return func(request, *args, **kwargs)
            return _unauthenticated(request, login_url, redirect_field_name)

        return wrapper  # type: ignore[return-value]

    return decorator(func) if func is not None else decorator


def permission_required(
    perm: str | Iterable[str],
    *,
    login_url: str | None = None,
    redirect_field_name: str = REDIRECT_FIELD_NAME,
    raise_exception: bool = False,
) -> Callable[[F], F]:
    """Require every permission in `perm` (`"app.change_note"` or several).

    A signed-in user without it gets 403. An anonymous visitor gets a 401 problem (JSON)
    or the login redirect (documents; 403 instead with `raise_exception=True`).
    """
    perms = (perm,) if isinstance(perm, str) else tuple(perm)

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            if user.has_perms(perms):
                return func(request, *args, **kwargs)
            if not user.is_authenticated and (wants_json(request) or not raise_exception):
                return _unauthenticated(request, login_url, redirect_field_name)
            raise PermissionDenied

        return wrapper  # type: ignore[return-value]

    return decorator


class CacheOptions(NamedTuple):
    """What `@cache` recorded; the view applies it with `apply_cache_headers`."""

    seconds: int
    private: bool = False


def cache(seconds: int, *, private: bool = False) -> Callable[[F], F]:
    """Let browsers (and, unless `private`, shared caches) keep a GET answer `seconds` long.

    Only marks the handler: headers go on the final response, page or JSON alike.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ValueError(f"@cache needs a whole number of seconds >= 0, got {seconds!r}")

    def decorator(func: F) -> F:
        func.djangokit_cache = CacheOptions(seconds, private)  # type: ignore[attr-defined]
        return func

    return decorator


def get_cache_options(func: object) -> CacheOptions | None:
    options = getattr(func, "djangokit_cache", None)
    return options if isinstance(options, CacheOptions) else None


def apply_cache_headers(
    response: HttpResponseBase, seconds: int, private: bool = False
) -> HttpResponseBase:
    """Add `Cache-Control` to a 200 response that has none, and the `Vary` it needs.

    The same URL answers HTML and JSON, so caches must key on `Accept` and the data header;
    a private answer depends on the session cookie too.
    """
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    if private:
        patch_cache_control(response, private=True, max_age=seconds)
    else:
        patch_cache_control(response, public=True, max_age=seconds)
    patch_vary_headers(response, ["Accept", DATA_HEADER, *(["Cookie"] if private else [])])
    return response


def csrf_exempt(func: F) -> F:
    """Exempt this handler (not the whole route) from CSRF checks, e.g. for a webhook."""
    func.csrf_exempt = True  # type: ignore[attr-defined]
    return func
