"""The render cache: public @cache pages, anonymous visitors, Django's cache (Redis too)."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client

from djangokit.core.testing import unavailable

from .conftest import embedded_data, root_markup

pytestmark = pytest.mark.usefixtures("built")

REDIS = os.environ.get("DJANGOKIT_REDIS", "127.0.0.1:6379")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def _renders(content: bytes) -> str:
    match = re.search(r"render (\d+)", root_markup(content))
    assert match is not None, content
    return match.group(1)


@pytest.fixture(params=["locmem", "redis"])
def render_cache(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    if request.param == "redis":
        host, port = REDIS.rsplit(":", 1)
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
        except OSError as exc:
            unavailable(f"Redis at {REDIS} is unreachable: {exc}")
        try:
            import redis  # noqa: F401  (Django's RedisCache needs it)
        except ImportError:
            pytest.skip("the redis package is not installed")
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS}/15",
            "KEY_PREFIX": f"djangokit-ssr-tests-{os.getpid()}",
        }
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": backend}
    caches["default"].clear()
    yield request.param
    caches["default"].clear()
    caches["default"].close()


@pytest.mark.django_db
def test_public_cacheable_pages_are_rendered_once(
    client: Client, use_ssr: Any, render_cache: str
) -> None:
    use_ssr("pool", workers=1)
    first = client.get("/cached")
    again = Client().get("/cached")  # another visitor: another CSRF token
    assert _renders(first.content) == _renders(again.content)  # the second came from the cache
    # Each answer carries its own visitor's token, where the client will hydrate it.
    for response in (first, again):
        (token,) = TOKEN.findall(root_markup(response.content))
        assert token == embedded_data(response.content)["csrfToken"]
    assert TOKEN.findall(root_markup(first.content)) != TOKEN.findall(root_markup(again.content))
    # Other data, another entry.
    other = client.get("/cached?title=Other")
    assert "Other, render" in root_markup(other.content)
    assert _renders(other.content) != _renders(first.content)


@pytest.mark.django_db
def test_a_signed_in_users_markup_is_never_cached(
    client: Client, use_ssr: Any, render_cache: str
) -> None:
    use_ssr("pool", workers=1)
    user = get_user_model().objects.create_user("ada", password="pw")
    client.force_login(user)
    first = _renders(client.get("/cached").content)
    second = _renders(client.get("/cached").content)
    assert first != second
    anonymous = Client()
    cached = _renders(anonymous.get("/cached").content)
    assert _renders(anonymous.get("/cached").content) == cached
    assert cached not in (first, second)  # not a signed-in user's markup


def test_a_get_declared_with_handler_is_cached_too(client: Client, use_ssr: Any) -> None:
    # The view decides (where it sets Cache-Control), from the route's collected handlers.
    use_ssr("pool", workers=1)
    caches["default"].clear()
    first = client.get("/cached-handler")
    assert "max-age=60" in first["Cache-Control"]
    assert "Declared, render" in root_markup(first.content)
    assert _renders(Client().get("/cached-handler").content) == _renders(first.content)


def test_pages_without_cache_are_rendered_every_time(client: Client, use_ssr: Any) -> None:
    use_ssr("pool", workers=1)
    a = root_markup(client.get("/leak").content)
    b = root_markup(client.get("/leak").content)
    assert a != b
