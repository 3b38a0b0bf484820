"""`dk serve` pins each sync gunicorn worker, with its Node renderer, to one CPU (decision 11).

A sync worker and its renderer take turns: the worker sends a page's data and waits, the
renderer renders and waits for the next. They never run at the same time, so one CPU loses
nothing; what pinning saves is the hand-over between CPUs at every page, which on a virtual
machine costs a cross-CPU wake-up each way and a cold cache on the other side (measured with
``bench/bench_page_cpu.py``: 4.44 -> 2.93 ms of CPU per page, docs in ``bench/README.md``).

Workers spread over the CPUs this process may use, the least used first; a worker that
replaces one that died takes the CPU it left. Linux only; elsewhere nothing happens.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import os
from pathlib import Path

__all__ = ["PIN_ENV", "pin_worker"]

PIN_ENV = "DJANGOKIT_SERVE_PIN_CPUS"
"""Set to ``1`` by `dk serve` when its workers pin themselves (``--pin-cpus``)."""


def pin_worker() -> int | None:
    """Pin this gunicorn worker to the CPU its siblings use least; the CPU, or ``None`` when
    not pinned (not asked, not Linux, one CPU, or not a gunicorn worker: under ``--preload``
    the application loads in the master, whose CPUs every worker would inherit)."""
    if os.environ.get(PIN_ENV) != "1" or not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    master = os.getppid()
    if len(allowed) < 2 or "gunicorn" not in _command_line(master):
        return None
    # Workers start together: one at a time reads its siblings' CPUs and takes its own.
    with open(__file__, "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            used = collections.Counter(_pinned_cpus(master, exclude=os.getpid()))
            cpu = min(allowed, key=lambda c: (used[c], c))
            os.sched_setaffinity(0, {cpu})
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return cpu


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _pinned_cpus(parent: int, *, exclude: int) -> list[int]:
    """The CPU of each child of *parent* (but *exclude*) that is pinned to exactly one."""
    cpus = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == exclude:
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != parent:
                continue
            affinity = os.sched_getaffinity(int(entry.name))
            if len(affinity) == 1:
                cpus.append(next(iter(affinity)))
    return cpus
