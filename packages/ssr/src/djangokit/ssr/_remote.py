"""The ``url`` backend: a renderer run as its own service (``python -m djangokit.ssr serve``),
so rendering scales apart from Django. Same protocol as the pool's workers (decision 0004)."""

from __future__ import annotations

import http.client
import threading
from typing import Any
from urllib.parse import urlsplit

from djangokit.core.ssr import RenderError, RenderResult
from djangokit.settings import SSRSettings

from ._debug import Backend
from ._protocol import UnixHTTPConnection, post_render

__all__ = ["UrlRenderer"]


class UrlRenderer(Backend):
    """``[djangokit.ssr] backend = "url"``: POST each render to ``url`` (``http://host:port``,
    ``https://…`` or ``unix:/path.sock``), on one kept-alive connection per thread."""

    def __init__(self, options: SSRSettings) -> None:
        url = options.url
        if not url:
            raise ValueError('[djangokit.ssr] backend = "url" needs the renderer\'s url')
        self.url = str(url)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._conns: list[http.client.HTTPConnection] = []

    def _connect(self, timeout: float) -> http.client.HTTPConnection:
        if self.url.startswith("unix:"):
            return UnixHTTPConnection(self.url.removeprefix("unix:"), timeout=timeout)
        parts = urlsplit(self.url)
        if parts.scheme == "https":
            return http.client.HTTPSConnection(parts.netloc, timeout=timeout)
        return http.client.HTTPConnection(parts.netloc, timeout=timeout)

    def _render(
        self, url: str, router_ids: list[str], data: dict[str, Any] | str, *, timeout: float
    ) -> RenderResult:
        # A kept-alive connection the server has since closed fails at once: retry on a new one.
        for attempt in (1, 2):
            conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
            fresh = conn is None
            if conn is None:
                conn = self._local.conn = self._connect(timeout)
                with self._lock:
                    self._conns.append(conn)
            try:
                result, _rss = post_render(conn, url, data, timeout)
                return result
            except (OSError, http.client.HTTPException) as exc:
                self._forget(conn)
                retry = (
                    attempt == 1
                    and not fresh
                    and isinstance(exc, ConnectionError | http.client.RemoteDisconnected)
                )
                if not retry:
                    raise RenderError(f"the renderer at {self.url} failed: {exc!r}") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _forget(self, conn: http.client.HTTPConnection) -> None:
        conn.close()
        self._local.conn = None
        with self._lock:
            if conn in self._conns:
                self._conns.remove(conn)

    def close(self) -> None:
        """Close every thread's connection (core calls this when the settings change)."""
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            conn.close()
