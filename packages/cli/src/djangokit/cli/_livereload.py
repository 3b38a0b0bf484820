"""Live reload for `dk dev`: a server-sent-events stream and the script that listens to it.

The build (`watch()`, in the `dk dev` process) writes a fresh manifest after every rebuild and
``.djangokit/dev-error.txt`` while a rebuild is failing; the stream, served by the Django
development server (another process), watches both files. The page reloads on a new build,
and also when the stream reconnects, which is what a restart of the server (a model or
settings change) looks like from the browser. When the server swaps in new Python code
(:mod:`djangokit.cli._hot` calls :func:`revalidate`) the stream sends ``revalidate``: the
runtime loads the page's data again in place, and a page without it reloads. When the build
says a rebuild can be hot-applied (``.djangokit/refresh.json``, decision 0008) the stream sends
``update`` instead of ``reload``: React Fast Refresh imports the changed modules again and
re-renders in place, keeping component state; the page reloads if it cannot.

While the build is failing the page shows the error over itself (``file:line:column``,
esbuild's message and the source line), as Vite does: the stream sends it as soon as a page
connects and again whenever it changes, and the page reloads once the build is fixed. The
message is set as text, never as markup.
"""

from __future__ import annotations

import json
import pathlib
import threading
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse

from djangokit.cli._hot import catch_up
from djangokit.core.build import REFRESH_FILE

__all__ = [
    "ERROR_FILE",
    "EVENTS_PATH",
    "OVERLAY_ID",
    "SCRIPT",
    "SCRIPT_FILE",
    "LiveReloadMiddleware",
    "events",
    "failed_event",
    "revalidate",
]

EVENTS_PATH = "/__djangokit__/live-reload"
ERROR_FILE = "dev-error.txt"
OVERLAY_ID = "djangokit-build-error"
SCRIPT_FILE = pathlib.Path(__file__).with_name("livereload.js")
"""The script's source (package data); ``SCRIPT`` is it as one inline ``<script>``."""
SCRIPT = (
    "<script>"
    + " ".join(
        line.strip()
        for line in SCRIPT_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("//")
    )
    + "</script>"
)
"""Added before ``</body>``: reloads on ``reload``, hot-applies ``update``, shows the error
overlay on ``failed``."""
_POLL = 0.02
"""Seconds between looks at the build's files: a ``stat`` each, read only when it changes.
The build runs in the `dk dev` process, this stream in the server's, so nothing can notify;
0.2 s here was, on average, a tenth of a second of every hot update (decision 0008)."""
_KEEPALIVE = 15.0
_SERVER_BUNDLE_WAIT = 5.0
_changed = threading.Condition()
_generation = [0]


def revalidate() -> None:
    """Tell every open page that the server's Python code changed: the runtime loads the
    current page's data again in place (a page without the runtime reloads)."""
    with _changed:
        _generation[0] += 1
        _changed.notify_all()


def _wait(generation: int) -> int:
    with _changed:
        _changed.wait_for(lambda: _generation[0] != generation, timeout=_POLL)
        return _generation[0]


def events(manifest: pathlib.Path, error_file: pathlib.Path, *, limit: float = 0) -> Iterator[str]:
    """The event stream: ``failed`` (with the message) at once if the build is failing and
    whenever the message changes, ``update`` when the manifest's hash changes and
    ``refresh.json`` (beside *error_file*) holds a hot update for that hash, ``reload`` when
    it changes otherwise or the build is fixed, a comment now and then to notice closed
    connections."""
    yield "retry: 500\n\n"
    hash_, error, idle, started = _hash(manifest), _read(error_file), 0.0, time.monotonic()
    generation = _generation[0]
    updated: str | None = None  # the hash of the build whose update was sent last
    if error:  # a page opened (or reloaded) while the build fails shows it straight away
        yield failed_event(error)
    while not limit or time.monotonic() - started < limit:
        before = time.monotonic()
        new_generation = _wait(generation)
        idle += time.monotonic() - before
        new_hash, new_error = _hash(manifest), _read(error_file)
        if new_generation != generation and not new_error and new_hash == hash_:
            generation = new_generation
            yield "event: revalidate\ndata: {}\n\n"
            idle = 0.0
            continue
        generation = new_generation
        if new_error and new_error != error:
            yield failed_event(new_error)
            idle = 0.0
        elif (
            not new_error
            and not error
            and new_hash != hash_
            and (found := _update(error_file.with_name(REFRESH_FILE), new_hash))
        ):
            update, follows = found
            # The build with the new server bundle repeats the update that its client-only
            # build carried (decision 0008): sent once.
            if follows is None or follows != hash_ or updated != hash_:
                yield f"event: update\ndata: {update}\n\n"
                idle = 0.0
            updated = new_hash
        elif not new_error and (new_hash != hash_ or error):
            # Fixed: reload even when the hash is the one from before the break (the fix
            # undid the edit), or changed while the error file was still there.
            yield f"event: reload\ndata: {json.dumps(new_hash)}\n\n"
            idle = 0.0
        hash_, error = new_hash, new_error
        if idle >= _KEEPALIVE:
            yield ": keep-alive\n\n"
            idle = 0.0


def failed_event(error: str) -> str:
    """The ``failed`` event: the page shows *error* over itself."""
    return f"event: failed\ndata: {json.dumps(error)}\n\n"


class LiveReloadMiddleware:
    """Serves :data:`EVENTS_PATH` to hosts in ``ALLOWED_HOSTS`` and, in DEBUG, adds
    :data:`SCRIPT` to HTML documents."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from djangokit.cli._project import build_paths

        self.get_response = get_response
        paths = build_paths(pathlib.Path(settings.BASE_DIR))
        self.manifest = paths.manifest
        self.error_file = paths.work_dir / ERROR_FILE

    def __call__(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        if request.path == EVENTS_PATH:
            # First in MIDDLEWARE, so before CommonMiddleware validates the Host: check it
            # here, or a DNS-rebinding page (evil.example resolving to 127.0.0.1) could read
            # the build errors and their source lines.
            try:
                request.get_host()
            except DisallowedHost:
                return HttpResponseBadRequest("Invalid HTTP_HOST header.")
            stream = StreamingHttpResponse(
                events(self.manifest, self.error_file), content_type="text/event-stream"
            )
            stream["Cache-Control"] = "no-cache"
            return stream
        catch_up()  # the code saved just before this request, not the code from before it
        self._server_bundle_built()
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

    def _server_bundle_built(self) -> None:
        """Hold the request while the build has sent the open pages a hot update but not yet
        rebuilt the server bundle (decision 0008; some 0.1-0.3 s): a page reloaded in that
        time (the update was not hot-applicable after all) would be rendered by the old one."""
        deadline = time.monotonic() + _SERVER_BUNDLE_WAIT
        refresh_file = self.error_file.with_name(REFRESH_FILE)
        while time.monotonic() < deadline:
            partial = _partial(refresh_file)
            if partial is None or partial != _hash(self.manifest) or _read(self.error_file):
                return
            time.sleep(_POLL / 2)


_Stamp = tuple[int, int, int]
_seen: dict[pathlib.Path, tuple[_Stamp, object]] = {}
_seen_lock = threading.Lock()


def _cached(path: pathlib.Path, parse: Callable[[pathlib.Path], object], missing: object) -> object:
    """``parse(path)``, read again only when the file's inode, mtime or size changes (the
    build replaces its files by renaming a new one over them)."""
    try:
        stat = path.stat()
    except OSError:
        return missing
    stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    with _seen_lock:
        found = _seen.get(path)
    if found is not None and found[0] == stamp:
        return found[1]
    value = parse(path)
    with _seen_lock:
        _seen[path] = (stamp, value)
    return value


def _partial(refresh_file: pathlib.Path) -> str | None:
    """The manifest hash of a build whose server bundle is still being rebuilt, if any."""

    def parse(path: pathlib.Path) -> str | None:
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(value, dict) or not value.get("partial"):
            return None
        found = value.get("hash")
        return found if isinstance(found, str) else None

    return _cached(refresh_file, parse, None)  # type: ignore[return-value]


def _hash(manifest: pathlib.Path) -> str | None:
    return _cached(manifest, _read_hash, None)  # type: ignore[return-value]


def _read_hash(manifest: pathlib.Path) -> str | None:
    try:
        value = json.loads(manifest.read_text(encoding="utf-8")).get("hash")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


def _update(refresh_file: pathlib.Path, manifest_hash: str | None) -> tuple[str, str | None] | None:
    """The hot update (JSON) the build wrote for the build with *manifest_hash*, if any, and
    the hash of the client-only build that carried it first."""
    try:
        value = json.loads(refresh_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(value, dict) or value.get("hash") != manifest_hash or not value.get("update"):
        return None
    follows = value.get("follows")
    return json.dumps(value["update"]), follows if isinstance(follows, str) else None


def _read(path: pathlib.Path) -> str:
    return _cached(path, _read_text, "")  # type: ignore[return-value]


def _read_text(path: pathlib.Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
