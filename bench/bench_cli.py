"""How long from `dk new` to the first page served by `dk serve`, with node_modules ready.

Runs the installed `dk` as a user would, in a temporary directory: `dk new mysite
--no-install` (then links a node_modules npm-installed once into a cache directory, which
stands in for `npm install` from a warm npm cache), `dk migrate`, `dk build --production`,
`dk serve` on a free port, and polls the home page until it answers 200. Prints the seconds
of each step and the total, best of ``--repeats`` runs.

    python bench/bench_cli.py [--repeats 3] [--cache DIR]

Needs Node and npm (network for the first install only), gunicorn and whitenoise.

Measured 2026-11-29 in the development container (best of 3): new 0.22 s, migrate 1.12 s,
build --production 4.20 s (most of it WhiteNoise compressing the admin's static files on a
first `collectstatic`; a rebuild takes 1.4 s), serve to the first 200 2.38 s: 7.92 s total.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "packages/cli/src/djangokit/cli/templates/new/package.json.tmpl"
DK = shutil.which("dk", path=os.path.dirname(sys.executable)) or "dk"
STEPS = ("new", "migrate", "build", "serve", "total")


def node_modules(cache: Path) -> Path:
    """The scaffold's npm packages, installed into *cache* once."""
    modules = cache / "node_modules"
    if not (modules / ".package-lock.json").is_file():
        cache.mkdir(parents=True, exist_ok=True)
        text = TEMPLATE.read_text().replace("{{ npm_name }}", "bench-cli")
        (cache / "package.json").write_text(text)
        npm = shutil.which("npm") or sys.exit("bench_cli needs npm on PATH")
        subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=cache, check=True)
    return modules


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET_KEY"))}
    env.update(SECRET_KEY="bench-" + "k" * 60, ALLOWED_HOSTS="127.0.0.1")
    return env


def _dk(*args: str, cwd: Path) -> None:
    subprocess.run([DK, *args], cwd=cwd, env=_env(), check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_once(modules: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        started = mark = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal mark
            now = time.perf_counter()
            times[name], mark = now - mark, now

        _dk("new", "mysite", "--no-install", cwd=Path(tmp))
        project = Path(tmp) / "mysite"
        (project / "node_modules").symlink_to(modules, target_is_directory=True)
        lap("new")
        _dk("migrate", cwd=project)
        lap("migrate")
        _dk("build", "--production", cwd=project)
        lap("build")
        port = _free_port()
        server = subprocess.Popen(
            [DK, "serve", "--port", str(port), "--workers", "1"],
            cwd=project,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                if server.poll() is not None:
                    sys.exit(f"dk serve exited with {server.returncode}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                        if r.status == 200 and b"djangokit-data" in r.read():
                            break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.02)
            lap("serve")
            times["total"] = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=15)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "djangokit-bench-cli-npm"
    )
    args = parser.parse_args()
    modules = node_modules(args.cache)
    runs = [run_once(modules) for _ in range(args.repeats)]
    best = min(runs, key=lambda r: r["total"])
    print(f"dk new -> first page served (best of {args.repeats}; node_modules pre-installed)")
    for step in STEPS:
        label = {
            "new": "dk new",
            "migrate": "dk migrate",
            "build": "dk build --production",
            "serve": "dk serve -> first 200",
            "total": "total",
        }[step]
        print(f"  {label:<24} {best[step]:6.2f} s")
    totals = ", ".join(f"{r['total']:.2f}" for r in runs)
    print(f"  all totals: {totals} s")


if __name__ == "__main__":
    main()
