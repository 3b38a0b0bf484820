"""Live reload's event stream: `reload` after a new build, `failed` while a build fails (at
once for a page that connects then), and the script that shows it over the page."""

from __future__ import annotations

import json
import pathlib
import threading
import time
from collections.abc import Iterator

from djangokit.cli._livereload import (
    EVENTS_PATH,
    OVERLAY_ID,
    SCRIPT,
    SCRIPT_FILE,
    events,
    revalidate,
)


def test_script_listens_to_the_stream() -> None:
    assert f'new EventSource("{EVENTS_PATH}")' in SCRIPT
    assert "location.reload()" in SCRIPT


def test_script_is_the_package_file_inlined() -> None:
    """livereload.js (package data) is the script: its lines joined, its comments left out."""
    source = SCRIPT_FILE.read_text(encoding="utf-8")
    assert SCRIPT_FILE.name == "livereload.js" and "</script>" not in source
    for line in source.splitlines():
        if line.strip().startswith("//"):
            assert line.strip() not in SCRIPT
        elif line.strip():
            assert line.strip() in SCRIPT


def test_script_shows_the_error_as_text() -> None:
    assert SCRIPT.startswith("<script>") and SCRIPT.endswith("</script>")
    assert SCRIPT.count("</script>") == 1 and "\n" not in SCRIPT
    assert f'document.getElementById("{OVERLAY_ID}")' in SCRIPT
    assert ".textContent = text" in SCRIPT
    assert "innerHTML" not in SCRIPT and "insertAdjacentHTML" not in SCRIPT


def _later(seconds: float, action: object) -> None:
    timer = threading.Timer(seconds, action)  # type: ignore[arg-type]
    timer.daemon = True
    timer.start()


def test_reload_when_the_manifest_hash_changes(tmp_path: pathlib.Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"hash": "one"}))
    stream = events(manifest, tmp_path / "error.txt", limit=5)
    assert next(stream) == "retry: 500\n\n"
    _later(0.5, lambda: manifest.write_text(json.dumps({"hash": "two"})))
    assert next(stream) == 'event: reload\ndata: "two"\n\n'


def test_failed_then_reload_when_fixed(tmp_path: pathlib.Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"hash": "one"}))
    error = tmp_path / "error.txt"
    stream = events(manifest, error, limit=5)
    next(stream)
    _later(0.3, lambda: error.write_text("page.tsx:1:1: Unexpected end of file"))
    assert next(stream) == 'event: failed\ndata: "page.tsx:1:1: Unexpected end of file"\n\n'

    def fixed() -> None:
        manifest.write_text(json.dumps({"hash": "two"}))
        error.unlink()

    _later(0.3, fixed)
    assert next(stream) == 'event: reload\ndata: "two"\n\n'


def test_a_failing_build_is_sent_on_connect(tmp_path: pathlib.Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"hash": "one"}))
    error = tmp_path / "error.txt"
    error.write_text('a.tsx:1:5: Expected ";"\n  1 | x <b>\n    |     ^')
    stream = events(manifest, error, limit=5)
    assert next(stream) == "retry: 500\n\n"
    assert next(stream) == (
        'event: failed\ndata: "a.tsx:1:5: Expected \\";\\"\\n  1 | x <b>\\n    |     ^"\n\n'
    )
    _later(0.3, lambda: error.write_text("a.tsx:2:1: Unexpected end of file"))
    assert next(stream) == 'event: failed\ndata: "a.tsx:2:1: Unexpected end of file"\n\n'


def _failing_build(
    tmp_path: pathlib.Path,
) -> tuple[pathlib.Path, pathlib.Path, Iterator[str]]:
    """A build of hash "one" that fails now, and a stream past its first ``failed`` event."""
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"hash": "one"}))
    error = tmp_path / "error.txt"
    error.write_text("page.tsx:1:1: Unexpected end of file")
    stream = events(manifest, error, limit=5)
    assert next(stream) == "retry: 500\n\n"
    assert next(stream).startswith("event: failed\n")
    return manifest, error, stream


def test_reload_when_fixed_by_undoing_the_edit(tmp_path: pathlib.Path) -> None:
    # The fixed build can be the one from before the break: same hash, still a reload (the
    # page shows the overlay until it reloads).
    _manifest, error, stream = _failing_build(tmp_path)
    _later(0.3, error.unlink)
    assert next(stream) == 'event: reload\ndata: "one"\n\n'


def test_reload_when_the_error_goes_after_the_manifest_changed(tmp_path: pathlib.Path) -> None:
    manifest, error, stream = _failing_build(tmp_path)
    manifest.write_text(json.dumps({"hash": "two"}))  # the build writes it, then the error goes
    _later(0.6, error.unlink)
    assert next(stream) == 'event: reload\ndata: "two"\n\n'


def test_stream_ends_at_its_limit(tmp_path: pathlib.Path) -> None:
    assert list(events(tmp_path / "none.json", tmp_path / "error.txt", limit=0.5)) == [
        "retry: 500\n\n"
    ]


def test_revalidate_when_the_server_swapped_its_code(tmp_path: pathlib.Path) -> None:
    """`dk dev`'s server swapped in new Python code: `revalidate`, at once, and the script
    hands it to the runtime (a page without one reloads)."""
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"hash": "one"}))
    stream = events(manifest, tmp_path / "error.txt", limit=5)
    assert next(stream) == "retry: 500\n\n"
    _later(0.5, revalidate)
    assert next(stream) == "event: revalidate\ndata: {}\n\n"
    assert 'dispatchEvent(new Event("djangokit:revalidate", { cancelable: true }))' in SCRIPT


def test_no_revalidate_while_the_build_fails(tmp_path: pathlib.Path) -> None:
    manifest, error = tmp_path / "manifest.json", tmp_path / "error.txt"
    manifest.write_text(json.dumps({"hash": "one"}))
    error.write_text("src/x.py:1: SyntaxError: invalid syntax")
    stream = events(manifest, error, limit=2)
    assert next(stream) == "retry: 500\n\n"
    assert next(stream).startswith("event: failed\n")
    revalidate()
    assert list(stream) == []


UPDATE = {"chunks": ["/static/djangokit/src/site/routes/page.js"], "modules": ["page.tsx"]}


def _build(tmp_path: pathlib.Path, hash_: str, **refresh: object) -> None:
    """What the build writes for a build with *hash_*: ``refresh.json``, then the manifest."""
    value = {"hash": hash_, **refresh}
    (tmp_path / "refresh.json").write_text(json.dumps(value))
    (tmp_path / "manifest.json").write_text(json.dumps({"hash": hash_}))


def test_a_hot_update_is_sent_once_across_its_two_builds(tmp_path: pathlib.Path) -> None:
    """Decision 8: the client-only build sends the update; the build with the new server
    bundle, which repeats it (``follows``), sends nothing; the next build is heard again."""
    _build(tmp_path, "one", update=None)
    stream = events(tmp_path / "manifest.json", tmp_path / "error.txt", limit=5)
    assert next(stream) == "retry: 500\n\n"
    _later(0.3, lambda: _build(tmp_path, "two", update=UPDATE, partial=True))
    assert next(stream) == f"event: update\ndata: {json.dumps(UPDATE)}\n\n"

    def server_built_then_a_reload() -> None:
        _build(tmp_path, "three", update=UPDATE, follows="two")
        time.sleep(0.3)
        _build(tmp_path, "four", update=None)

    _later(0.3, server_built_then_a_reload)
    assert next(stream) == 'event: reload\ndata: "four"\n\n'


def test_a_stream_that_missed_the_client_only_build_gets_the_update(
    tmp_path: pathlib.Path,
) -> None:
    _build(tmp_path, "one", update=None)
    stream = events(tmp_path / "manifest.json", tmp_path / "error.txt", limit=5)
    assert next(stream) == "retry: 500\n\n"
    _later(0.3, lambda: _build(tmp_path, "three", update=UPDATE, follows="two"))
    assert next(stream) == f"event: update\ndata: {json.dumps(UPDATE)}\n\n"
