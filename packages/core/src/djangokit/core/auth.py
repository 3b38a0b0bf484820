"""Sign-in throttling on Django's auth (docs/auth.md, decision 0009).

Failed sign-ins are counted per username and per client IP address in a Django cache, from
Django's ``user_login_failed`` signal, so every ``authenticate()`` counts: ``dk add auth``'s
login page, the admin's, a hand-written one. :class:`ThrottledModelBackend`, the default
``AUTHENTICATION_BACKENDS``, refuses the next attempt once a limit is reached,
right password or not, until enough of the failures are older than ``login_window``: a
sliding-window counter (this window's count plus the previous window's, weighted by how much
of it the sliding window still covers). :class:`LoginForm` is Django's
``AuthenticationForm`` that says so ("Too many failed sign-ins…") instead of "wrong password".
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.http import HttpRequest

from djangokit.settings import AuthSettings

__all__ = ["LoginForm", "ThrottledModelBackend", "client_ip", "login_retry_after"]

_KEY = "djangokit:login-failures"


def _options() -> AuthSettings:
    kit = getattr(settings, "DJANGOKIT", None)
    auth = getattr(kit, "auth", None)
    return auth if isinstance(auth, AuthSettings) else AuthSettings()


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: ``[djangokit.auth] client_ip_header``'s last entry (what the
    proxy appended; earlier ones are the client's word), else ``REMOTE_ADDR``."""
    if request is None:
        return ""
    header = _options().client_ip_header
    if header:
        name = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(name, "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return str(last)
    return str(request.META.get("REMOTE_ADDR", ""))


def _username_key(username: str) -> str:
    # Hashed: a cache key is ASCII of bounded length, and the cache holds no usernames.
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    return f"{_KEY}:user:{digest}"


def _counters(request: HttpRequest | None, username: str | None) -> list[tuple[str, int]]:
    """The counters an attempt touches, with their limits (0: not counted)."""
    options = _options()
    counters: list[tuple[str, int]] = []
    if username and options.login_failures:
        counters.append((_username_key(username), options.login_failures))
    ip = client_ip(request)
    if ip and options.login_failures_per_ip:
        counters.append((f"{_KEY}:ip:{ip}", options.login_failures_per_ip))
    return counters


def _window(now: float) -> int:
    return int(now // _options().login_window)


def _wait(previous: int, current: int, limit: int, elapsed: float, length: int) -> float:
    """Seconds until ``current + ceil(previous * the part of the previous window still
    inside the sliding one)`` drops below *limit*, with no new failures. Rounded up, so a
    burst that straddles the windows' edge is counted whole (a fixed window would forget the
    part before the edge)."""
    room = limit - 1 - current
    if room < 0:  # over the limit in this window alone: wait into the next one
        return length - elapsed + length * (1 - (limit - 1) / current)
    if previous <= room:
        return 0.0
    return max(0.0, length * (1 - room / previous) - elapsed)


def login_retry_after(request: HttpRequest | None, username: str | None) -> int:
    """Seconds until a sign-in for *username* from this client is allowed again; 0 now."""
    counters = _counters(request, username)
    if not counters:
        return 0
    length = _options().login_window
    now = time.time()
    window = _window(now)
    cache = caches[_options().cache_alias]
    counts = cache.get_many([f"{key}:{n}" for key, _ in counters for n in (window - 1, window)])
    wait = max(
        _wait(
            counts.get(f"{key}:{window - 1}", 0),
            counts.get(f"{key}:{window}", 0),
            limit,
            now - window * length,
            length,
        )
        for key, limit in counters
    )
    return max(1, math.ceil(wait)) if wait > 0 else 0


@receiver(user_login_failed, dispatch_uid="djangokit.core.auth.count_failure")
def _count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    cache = caches[_options().cache_alias]
    window = _window(time.time())
    # Kept two windows: the next window still reads this one's count.
    timeout = 2 * _options().login_window
    for key, _ in _counters(request, _username(credentials)):
        counter = f"{key}:{window}"
        cache.add(counter, 0, timeout=timeout)
        try:
            cache.incr(counter)
        except ValueError:  # expired between add() and incr()
            cache.add(counter, 1, timeout=timeout)


@receiver(user_logged_in, dispatch_uid="djangokit.core.auth.clear_failures")
def _clear_failures(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # A successful sign-in forgives the username's failures, not the address's.
    options = _options()
    if options.login_failures:
        window = _window(time.time())
        key = _username_key(user.get_username())
        caches[options.cache_alias].delete_many([f"{key}:{window - 1}", f"{key}:{window}"])


def _username(credentials: dict[str, Any]) -> str | None:
    field = get_user_model().USERNAME_FIELD
    value = credentials.get("username") or credentials.get(field)
    return str(value) if value else None


class ThrottledModelBackend(ModelBackend):
    """Django's ``ModelBackend`` that first refuses (``PermissionDenied``, which stops any
    backends after it) an attempt over the limits. Django still sends ``user_login_failed``,
    so a refused attempt counts too. One backend, so ``login(request, user)`` needs no
    ``backend=`` argument, as with Django's default."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        name = username or kwargs.get(get_user_model().USERNAME_FIELD)
        if login_retry_after(request, str(name) if name else None):
            raise PermissionDenied("too many failed sign-ins")
        return super().authenticate(request, username, password, **kwargs)


class LoginForm(AuthenticationForm):
    """Django's ``AuthenticationForm`` that tells a throttled visitor to wait, instead of
    "wrong password". The message names no account, so it reveals none."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed sign-ins. Try again in %(minutes)s minute(s).",
    }

    def clean(self) -> dict[str, Any]:
        wait = login_retry_after(self.request, self.data.get("username"))
        if wait:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": math.ceil(wait / 60)},
            )
        return super().clean()
