"""The renderer's wire protocols (decision 0004), on persistent connections.

A separately run renderer speaks HTTP/1.1 with JSON bodies, over TCP or a Unix socket:
``POST /render`` with ``{"url", "data"}`` answers ``200 {"html", "head", "status"}`` or
``500 {"error", "stack"}``; ``GET /health`` answers ``200 {"ok": true, "pid", ...}``.

A pool worker speaks length-prefixed frames on its private socket (``renderer.mjs
--frames``; the frame layout is at the top of that file): the same requests, and the markup
as bytes rather than a JSON string, with the resident memory when it runs with
``--report-rss``.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
from pathlib import Path
from typing import Any, NamedTuple

from djangokit.core.ssr import EncodedData, RenderError, RenderResult, server_bundle_path

__all__ = [
    "RENDERER_SCRIPT",
    "Frame",
    "UnixHTTPConnection",
    "WorkerConnection",
    "bundle_path",
    "frame_result",
    "get_health",
    "post_render",
    "render_answer",
    "render_body",
]

RENDERER_SCRIPT = Path(__file__).with_name("renderer.mjs")


def bundle_path() -> Path:
    """The project's server bundle (core's ``server_bundle_path()``), resolved."""
    bundle = server_bundle_path()
    cached = _bundles.get(bundle)
    if cached is None:
        cached = bundle.resolve()
        if cached.is_file():  # resolved once it exists (resolving costs a stat per level)
            _bundles[bundle] = cached
    return cached


_bundles: dict[Path, Path] = {}


class UnixHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a server listening on the Unix socket *path*."""

    def __init__(self, path: str, timeout: float | None = None) -> None:
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def render_body(url: str, data: dict[str, Any] | str) -> bytes:
    """The body of a render request; route data given as its JSON text (``render_json``), or
    that carries it (core's :class:`~djangokit.core.ssr.EncodedData`), is sent as that text,
    not encoded again."""
    if isinstance(data, str):
        return f'{{"url":{json.dumps(url)},"data":{data}}}'.encode()
    if isinstance(data, EncodedData):
        return f'{{"url":{json.dumps(url)},"data":{data.json}}}'.encode()
    return json.dumps({"url": url, "data": data}, separators=(",", ":")).encode()


def render_answer(status: int, raw: bytes) -> tuple[RenderResult, int]:
    """The result of a ``POST /render`` answer and the renderer's resident memory in bytes;
    :class:`RenderError` when the renderer answered with an error."""
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise RenderError(f"the renderer answered {status} with {raw[:200]!r}") from exc
    rss = int(answer.get("rss") or 0) if isinstance(answer, dict) else 0
    if status != 200 or not isinstance(answer, dict):
        error = answer.get("error") if isinstance(answer, dict) else answer
        raise RenderError(f"the renderer failed ({status}): {error}")
    return RenderResult(str(answer.get("html") or ""), str(answer.get("head") or "")), rss


def post_render(
    conn: http.client.HTTPConnection, url: str, data: dict[str, Any] | str, timeout: float
) -> tuple[RenderResult, int]:
    """``POST /render`` on *conn*; the result and the renderer's resident memory in bytes.

    Raises :class:`RenderError` when the renderer answers with an error, and ``OSError``
    (``TimeoutError`` included) when the connection fails: the caller decides whether the
    renderer is still sound.
    """
    conn.timeout = timeout
    if conn.sock is not None:
        conn.sock.settimeout(timeout)
    headers = {"Content-Type": "application/json"}
    conn.request("POST", "/render", render_body(url, data), headers)
    response = conn.getresponse()
    return render_answer(response.status, response.read())


_HEADER = struct.Struct(">HII")  # status, resident memory in KiB, the head's length in bytes
_LENGTH = struct.Struct(">I")
HEALTH_REQUEST = b'{"health":true}'


class Frame(NamedTuple):
    """A pool worker's answer: its status, resident memory in bytes, head and body."""

    status: int
    rss: int
    head: bytes
    body: bytes


def frame_result(frame: Frame) -> tuple[RenderResult, int]:
    """The result of a render answer and the worker's resident memory in bytes;
    :class:`RenderError` when the worker answered with an error."""
    if frame.status != 200:  # its body is the JSON an HTTP answer would carry: same error
        render_answer(frame.status, frame.body)
    return RenderResult(frame.body.decode(), frame.head.decode()), frame.rss


class WorkerConnection:
    """A kept-alive connection to a pool worker on the Unix socket *path*, in frames.

    Each request is one write; each answer is read by its length. Any error closes the
    connection; the next request opens a new one.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.sock: socket.socket | None = None

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def request(self, payload: bytes, timeout: float) -> Frame:
        """Send one request (JSON text); the answer."""
        if self.sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(self.path)
            except OSError:
                sock.close()
                raise
            self.sock = sock
        self.sock.settimeout(timeout)
        try:
            self.sock.sendall(_LENGTH.pack(len(payload)) + payload)
            return self._answer(self.sock)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _answer(sock: socket.socket) -> Frame:
        data = _receive(sock, b"", 4 + _HEADER.size)
        (length,) = _LENGTH.unpack_from(data)
        data = _receive(sock, data, 4 + length)
        if len(data) != 4 + length:  # the worker answers one request at a time
            raise ConnectionResetError("the renderer answered more than it was asked")
        status, kib, head_length = _HEADER.unpack_from(data, 4)
        start = 4 + _HEADER.size
        end = start + head_length
        return Frame(status, kib * 1024, data[start:end], data[end:])


def _receive(sock: socket.socket, data: bytes, size: int) -> bytes:
    """*data* and what *sock* sends next, until there are at least *size* bytes."""
    parts, have = [data], len(data)
    while have < size:
        chunk = sock.recv(max(65536, size - have))
        if not chunk:
            raise ConnectionResetError("the renderer closed the connection")
        parts.append(chunk)
        have += len(chunk)
    return b"".join(parts)


def get_health(conn: WorkerConnection, timeout: float) -> dict[str, Any]:
    """A health request: the worker's answer, which says ``"ok": true`` when it can render."""
    answer: dict[str, Any] = json.loads(conn.request(HEALTH_REQUEST, timeout).body)
    return answer
