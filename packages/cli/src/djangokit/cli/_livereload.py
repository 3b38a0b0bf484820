"""Live reload for `dk dev`: a server-sent-events stream and the script that listens to it.

The build (`watch()`, in the `dk dev` process) writes a fresh manifest after every rebuild and
``.djangokit/dev-error.txt`` while a rebuild is failing; the stream, served by the Django
development server (another process), watches both files. The page reloads on a new build,
and also when the stream reconnects, which is what a Python change (the server restarting)
looks like from the browser.
"""

from __future__ import annotations

import json
import pathlib
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

__all__ = ["ERROR_FILE", "EVENTS_PATH", "LiveReloadMiddleware", "SCRIPT", "events"]

EVENTS_PATH = "/__djangokit__/live-reload"
ERROR_FILE = "dev-error.txt"
SCRIPT = (
    "<script>(() => {"
    f'const source = new EventSource("{EVENTS_PATH}"); let opened = false;'
    'source.addEventListener("reload", () => location.reload());'
    'source.addEventListener("failed", (e) => console.error("DjangoKit build: " + '
    "JSON.parse(e.data)));"
    "source.onopen = () => { if (opened) location.reload(); opened = true; };"
    "})();</script>"
)
_POLL = 0.2
_KEEPALIVE = 15.0


def events(manifest: pathlib.Path, error_file: pathlib.Path, *, limit: float = 0) -> Iterator[str]:
    """The event stream: ``reload`` when the manifest's hash changes, ``failed`` (with the
    message) when a rebuild fails, a comment now and then to notice closed connections."""
    yield "retry: 500\n\n"
    hash_, error, idle, started = _hash(manifest), _read(error_file), 0.0, time.monotonic()
    while not limit or time.monotonic() - started < limit:
        time.sleep(_POLL)
        idle += _POLL
        new_hash, new_error = _hash(manifest), _read(error_file)
        if new_error and new_error != error:
            yield f"event: failed\ndata: {json.dumps(new_error)}\n\n"
            idle = 0.0
        elif new_hash != hash_ and not new_error:
            yield f"event: reload\ndata: {json.dumps(new_hash)}\n\n"
            idle = 0.0
        hash_, error = new_hash, new_error
        if idle >= _KEEPALIVE:
            yield ": keep-alive\n\n"
            idle = 0.0


class LiveReloadMiddleware:
    """Serves :data:`EVENTS_PATH` and, in DEBUG, adds :data:`SCRIPT` to HTML documents."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from djangokit.cli._project import build_paths

        self.get_response = get_response
        paths = build_paths(pathlib.Path(settings.BASE_DIR))
        self.manifest = paths.manifest
        self.error_file = paths.work_dir / ERROR_FILE

    def __call__(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        if request.path == EVENTS_PATH:
            stream = StreamingHttpResponse(
                events(self.manifest, self.error_file), content_type="text/event-stream"
            )
            stream["Cache-Control"] = "no-cache"
            return stream
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b"</body>" in response.content
        ):
            head, _, tail = response.content.rpartition(b"</body>")
            response.content = head + SCRIPT.encode() + b"</body>" + tail
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def _hash(manifest: pathlib.Path) -> str | None:
    try:
        value = json.loads(manifest.read_text(encoding="utf-8")).get("hash")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


def _read(path: pathlib.Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
