"""`dk serve`'s worker options: threads, the SSR renderers each worker starts, the access log
and gunicorn options after `--`."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SECRET = "cli-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
HOST = "127.0.0.1"


def _children() -> dict[int, list[tuple[int, str]]]:
    """Every process's children (pid, command name), from /proc."""
    found: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat.split(" (", 1)[1].rsplit(")", 1)
        found.setdefault(int(rest.split()[1]), []).append((int(entry.name), name))
    return found


def _renderers_per_worker(pid: int) -> list[int]:
    """How many Node renderers each gunicorn worker of the `dk serve` process *pid* runs."""
    deadline = time.monotonic() + 30
    while True:
        children = _children()
        workers = [child for child, _ in children.get(pid, [])]
        counts = [sum(name == "node" for _, name in children.get(w, [])) for w in workers]
        if (counts and all(counts)) or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


def test_workers_threads_renderers_access_log_and_gunicorn_options(
    tmp_path: Path, new_dk_project: Callable[..., Path], run: Any, start_dk: Callable[..., Any]
) -> None:
    project = new_dk_project(tmp_path)
    run("migrate", cwd=project)
    run("build", "--production", cwd=project)
    env = {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": HOST}

    # The defaults: sync workers, one renderer each (one page at a time), an access log.
    server = start_dk(project, "serve", "--workers", "2", **env)
    try:
        assert server.get("/")[0] == 200
        assert _renderers_per_worker(server.process.pid) == [1, 1]
    finally:
        server.stop()
    assert '"GET / HTTP/1.1" 200' in server.log.read_text()

    # --threads N: gthread workers, each with N renderers; gunicorn's own options after --.
    server = start_dk(
        project, "serve", "--workers", "1", "--threads", "3", "--no-access-log",
        "--", "--keep-alive", "7", "--log-level", "debug", **env,
    )  # fmt: skip
    try:
        status, _, body = server.get("/")
        assert status == 200 and b"djangokit-root" in body
        assert _renderers_per_worker(server.process.pid) == [3]
    finally:
        server.stop()
    log = server.log.read_text()
    assert "worker_class: gthread" in log and "threads: 3" in log and "keepalive: 7" in log
    assert '"GET / HTTP/1.1"' not in log
