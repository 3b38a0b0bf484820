"""bench_page.py's page and route-data request in one process: CPU per request, steady on a
busy machine.

Builds the same project as ``bench_page.py``, then calls it through Django's test client with
the production settings (as `dk serve` runs them) and one pool renderer, interleaving the
four requests: the page (``/rows``) and its template (``/template/rows``), the route data
(``/rows`` with ``X-DjangoKit-Data: 1``) and its ``JsonResponse`` (``/json/rows``). CPU per
request is the process's ``process_time()`` plus the renderer's user + system time (from
/proc), best of ``--repeats`` runs of ``--requests``; no network, no gunicorn. Needs Node.

As `dk serve` runs a sync worker, the process and its renderer are pinned to one CPU
(``--no-pin``: left to the scheduler, as before `dk serve` pinned them).

    python bench/bench_page_cpu.py [--requests 300] [--repeats 7] [--no-pin]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_page import make_project

MEASURE = """
import os, sys, time
import django
django.setup()
from django.test import Client
from djangokit.core.ssr import get_renderer

requests, repeats, pin = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "pin"
if pin:  # as `dk serve` pins a sync worker (djangokit.cli._affinity), before its renderer
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
renderer = get_renderer()
renderer.size = 1  # one renderer, as `dk serve` starts per sync worker (older versions too)
renderer.start()
tick = os.sysconf("SC_CLK_TCK")


def node_cpu():
    total = 0
    for pid in renderer.pids():
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


client = Client()
cases = {
    "page": ("/rows", {}),
    "template": ("/template/rows", {}),
    "data": ("/rows", {"HTTP_X_DJANGOKIT_DATA": "1"}),
    "json": ("/json/rows", {}),
}
for url, headers in cases.values():
    for _ in range(500):
        assert client.get(url, **headers).status_code == 200
best = dict.fromkeys(cases, float("inf"))
for _ in range(repeats):
    for name, (url, headers) in cases.items():
        cpu, node = time.process_time(), node_cpu()
        for _ in range(requests):
            client.get(url, **headers)
        spent = time.process_time() - cpu + node_cpu() - node
        best[name] = min(best[name], spent / requests * 1000)
where = "pinned to one CPU" if pin else "not pinned"
print(f"CPU ms per request, best of {repeats} x {requests} (Python + the Node renderer, {where}):")
for name, ms in best.items():
    print(f"  {name:<9}{ms:7.3f}")
print(f"page / template x{best['page'] / best['template']:.2f}, "
      f"data / json x{best['data'] / best['json']:.2f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    args = parser.parse_args()
    parent = Path(tempfile.mkdtemp(prefix="djangokit-bench-page-cpu-"))
    env = {**os.environ, "DJANGOKIT_ENV": "production", "DJANGOKIT_HTTPS": "false",
           "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": '["testserver"]'}  # fmt: skip
    try:
        root = make_project(parent, env)
        env |= {"DJANGO_SETTINGS_MODULE": "djangokit.cli._serve_settings",
                "PYTHONPATH": str(root / "src")}  # fmt: skip
        pin = "no-pin" if args.no_pin or not hasattr(os, "sched_setaffinity") else "pin"
        command = [sys.executable, "-c", MEASURE, str(args.requests), str(args.repeats), pin]
        subprocess.run(command, cwd=root, env=env, check=True)
    finally:
        shutil.rmtree(parent, ignore_errors=True)


if __name__ == "__main__":
    main()
