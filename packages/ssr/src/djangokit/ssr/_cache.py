"""The render cache: markup of public, cacheable pages kept in Django's cache framework.

A page is cached when its route's ``get`` is marked ``@cache(seconds)`` (not ``private``) and
the visitor is anonymous: a signed-in user's markup is never stored, so never shared. The key
is the build's hash, the URL and the whole route data but its CSRF token; the page renders
with a placeholder token, which each answer replaces with its own. The cache is
``[djangokit.cache] alias`` (Redis in production, through Django's ``RedisCache``).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.utils.html import escape

from djangokit.core import get_route_tree
from djangokit.core._assets import manifest_path
from djangokit.core._conf import option
from djangokit.core.decorators import get_cache_options
from djangokit.core.ssr import RenderResult

__all__ = ["cached_render"]

Render = Callable[..., RenderResult]

CSRF_PLACEHOLDER = "djangokit-ssr-csrf-placeholder"
KEY_PREFIX = "djangokit:ssr:"

_lock = threading.Lock()
_seconds: dict[tuple[int, str], int] = {}
_hash: dict[str, tuple[tuple[int, int], str | None]] = {}


def _cache_seconds(router_ids: list[str]) -> int:
    """How long the page of *router_ids* may be cached: its ``@cache`` seconds, or 0."""
    leaf = router_ids[-1] if router_ids else ""
    if not leaf.startswith("page:"):
        return 0
    tree = get_route_tree()
    key = (id(tree), leaf)
    seconds = _seconds.get(key)
    if seconds is None:
        seconds = 0
        try:
            route = tree.find(leaf.removeprefix("page:"))
        except KeyError:
            route = None
        if route is not None and route.handlers_module is not None:
            handler = getattr(importlib.import_module(route.handlers_module), "get", None)
            options = get_cache_options(handler)
            if options is not None and not options.private:
                seconds = options.seconds
        with _lock:
            _seconds[key] = seconds
    return seconds


def _build_hash() -> str | None:
    """The manifest's ``hash`` (it covers the server bundle); re-read when the file changes."""
    path = manifest_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _hash.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("hash")
    except (OSError, ValueError, AttributeError):
        value = None
    value = value if isinstance(value, str) and value else None
    with _lock:
        _hash[str(path)] = (stamp, value)
    return value


def _anonymous(data: dict[str, Any]) -> bool:
    user = data.get("user")
    return isinstance(user, dict) and user.get("isAuthenticated") is False


def cached_render(
    render: Render, url: str, router_ids: list[str], data: dict[str, Any], timeout: float
) -> RenderResult:
    """``render(url, router_ids, data, timeout=timeout)``, through the cache when the page
    may be cached."""
    seconds = _cache_seconds(router_ids) if _anonymous(data) else 0
    build = _build_hash() if seconds else None
    if build is None:
        return render(url, router_ids, data, timeout=timeout)
    token = data.get("csrfToken")
    keyed = {k: v for k, v in data.items() if k != "csrfToken"}
    text = json.dumps([build, url, keyed], sort_keys=True, separators=(",", ":"), default=str)
    key = KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()
    config = option("cache")
    alias = config.get("alias") if isinstance(config, dict) else getattr(config, "alias", None)
    cache = caches[str(alias or "default")]
    hit = cache.get(key)
    if isinstance(hit, tuple) and len(hit) == 2:
        result = RenderResult(*hit)
    else:
        result = render(url, router_ids, {**data, "csrfToken": CSRF_PLACEHOLDER}, timeout=timeout)
        cache.set(key, (result.html, result.head), seconds)
    mine = escape(token) if isinstance(token, str) else ""
    return RenderResult(
        result.html.replace(CSRF_PLACEHOLDER, mine), result.head.replace(CSRF_PLACEHOLDER, mine)
    )
