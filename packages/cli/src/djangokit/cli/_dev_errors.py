"""What `dk dev`'s server process does when the project cannot start: broken settings, or a
module that fails to import (a syntax error in ``models/``, a handler importing a name that
is not there).

Rather than exit (which would end `dk dev`) or print a traceback, it prints one line
(``file:line: Error: message``), serves every page as the error overlay on the same address,
and waits for the next save of a project file or a settings file; then it exits with the
status that tells Django's autoreloader to start the server again.
"""

from __future__ import annotations

import html
import os
import pathlib
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NoReturn

import click

from djangokit.cli._livereload import EVENTS_PATH, SCRIPT, failed_event

__all__ = ["describe_failure", "serve_failure"]

_RESTART_STATUS = 3  # django.utils.autoreload: "start the server again"


def describe_failure(error: BaseException, root: pathlib.Path) -> str:
    """*error* as ``file:line: Type: message`` and the source line, file relative to
    *root*; a ``ClickException`` (a settings error, already one clear message) as is."""
    from djangokit.core.build import BuildError, BuildMessage

    if isinstance(error, click.ClickException):
        return error.format_message()
    message = BuildMessage.from_exception(error, root)
    return BuildError([message]).relative_to(root).report()


def serve_failure(report: str, root: pathlib.Path, host: str, port: int) -> NoReturn:
    """Serve *report* as the overlay on *host*:*port* until a file below *root* changes,
    then exit for a restart. Never returns."""
    first_line = report.splitlines()[0] if report else "The server could not start."
    click.echo(f"Server not started: {first_line}", err=True)
    click.echo("Fix it and save: the server starts again.", err=True)
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Error</title></head><body>"
        f"<pre>{html.escape(report)}</pre>{SCRIPT}</body></html>"
    ).encode()
    event = failed_event(report).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] == EVENTS_PATH:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self.wfile.write(b"retry: 500\n\n" + event)
                self.wfile.flush()
                while True:  # until the restart closes it: the page then reloads
                    time.sleep(15)
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            self.send_response(500)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the one line above is what matters

    before = _signature(root)
    try:
        server = ThreadingHTTPServer((host.strip("[]"), port), Handler)
    except OSError:
        server = None  # the port is still held: wait for the save all the same
    if server is not None:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    while _signature(root) == before:
        time.sleep(0.2)
    sys.stderr.flush()
    os._exit(_RESTART_STATUS)


def _signature(root: pathlib.Path) -> frozenset[tuple[str, int]]:
    """The project's settings files and the Python files of ``src/`` (or of the project
    directory when it has no ``src/``), with their mtimes: not a virtualenv's thousands."""
    found: set[tuple[str, int]] = set()
    for path in root.iterdir():
        if path.is_file() and path.name.endswith((".py", ".toml", ".env")):
            found.add((str(path), _mtime(path)))
    source = root / "src" if (root / "src").is_dir() else root
    for directory, dirs, files in os.walk(source):
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".")
            and d not in ("node_modules", "__pycache__", "static")
            and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
        ]
        for name in files:
            if name.endswith(".py"):
                path = pathlib.Path(directory, name)
                found.add((str(path), _mtime(path)))
    return frozenset(found)


def _mtime(path: pathlib.Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0
