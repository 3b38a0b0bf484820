"""The render cache: markup of public, cacheable pages kept in Django's cache framework.

The view decides, where it decides the cache headers: a page whose ``GET`` handler is
marked ``@cache(seconds)`` (not ``private``; ``def get`` or ``@handler("get")`` alike) asks
for its render to be cached, and only an anonymous visitor's render is stored, so a
signed-in user's markup is never shared. The key is the build's hash, the URL and the whole
route data but its CSRF token; the page renders with a placeholder token, which each answer
replaces with its own. Any renderer's output is cached the same way. The cache is
``[djangokit.cache] alias`` (Redis in production, through Django's ``RedisCache``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import caches
from django.utils.html import escape

from ._assets import manifest_path
from ._conf import option

__all__ = ["CSRF_PLACEHOLDER", "KEY_PREFIX", "cached_render"]

CSRF_PLACEHOLDER = "djangokit-ssr-csrf-placeholder"
KEY_PREFIX = "djangokit:ssr:"

_lock = threading.Lock()
_hash: dict[str, tuple[tuple[int, int], str | None]] = {}


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


def _anonymous(data: Mapping[str, Any]) -> bool:
    user = data.get("user")
    return isinstance(user, dict) and user.get("isAuthenticated") is False


def cached_render(
    render: Callable[[Mapping[str, Any]], Any], url: str, data: Mapping[str, Any], seconds: int
) -> tuple[str, str]:
    """``render(data)``'s markup and head, through the cache for *seconds* when the visitor
    is anonymous and the build has a hash."""
    build = _build_hash() if seconds > 0 and _anonymous(data) else None
    if build is None:
        html, head = render(data)  # a RenderResult, or any (html, head) pair
        return html, head
    token = data.get("csrfToken")
    keyed = {k: v for k, v in data.items() if k != "csrfToken"}
    text = json.dumps([build, url, keyed], sort_keys=True, separators=(",", ":"), default=str)
    key = KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()
    config = option("cache")
    cache = caches[config.alias if config is not None else "default"]
    hit = cache.get(key)
    if isinstance(hit, tuple) and len(hit) == 2:
        html, head = hit
    else:
        html, head = render({**data, "csrfToken": CSRF_PLACEHOLDER})
        if html:  # a failed render shown in development (no markup) is not kept
            cache.set(key, (html, head), seconds)
    mine = escape(token) if isinstance(token, str) else ""
    return html.replace(CSRF_PLACEHOLDER, mine), head.replace(CSRF_PLACEHOLDER, mine)
