"""`dk dev`: the development server, rebuilds on change, new routes without a restart, and
live reload over server-sent events."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

EVENTS = "/__djangokit__/live-reload"


@pytest.fixture(scope="module")
def dev(
    tmp_path_factory: pytest.TempPathFactory,
    node_modules: Path,
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> Iterator[Any]:
    parent = tmp_path_factory.mktemp("dev")
    run("new", "devsite", "--no-install", cwd=parent)
    project = parent / "devsite"
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    run("migrate", cwd=project)
    server = start_dk(project, "dev")
    yield server
    server.stop()


def _wait_for(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_documents_carry_the_live_reload_script(dev: Any) -> None:
    status, _, body = dev.get("/")
    assert status == 200
    assert f'new EventSource("{EVENTS}")'.encode() in body
    # With Fast Refresh the dev entry keeps its name across rebuilds (decision 0008).
    assert b'<script type="module" src="/static/djangokit/.djangokit/client.js"' in body
    assert dev.get("/api/notes")[1]["Content-Type"].startswith("application/json")


def test_uploads_are_served_from_media_root(dev: Any) -> None:
    media = dev.project / "media" / "uploads"
    media.mkdir(parents=True, exist_ok=True)
    (media / "hello.txt").write_bytes(b"uploaded earlier")
    status, _, body = dev.get("/media/uploads/hello.txt")
    assert (status, body) == (200, b"uploaded earlier")


def test_an_edit_rebuilds_and_sends_a_hot_update(dev: Any) -> None:
    """A page edit is hot-applied (React Fast Refresh): the stream sends ``update`` with the
    page's chunk and module, rather than ``reload``."""
    page = dev.project / "src" / "devsite" / "routes" / "page.tsx"
    seen: list[str] = []

    def listen() -> None:
        # The server may restart (a Python change): reconnect, as EventSource does.
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not seen:
            try:
                with urllib.request.urlopen(dev.url + EVENTS, timeout=5) as stream:
                    for line in stream:
                        if line.startswith(b"event: update"):
                            seen.append(stream.readline().decode())
                            return
            except OSError:
                time.sleep(0.2)

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    for n in range(20):  # edit until the listener has seen a reload
        time.sleep(1)
        page.write_text(page.read_text().replace("Welcome to", f"Hello {n} from", 1))
        page.write_text(page.read_text().replace(f"Hello {n - 1} from", f"Hello {n} from", 1))
        if seen:
            break
    thread.join(5)
    assert seen, dev.log.read_text()
    update = json.loads(seen[0].removeprefix("data: "))
    assert update == {
        "chunks": ["/static/djangokit/src/devsite/routes/page.js"],
        "modules": ["src/devsite/routes/page.tsx"],
    }
    assert _wait_for(lambda: b"from Devsite" in _page_and_its_scripts(dev))


def _page_and_its_scripts(dev: Any) -> bytes:
    """The home document and every script it loads: the edit shows in the rebuilt page chunk
    (and in the markup too when SSR is installed)."""
    body = dev.get("/")[2]
    scripts = re.findall(rb'(?:src|href)="(/static/[^"]+\.js)"', body)
    return b"".join([body, *(dev.get(url.decode())[2] for url in scripts)])


STARTED = "Starting development server at"


def test_a_new_route_works_without_a_restart(dev: Any, run: Callable[..., str]) -> None:
    assert dev.get("/about", Accept="application/json")[0] == 404
    starts = dev.log.read_text().count(STARTED)
    run("add", "page", "about", cwd=dev.project)
    run("add", "handler", "about", cwd=dev.project)
    assert _wait_for(lambda: dev.get("/about", Accept="application/json")[0] == 200), (
        dev.log.read_text()
    )
    status, _, body = dev.get("/about")
    assert status == 200 and b'"page:about"' in body
    assert dev.log.read_text().count(STARTED) == starts, "the server restarted"


def test_a_removed_route_directory_is_no_failed_build(dev: Any, run: Callable[..., str]) -> None:
    """A deleted route's page was an entry point of the Fast Refresh build, which failed
    until `dk dev` restarted; and esbuild notices it gone before the next poll rewrites
    routes.ts, which is no failure to print or to show over the page. Three times, as the
    order of the two varies."""
    gone = dev.project / "src" / "devsite" / "routes" / "gone"
    for _ in range(3):
        run("add", "page", "gone", cwd=dev.project)
        assert _wait_for(lambda: dev.get("/gone")[0] == 200), dev.log.read_text()
        time.sleep(1)  # the rebuilds the new route started are over
        logged = len(dev.log.read_text())
        shutil.rmtree(gone)
        assert _wait_for(lambda: dev.get("/gone")[0] == 404), dev.log.read_text()
        assert _wait_for(lambda start=logged: "Built in" in dev.log.read_text()[start:])
        time.sleep(0.5)
        assert "Build failed" not in dev.log.read_text()[logged:]


def test_a_new_document_html_is_used_without_a_restart(dev: Any) -> None:
    routes = dev.project / "src" / "devsite" / "routes"
    starts = dev.log.read_text().count(STARTED)
    shell = (
        "<!doctype html><html><head>{{ djangokit.head }}</head>"
        "<body data-shell='from-a-test'>{{ djangokit.body }}</body></html>\n"
    )
    (routes / "document.html").write_text(shell)
    try:
        assert _wait_for(lambda: b"from-a-test" in dev.get("/")[2], 10), dev.log.read_text()
    finally:
        (routes / "document.html").unlink()
    assert _wait_for(lambda: b"from-a-test" not in dev.get("/")[2], 10), dev.log.read_text()
    assert dev.log.read_text().count(STARTED) == starts, "the server restarted"


def test_a_handler_edit_is_served_without_a_restart(dev: Any) -> None:
    """A new version of a handler, and of a module it imports, in the running server; a
    broken one keeps the last good code serving and says file:line in one line."""
    package = dev.project / "src" / "devsite"
    handlers = package / "routes" / "handlers.py"
    helper = package / "greeting.py"
    before, logged = handlers.read_text(), len(dev.log.read_text())
    starts = dev.log.read_text().count(STARTED)

    def data() -> Any:
        return json.loads(dev.get("/", Accept="application/json")[2])

    helper.write_text('WORD = "first"\n')
    edited = before.replace("def get(request) -> PageData:\n", "def get(request):\n").replace(
        '    return {"notes":',
        '    from devsite.greeting import WORD\n\n    return {"word": WORD, "notes":',
    )
    assert "WORD" in edited
    try:
        handlers.write_text(edited)
        assert _wait_for(lambda: data().get("word") == "first", 10), dev.log.read_text()
        helper.write_text('WORD = "second"\n')
        assert _wait_for(lambda: data().get("word") == "second", 10), dev.log.read_text()

        handlers.write_text(edited + "\ndef broken(:\n")
        assert _wait_for(lambda: "handlers.py:" in dev.log.read_text(), 10)
        [line] = [ln for ln in dev.log.read_text().splitlines() if "SyntaxError" in ln]
        assert line.startswith(f"src/devsite/routes/handlers.py:{len(edited.splitlines()) + 2}:")
        assert data().get("word") == "second"  # the last good code still answers
        helper.write_text('WORD = "third"\n')
        handlers.write_text(edited)
        assert _wait_for(lambda: data().get("word") == "third", 10), dev.log.read_text()
    finally:
        handlers.write_text(before)
        helper.unlink()
    assert _wait_for(lambda: "word" not in data(), 10), dev.log.read_text()
    assert dev.log.read_text().count(STARTED) == starts, "the server restarted"
    assert "Traceback" not in dev.log.read_text()[logged:]


def test_a_request_right_after_a_save_gets_the_saved_code(dev: Any) -> None:
    """The server swaps in what changed before it answers, not only when its poll comes
    round: a page reloaded by the build watcher's "fixed" event, or any request made at once
    after a save, never gets the code from before the save."""
    package = dev.project / "src" / "devsite"
    helper = package / "saved.py"
    handlers = package / "routes" / "handlers.py"
    before = handlers.read_text()
    helper.write_text("VERSION = 0\n")
    edited = before.replace("def get(request) -> PageData:\n", "def get(request):\n").replace(
        '    return {"notes":',
        '    from devsite.saved import VERSION\n\n    return {"version": VERSION, "notes":',
    )
    try:
        handlers.write_text(edited)
        assert _wait_for(lambda: _version(dev) == 0, 10), dev.log.read_text()
        for version in range(1, 6):
            helper.write_text(f"VERSION = {version}\n")
            assert _version(dev) == version  # asked at once, before the next poll
    finally:
        handlers.write_text(before)
        helper.unlink()


def _version(dev: Any) -> Any:
    return json.loads(dev.get("/", Accept="application/json")[2]).get("version")


def test_a_failed_rebuild_keeps_the_site_up(dev: Any) -> None:
    broken = dev.project / "src" / "devsite" / "routes" / "layout.tsx"
    before = broken.read_text()
    broken.write_text("export default function Layout( {\n")
    try:
        assert _wait_for(
            lambda: "Build failed:\nsrc/devsite/routes/layout.tsx:" in dev.log.read_text()
        )
        assert dev.get("/")[0] == 200
    finally:
        broken.write_text(before)


def test_a_failed_rebuild_is_sent_to_pages_that_connect(dev: Any) -> None:
    """The stream's first event, while the build fails, is the error with the source line;
    once fixed, a reload."""
    error_file = dev.project / ".djangokit" / "dev-error.txt"
    assert _wait_for(lambda: not error_file.exists()), dev.log.read_text()  # earlier tests
    broken = dev.project / "src" / "devsite" / "routes" / "layout.tsx"
    before = broken.read_text()
    broken.write_text(before + "export const oops = 1 +;\n")
    try:
        assert _wait_for(error_file.is_file), dev.log.read_text()
        with urllib.request.urlopen(dev.url + EVENTS, timeout=15) as stream:
            lines = [stream.readline() for _ in range(5)]
            broken.write_text(before)
            fixed = stream.readline()
    finally:
        broken.write_text(before)
    assert lines[:3] == [b"retry: 500\n", b"\n", b"event: failed\n"] and lines[4] == b"\n"
    line = len(before.splitlines()) + 1
    message = json.loads(lines[3].removeprefix(b"data: "))
    assert message.startswith(f"src/devsite/routes/layout.tsx:{line}:24: Unexpected")
    assert f"  {line} | export const oops = 1 +;\n" in message and message.endswith("^")
    assert fixed == b"event: reload\n"
    assert not error_file.exists()


def test_types_follow_the_handlers(dev: Any) -> None:
    routes = dev.project / "src" / "devsite" / "routes"
    handlers, types = routes / "handlers.py", routes / "+types.ts"
    before = handlers.read_text()
    assert "notes: NoteData[];" in types.read_text() and "count" not in types.read_text()
    try:
        handlers.write_text(
            before.replace(
                "    notes: list[NoteData]\n", "    notes: list[NoteData]\n    count: int\n"
            )
        )
        assert _wait_for(lambda: "  count: number;\n" in types.read_text(), 10), dev.log.read_text()
        # Said once the file is written: a moment after it changes.
        wrote = "Wrote src/devsite/routes/+types.ts"
        assert _wait_for(lambda: wrote in dev.log.read_text(), 10), dev.log.read_text()

        # Types that cannot be written: one line, and dk dev carries on.
        handlers.write_text(
            before.replace("def get(request) -> PageData:", 'def get(request) -> "Missing":')
        )
        assert _wait_for(lambda: "TypeScript types not updated: " in dev.log.read_text(), 10)
        [failure] = [
            line for line in dev.log.read_text().splitlines() if "types not updated" in line
        ]
        assert "get() in src/devsite/routes/handlers.py" in failure and "Missing" in failure
        assert "count: number;" in types.read_text()
        assert dev.get("/")[0] == 200
    finally:
        handlers.write_text(before)
    assert _wait_for(lambda: "count" not in types.read_text(), 10), dev.log.read_text()
    assert "Traceback" not in dev.log.read_text()


def _status_of(dev: Any, path: str, host: str) -> int:
    """The status line alone, whatever follows it (the live-reload stream never ends).
    Retries for 15 s while the server restarts after an earlier test's change, as dev.get."""
    port = int(dev.url.rsplit(":", 1)[1])
    deadline = time.monotonic() + 15
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": host})
            return connection.getresponse().status
        except OSError:  # refused, reset, disconnected: the server is restarting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
        finally:
            connection.close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io"])
def test_the_live_reload_stream_answers_allowed_hosts_only(dev: Any, host: str) -> None:
    """A DNS-rebinding page (its name pointed at 127.0.0.1) must not read build errors."""
    assert _status_of(dev, EVENTS, host) == 400
    assert _status_of(dev, EVENTS, "localhost") == 200
    assert _status_of(dev, "/", host) == 400  # as Django answers any other URL


def test_a_missing_static_file_is_a_404(dev: Any) -> None:
    before = len(dev.log.read_text())
    assert dev.get("/static/missing.js")[0] == 404
    assert dev.get("/static/djangokit/missing-ABCDEFGH.js")[0] == 404
    assert "Traceback" not in dev.log.read_text()[before:]


def test_ctrl_c_stops_the_server_and_its_children(
    tmp_path_factory: pytest.TempPathFactory,
    node_modules: Path,
    run: Callable[..., str],
    start_dk: Callable[..., Any],
) -> None:
    parent = tmp_path_factory.mktemp("dev-stop")
    run("new", "stopsite", "--no-install", cwd=parent)
    project = parent / "stopsite"
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    server = start_dk(project, "dev")
    port = int(server.url.rsplit(":", 1)[1])
    server.stop(signal.SIGINT)  # to its own PID only: the runserver child must go too
    assert server.process.returncode is not None

    def closed() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return True
        return False

    assert _wait_for(closed, 10)
    assert "Build failed" not in server.log.read_text()


def test_bad_port(run_dk: Callable[..., Any], tmp_path: Path) -> None:
    result = run_dk("dev", "--port", "-1", cwd=tmp_path)
    assert result.returncode == 2 and "Error: Invalid value for '--port'" in result.stderr
    result = run_dk("dev", cwd=tmp_path)
    assert result.returncode == 1 and "is not a DjangoKit project" in result.stderr


def test_a_new_typeddict_in_models_is_typed_at_once(dev: Any) -> None:
    """A handler using a TypedDict added to ``models/`` beside it: no stale ``models``
    module (``ImportError: cannot import name``), and a change to it updates the types.
    The model module's change restarts the server (Django cannot swap models)."""
    package = dev.project / "src" / "devsite"
    models, handlers = package / "models" / "__init__.py", package / "routes" / "handlers.py"
    types = package / "routes" / "+types.ts"
    models_before, handlers_before = models.read_text(), handlers.read_text()
    try:
        models.write_text(models_before + "\n\nclass StatsData(TypedDict):\n    total: int\n")
        handlers.write_text(
            handlers_before.replace(
                "from devsite.models import Note, NoteData",
                "from devsite.models import Note, NoteData, StatsData",
            )
            .replace(
                "    notes: list[NoteData]\n", "    notes: list[NoteData]\n    stats: StatsData\n"
            )
            .replace('return {"notes":', 'return {"stats": {"total": 7}, "notes":')
        )
        assert _wait_for(lambda: "  total: number;\n" in types.read_text(), 15), dev.log.read_text()
        assert "  stats: StatsData;\n" in types.read_text()
        assert _wait_for(
            lambda: (
                json.loads(dev.get("/", Accept="application/json")[2]).get("stats") == {"total": 7}
            )
        ), dev.log.read_text()

        models.write_text(
            models_before + "\n\nclass StatsData(TypedDict):\n    total: int\n    latest: str\n"
        )
        assert _wait_for(lambda: "  latest: string;\n" in types.read_text(), 15), (
            dev.log.read_text()
        )
        assert "cannot import name" not in dev.log.read_text()
    finally:
        handlers.write_text(handlers_before)
        models.write_text(models_before)
    assert _wait_for(lambda: "StatsData" not in types.read_text(), 15), dev.log.read_text()


def test_a_settings_error_keeps_dk_dev_up(dev: Any) -> None:
    """Broken settings: one line in the terminal, the message on every page, and the next
    good save starts the server again."""
    settings = dev.project / "settings.toml"
    before, logged = settings.read_text(), len(dev.log.read_text())
    settings.write_text(before + "\nbroken = [\n")
    try:
        assert _wait_for(lambda: "Server not started: " in dev.log.read_text(), 15), (
            dev.log.read_text()
        )
        [line] = [ln for ln in dev.log.read_text().splitlines() if "Server not started" in ln]
        assert "settings.toml" in line
        assert _wait_for(lambda: dev.get("/")[0] == 500, 15)
        body = dev.get("/")[2]
        assert b"settings.toml" in body and EVENTS.encode() in body
        assert dev.process.poll() is None
    finally:
        settings.write_text(before)
    assert _wait_for(lambda: dev.get("/")[0] == 200, 15), dev.log.read_text()
    assert "Traceback" not in dev.log.read_text()[logged:]


def test_a_broken_model_keeps_dk_dev_up(dev: Any) -> None:
    """A model module that fails to import (the server restarts for models): one line with
    file:line, the error on every page, and the fix starts the server again."""
    models = dev.project / "src" / "devsite" / "models" / "__init__.py"
    before, logged = models.read_text(), len(dev.log.read_text())
    models.write_text(before + "\nbroken = (\n")
    line = len(before.splitlines()) + 2
    try:
        wanted = f"Server not started: src/devsite/models/__init__.py:{line}:"
        assert _wait_for(lambda: wanted in dev.log.read_text()[logged:], 15), dev.log.read_text()
        assert _wait_for(lambda: dev.get("/")[0] == 500, 15)
        assert b"SyntaxError" in dev.get("/")[2]
    finally:
        models.write_text(before)
    assert _wait_for(lambda: dev.get("/")[0] == 200, 15), dev.log.read_text()
    assert "Traceback" not in dev.log.read_text()[logged:]


def test_unapplied_migrations_say_dk_migrate(
    tmp_path: Path, new_dk_project: Callable[..., Path], start_dk: Callable[..., Any]
) -> None:
    """The server process's notice names `dk migrate`, not `python manage.py migrate`."""
    server = start_dk(new_dk_project(tmp_path, "unmigrated"), "dev")
    try:
        assert _wait_for(lambda: "unapplied migration" in server.log.read_text(), 15)
        # Django writes the notice's two lines one at a time.
        dk_migrate = "Run 'dk migrate' to apply them."
        assert _wait_for(lambda: dk_migrate in server.log.read_text(), 5), server.log.read_text()
        assert "manage.py" not in server.log.read_text()
    finally:
        server.stop()
