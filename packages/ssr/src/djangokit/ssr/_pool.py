"""The ``pool`` backend: persistent Node workers, each rendering many pages (decision 0004).

Each worker is ``node renderer.mjs`` listening on its own Unix socket in a private directory;
Django keeps one connection to each (length-prefixed frames, see ``_protocol``) and hands
workers to threads through a queue. A worker that crashes, hangs past the timeout or
outgrows ``max_memory_mb`` is killed and replaced; ``max_renders`` recycles workers that
might leak. Workers start on the first render and stop with the Django process: on exit,
and (through their stdin pipe) when it is killed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from djangokit.core.ssr import RenderError, RenderResult
from djangokit.settings import SSRSettings

from ._debug import Backend
from ._protocol import (
    RENDERER_SCRIPT,
    WorkerConnection,
    bundle_path,
    frame_result,
    get_health,
    render_body,
)

__all__ = ["PoolRenderer", "Worker"]

logger = logging.getLogger("djangokit.ssr")

START_TIMEOUT = 15.0
"""Seconds a new worker may take to listen and import the server bundle."""


class WorkerLost(RenderError):
    """A worker process died or never answered while starting: another worker may render."""


class Worker:
    """One Node renderer process and Django's connection to it."""

    def __init__(self, directory: Path, index: int, command: list[str]) -> None:
        self.directory = directory
        self.index = index
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: WorkerConnection | None = None
        self.renders = 0
        self.generation = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None and self.conn is not None

    def start(self, bundle: Path) -> None:
        """Start the process and wait until it has imported *bundle* and answers."""
        self.stop()
        if not self.directory.is_dir():
            raise RenderError("the SSR pool is closed")
        self.generation += 1
        path = self.directory / f"w{self.index}-{self.generation}.sock"
        where = ["--bundle", str(bundle), "--socket", str(path), "--frames", "--watch-stdin"]
        node, *rest = self.command
        command = [node, *one_cpu_node_flags(), *rest, *where]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while not path.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                code = self.process.poll()
                self.stop()
                raise WorkerLost(f"the SSR worker did not start (exit status {code})")
            time.sleep(0.005)
        self.conn = WorkerConnection(str(path))
        while True:
            try:
                health = get_health(self.conn, START_TIMEOUT)
                break
            except ConnectionRefusedError:  # bound but not listening yet
                self.conn.close()
                if time.monotonic() > deadline:
                    self.stop()
                    raise WorkerLost("the SSR worker did not listen") from None
                time.sleep(0.005)
            except (OSError, ValueError) as exc:
                self.stop()
                raise WorkerLost(f"the SSR worker did not answer: {exc}") from exc
        if not health.get("ok"):
            self.stop()
            raise RenderError(f"the SSR worker cannot render: {health.get('error')}")
        self.renders = 0

    def stop(self) -> None:
        """Kill the process (SIGKILL: it may be stuck in a render) and close the connection."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        process, self.process = self.process, None
        if process is not None:
            _kill(process)
        for old in self.directory.glob(f"w{self.index}-*.sock"):
            old.unlink(missing_ok=True)


def one_cpu_node_flags() -> list[str]:
    """V8 flags for a renderer that may run on one CPU only (`dk serve` pins a sync worker and
    its renderer to one, decision 11): garbage collected on the main thread, since helper
    threads could only take turns with it there. Measured on `bench/bench_page.py`'s page,
    one pinned worker, 7 interleaved pairs: 0.51-0.58 ms of Node CPU per render against
    0.54-0.64 ms, and less of the worker's (decision 11)."""
    if hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) == 1:
        return ["--single-threaded-gc"]
    return []


def _kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL is not ignored
        process.wait(timeout=5)
    if process.stdin is not None:
        process.stdin.close()


def _shutdown(workers: list[Worker], directory: Path, pid: int) -> None:
    if os.getpid() != pid:  # a forked child must not kill its parent's workers
        return
    for worker in workers:
        worker.stop()
    shutil.rmtree(directory, ignore_errors=True)


class PoolRenderer(Backend):
    """``[djangokit.ssr] backend = "pool"``: ``workers`` persistent Node renderers."""

    def __init__(self, options: SSRSettings) -> None:
        self.configured_size: int | None = options.workers
        self.size = int(self.configured_size or os.cpu_count() or 1)
        self.max_memory_mb: int | None = options.max_memory_mb
        self.max_renders: int | None = options.max_renders
        node = options.node
        self.node = shutil.which(node) or node
        command = [self.node]
        if self.max_memory_mb:
            command.append(f"--max-old-space-size={self.max_memory_mb}")
        self.command = [*command, str(RENDERER_SCRIPT)]
        if self.max_memory_mb:  # only then is a render's resident memory worth reading
            self.command.append("--report-rss")
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._closed = False
        self.workers: list[Worker] = []
        self._idle: queue.Queue[Worker] = queue.Queue()

    def _ensure_started(self) -> None:
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._closed:
                raise RenderError("the SSR pool is closed")
            if self._pid == os.getpid():
                return
            # First use, or first use after a fork (gunicorn --preload): a pool of our own.
            directory = Path(tempfile.mkdtemp(prefix="djangokit-ssr-"))
            self.workers = [Worker(directory, i, self.command) for i in range(self.size)]
            self._idle = queue.Queue()
            for worker in self.workers:
                self._idle.put(worker)
            self._finalizer = weakref.finalize(
                self, _shutdown, self.workers, directory, os.getpid()
            )
            self._pid = os.getpid()

    def start(self, workers: int | None = None) -> None:
        """Start every worker now (``dk serve`` does, so the first requests do not wait).

        *workers*: how many, when ``[djangokit.ssr] workers`` is unset (``dk serve`` passes
        its threads per gunicorn worker: a sync worker renders one page at a time, and one
        Node process serves it as fast as the number of CPUs would)."""
        bundle = bundle_path()
        if workers is not None and self.configured_size is None and self._pid != os.getpid():
            self.size = workers
        self._ensure_started()
        for worker in self.workers:
            if not worker.alive():
                worker.start(bundle)

    def _render(
        self, url: str, router_ids: list[str], data: dict[str, Any] | str, *, timeout: float
    ) -> RenderResult:
        if self._closed:
            raise RenderError("the SSR pool is closed")
        bundle = bundle_path()
        if not bundle.is_file():
            raise RenderError(f"no server bundle at {bundle}; run `dk build`")
        self._ensure_started()
        body = render_body(url, data)
        # A worker killed under a render (a crash, SIGKILL, out of memory), or one that dies
        # again while it restarts, costs a retry on the next free worker, once per worker; a
        # render that times out is not retried: it would hang again.
        attempts = self.size + 1
        for attempt in range(1, attempts + 1):
            try:
                worker = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise RenderError(f"no SSR worker was free within {timeout} s") from None
            try:
                return self._render_on(worker, bundle, body, timeout)
            except (ConnectionError, WorkerLost) as exc:
                if attempt == attempts:
                    raise RenderError(f"the SSR worker died: {exc!r}") from exc
                logger.warning("SSR worker died rendering %s (%r); retrying", url, exc)
        raise AssertionError("unreachable")  # pragma: no cover

    def _render_on(self, worker: Worker, bundle: Path, body: bytes, timeout: float) -> RenderResult:
        replace = False
        try:
            if not worker.alive():
                worker.start(bundle)
            assert worker.conn is not None
            try:
                frame = worker.conn.request(body, timeout)
            except TimeoutError as exc:
                replace = True
                raise RenderError(f"no answer within {timeout} s (worker {worker.pid})") from exc
            except OSError as exc:
                replace = True
                if isinstance(exc, ConnectionError):
                    raise
                raise RenderError(f"the SSR worker {worker.pid} failed: {exc!r}") from exc
            result, rss = frame_result(frame)
            worker.renders += 1
            if self.max_memory_mb and rss > self.max_memory_mb * 1024 * 1024:
                logger.info("Recycling SSR worker %s: %d MiB resident", worker.pid, rss >> 20)
                replace = True
            elif self.max_renders and worker.renders >= self.max_renders:
                replace = True
            return result
        finally:
            if replace:
                self._replace(worker, bundle)
            else:
                self._idle.put(worker)

    def _replace(self, worker: Worker, bundle: Path) -> None:
        """Kill *worker* now; start its successor in the background, then offer it again."""
        worker.stop()

        def restart() -> None:
            try:
                if not self._closed:
                    worker.start(bundle)
            except Exception as exc:  # the next checkout tries again
                logger.warning("Restarting an SSR worker failed: %s", exc)
            finally:
                if self._closed:  # closed meanwhile: leave nothing running
                    worker.stop()
                self._idle.put(worker)

        threading.Thread(target=restart, name="djangokit-ssr-restart", daemon=True).start()

    def pids(self) -> list[int]:
        """The process ids of the running workers."""
        return [w.pid for w in self.workers if w.pid is not None and w.alive()]

    def close(self) -> None:
        """Stop every worker (Django calls this when the settings change; exit does too)."""
        with self._lock:
            self._closed = True
            finalizer = getattr(self, "_finalizer", None)
            if finalizer is not None:
                finalizer()
