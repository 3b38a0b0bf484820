"""What DjangoKit's routing layer costs on a JSON endpoint, next to a plain Django view.

Both answer the same 20 rows through the same middleware, called straight through Django's
WSGI handler with a prepared environ (no test client, no network), in one process. Prints
requests per second, best of ``--repeats`` runs of ``--requests`` requests each, and the
overhead of each DjangoKit answer over the plain ``JsonResponse`` view. Times are the
process's CPU time, so other work on the machine slows neither side; many short interleaved
runs, of which the best counts, keep a virtual machine's drift out of the ratio.

``--instructions`` also counts the CPU instructions per request of each case with valgrind's
callgrind (one subprocess per case, about half a minute each): the same figure on every run,
for comparing changes when timings are too noisy to.

    python bench/bench_data_endpoint.py [--requests 200] [--repeats 150] [--profile]
                                        [--instructions]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

CLOCK = time.process_time  # not wall time: see the docstring
PROJECT = Path(__file__).resolve().parent / "project"

# (label, path, extra environ): the DjangoKit answers, then the baseline they are compared with.
CASES: list[tuple[str, str, dict[str, str]]] = [
    ("djangokit  Accept: application/json", "/rows", {"HTTP_ACCEPT": "application/json"}),
    ("djangokit  /rows.json", "/rows.json", {}),
    # A client navigation: the document set the CSRF cookie before (without it, Django makes
    # a new secret per request, which is Django's cost of a first visit, not the router's).
    (
        "djangokit  X-DjangoKit-Data (route data)",
        "/rows",
        {"HTTP_X_DJANGOKIT_DATA": "1", "HTTP_COOKIE": f"csrftoken={'k' * 32}"},
    ),
    # For scale: the same plain view mounted with include(), as Django apps usually are.
    ("django     JsonResponse view, include()d", "/app/rows", {"HTTP_ACCEPT": "application/json"}),
    # The baseline every other case is compared with.
    ("django     JsonResponse view", "/plain/rows", {"HTTP_ACCEPT": "application/json"}),
]


def setup_django() -> Callable[..., Iterable[bytes]]:
    """Configure Django from the bench project's settings.toml, as ``dk serve`` would run it
    (DEBUG off), and return its WSGI application."""
    sys.path.insert(0, str(PROJECT / "src"))
    import django
    from django.conf import settings

    from djangokit.settings import load

    loaded = load(PROJECT, env="test", environ={}, DEBUG=False, ALLOWED_HOSTS=["bench"])
    config = {**loaded.django, "ROOT_URLCONF": "benchsite.urls"}
    settings.configure(**config)
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def environ_for(path: str, extra: dict[str, str]) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "bench",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "bench",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **extra,
    }


def request(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> str:
    """One request with a fresh environ, as a server would pass; returns the status."""
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        statuses.append(status)

    env = environ.copy()
    env["wsgi.input"] = io.BytesIO(b"")
    result = app(env, start_response)
    b"".join(result)
    close = getattr(result, "close", None)
    if close is not None:
        close()
    return statuses[-1]


def run(app: Callable[..., Iterable[bytes]], environ: dict[str, Any], n: int) -> float:
    """Seconds of CPU time for *n* requests."""
    gc.collect()
    gc.disable()  # as timeit does: a collection landing in one case's run is noise
    started = CLOCK()
    for _ in range(n):
        status = request(app, environ)
    elapsed = CLOCK() - started
    gc.enable()
    if status != "200 OK":
        raise SystemExit(f"{environ['PATH_INFO']} answered {status}")
    return elapsed


# callgrind counts only inside this C function: the measured requests run in a reduce().
_COUNTED = "functools_reduce"
_COUNT_REQUESTS = 200


def count_case(case: int) -> None:
    """Run *case*'s requests inside ``functools.reduce``, for :func:`instructions`."""
    app = setup_django()
    environ = environ_for(CASES[case][1], CASES[case][2])
    run(app, environ, 50)  # warm up outside the counted call
    functools.reduce(lambda _, __: request(app, environ), range(_COUNT_REQUESTS), None)


def instructions(case: int) -> float | None:
    """Instructions per request of *case* under callgrind; None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    command = [
        *(valgrind, "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={_COUNTED}"),
        *("--callgrind-out-file=/dev/null", sys.executable, __file__, "--count-case", str(case)),
    ]
    # A fixed hash seed: dict and set layouts, and so the count, are the same every run.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None or int(found.group(1)) == 0:
        return None
    return int(found.group(1)) / _COUNT_REQUESTS


def print_instructions() -> None:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = list(pool.map(instructions, range(len(CASES))))
    baseline = counts[-1]
    if baseline is None:
        print("Instructions: unavailable (needs valgrind and a CPython with symbols)")
        return
    print(f"Instructions per request (callgrind, {_COUNT_REQUESTS} requests per case):")
    for (label, _path, _extra), count in zip(CASES, counts, strict=True):
        line = f"  {label:<44} {count or 0:11.0f} instr/req"
        if count is not None and count is not baseline:
            line += f"  overhead {(count / baseline - 1) * 100:+6.1f} %"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per run")
    parser.add_argument("--repeats", type=int, default=150, help="runs; the best one counts")
    parser.add_argument("--profile", action="store_true", help="cProfile the first case")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    parser.add_argument("--count-case", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_case is not None:
        count_case(args.count_case)
        return

    app = setup_django()
    environs = [environ_for(path, extra) for _label, path, extra in CASES]
    for environ in environs:  # warm up: URLconf, route discovery, imports, caches
        run(app, environ, 200)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, app, environs[0], args.requests)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    best = [float("inf")] * len(CASES)
    for _ in range(args.repeats):
        for i, environ in enumerate(environs):  # interleaved, so drift hits every case alike
            best[i] = min(best[i], run(app, environ, args.requests))

    import django

    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}: ", end="")
    print(f"{args.requests} requests x {args.repeats} runs, best run, through WSGIHandler")
    baseline = args.requests / best[-1]
    for (label, _path, _extra), seconds in zip(CASES, best, strict=True):
        rate = args.requests / seconds
        line = f"  {label:<44} {rate:9.0f} req/s  {seconds / args.requests * 1e6:7.1f} us/req"
        if seconds is not best[-1]:
            line += f"  overhead {(baseline / rate - 1) * 100:+6.1f} %"
        print(line)
    if args.instructions:
        print_instructions()


if __name__ == "__main__":
    main()
