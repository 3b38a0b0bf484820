"""`dk serve`'s worker options: threads, the SSR renderers each worker starts, CPU pinning,
the access log and gunicorn options after `--`."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


def _built_project(
    tmp_path: Path, new_dk_project: Callable[..., Path], run: Any
) -> tuple[Path, dict[str, str]]:
    """A `dk new` project, migrated and built for production; the environment to serve it."""
    project = new_dk_project(tmp_path)
    run("migrate", cwd=project)
    run("build", "--production", cwd=project)
    return project, {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": HOST}


def test_workers_threads_renderers_access_log_and_gunicorn_options(
    tmp_path: Path, new_dk_project: Callable[..., Path], run: Any, start_dk: Callable[..., Any]
) -> None:
    project, env = _built_project(tmp_path, new_dk_project, run)

    # The defaults: sync workers, one renderer each (one page at a time), no access log.
    server = start_dk(project, "serve", "--workers", "2", **env)
    try:
        assert server.get("/")[0] == 200
        assert _renderers_per_worker(server.process.pid) == [1, 1]
    finally:
        server.stop()
    assert '"GET / HTTP/1.1"' not in server.log.read_text()

    # --threads N: gthread workers, each with N renderers; gunicorn's own options after --.
    server = start_dk(
        project, "serve", "--workers", "1", "--threads", "3", "--access-log",
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
    assert '"GET / HTTP/1.1" 200' in log


def _affinities(pid: int) -> list[tuple[set[int], list[set[int]]]]:
    """Each gunicorn worker's CPUs and its Node renderers' CPUs."""
    children = _children()
    return [
        (os.sched_getaffinity(w), [os.sched_getaffinity(n) for n, _ in children.get(w, [])])
        for w, _ in children.get(pid, [])
    ]


def _renderer_flags(server: Any) -> list[list[str]]:
    """The command line of each Node renderer of *server*, up to the script."""
    children = _children()
    flags = []
    for worker, _ in children.get(server.process.pid, []):
        for pid, name in children.get(worker, []):
            if name == "node":
                argv = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
                flags.append(argv[: next(i for i, a in enumerate(argv) if a.endswith(".mjs"))])
    assert flags, "no renderers"
    return flags


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="pinning workers to CPUs needs Linux and two CPUs",
)
def test_sync_workers_are_pinned_to_a_cpu_each_with_their_renderer(
    tmp_path: Path, new_dk_project: Callable[..., Path], run: Any, start_dk: Callable[..., Any]
) -> None:
    project, env = _built_project(tmp_path, new_dk_project, run)
    mine = os.sched_getaffinity(0)

    server = start_dk(project, "serve", "--workers", "2", **env)
    try:
        assert server.get("/")[0] == 200
        assert _renderers_per_worker(server.process.pid) == [1, 1]
        pinned = _affinities(server.process.pid)
        cpus = [next(iter(worker)) for worker, _ in pinned]
        assert all(len(worker) == 1 for worker, _ in pinned), pinned
        assert sorted(cpus) == sorted(mine)[:2]  # spread over the CPUs, one each
        assert all(renderers == [worker] for worker, renderers in pinned), pinned
        # A renderer alone on its CPU collects garbage on its main thread.
        assert all("--single-threaded-gc" in flags for flags in _renderer_flags(server))

        # A worker that dies is replaced on the CPU it left.
        victim = next(w for w, _ in _children()[server.process.pid])
        left = os.sched_getaffinity(victim)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            workers = [w for w, _ in _children().get(server.process.pid, [])]
            if victim not in workers and _renderers_per_worker(server.process.pid) == [1, 1]:
                break
            time.sleep(0.2)
        assert sorted(next(iter(w)) for w, _ in _affinities(server.process.pid)) == sorted(cpus)
        replaced = [w for w, _ in _children()[server.process.pid] if w != victim]
        assert left in [os.sched_getaffinity(w) for w in replaced]
        assert server.get("/")[0] == 200
    finally:
        server.stop()

    # --no-pin-cpus, and gthread workers by default: every CPU, renderers included.
    for options in (["--no-pin-cpus"], ["--threads", "2"]):
        server = start_dk(project, "serve", "--workers", "2", *options, **env)
        try:
            assert server.get("/")[0] == 200
            _renderers_per_worker(server.process.pid)
            for worker, renderers in _affinities(server.process.pid):
                assert worker == mine and all(r == mine for r in renderers)
            assert not any("--single-threaded-gc" in flags for flags in _renderer_flags(server))
        finally:
            server.stop()
