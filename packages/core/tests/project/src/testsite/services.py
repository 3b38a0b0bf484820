"""Plain project code that route handlers import relatively (``from ...services import``)."""

from __future__ import annotations

POSTS = {
    "hello": {"slug": "hello", "title": "Hello, world"},
    "second-post": {"slug": "second-post", "title": "Second post"},
}
