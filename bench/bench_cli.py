"""How long from `dk new` to the first page served by `dk serve`, with node_modules ready, and
from saving a new route's files to `dk dev` serving it.

Runs the installed `dk` as a user would, in a temporary directory: `dk new mysite
--no-install` (then links a node_modules npm-installed once into a cache directory, which
stands in for `npm install` from a warm npm cache), `dk migrate`, `dk build --production`,
`dk serve` on a free port, and polls the home page until it answers 200. Prints the seconds
of each step and the total, best of ``--repeats`` runs.

Then, with `dk dev` running on a fresh `dk new` project, writes ``routes/<new>/page.tsx`` and
``handlers.py`` (whose ``get`` returns a fresh token) and polls that URL until the document
answers 200 with the route in it and the token in its route data: the server swaps in the new
URLconf (before decision 7, a restart). Prints the median of ``--repeats`` routes.

Then, in Chromium (Playwright, Debian's /usr/bin/chromium) on the same `dk dev`, from a save
to the open page's DOM showing it: a component edit (page.tsx's heading; and whether the
text typed in the page's note input survived, i.e. no reload), and a handler edit (new data,
and whether the page reloaded). Prints medians.

    python bench/bench_cli.py [--repeats 3] [--cache DIR] [--dev-only]

Needs Node and npm (network for the first install only), gunicorn and whitenoise; Playwright
and Chromium for the browser part (skipped without them).

Measured 2026-11-29 in the development container (best of 3): new 0.22 s, migrate 1.12 s,
build --production 4.20 s (most of it WhiteNoise compressing the admin's static files on a
first `collectstatic`; a rebuild takes 1.4 s), serve to the first 200 2.38 s: 7.92 s total.
A later run (2026-11-29, same container, 2 cores) gave 3.01 s total (new 0.29, migrate 0.56,
build 1.30, serve 0.86), and a new route's page.tsx + handlers.py saved -> served by
`dk dev` in 1.58 s (best of 3: 1.58, 1.65, 1.73 s).
With the code swapped in place (2026-12-03, `python bench/bench_cli.py --dev-only --repeats 5`,
2 cores shared with other work): new route served, median 0.17 s (0.13-0.27); handler edit
-> new data in the DOM, median 0.21 s, no reload; component edit -> DOM, median 1.10 s, a full
reload (no Fast Refresh yet: the typed text is lost).
With React Fast Refresh (decision 8; 2026-12-03, same command, load average 4.5-6.6 on the 2
cores): component edit -> DOM, median 0.81 s (0.80-0.86), typed text kept in 100% of edits, no
reload; of that, save -> manifest written (esbuild's client and server rebuilds) is 0.33-0.51 s.
New route served, median 0.26 s; handler edit, median 0.10 s.
With the save starting the rebuild and the page not waiting for the server bundle (2026-12-04,
same command, load average 3.3-5.1; the DOM time now taken in the page, without Playwright's
polling): component edit median 0.28-0.47 s over 5 runs (main, timed the same way: 0.59-0.65 s),
handler edit 0.08-0.09 s, new route 0.17 s; at load average 0.6-1.7, component edit 0.21-0.24 s
(main 0.36 s). bench/README.md has the table.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "packages/cli/src/djangokit/cli/templates/new/package.json.tmpl"
DK = shutil.which("dk", path=os.path.dirname(sys.executable)) or "dk"
STEPS = ("new", "migrate", "build", "serve", "total")


def node_modules(cache: Path) -> Path:
    """The scaffold's npm packages, installed into *cache* once."""
    modules = cache / "node_modules"
    text = TEMPLATE.read_text().replace("{{ npm_name }}", "bench-cli")
    listed = cache / "package.json"
    if not (modules / ".package-lock.json").is_file() or listed.read_text() != text:
        cache.mkdir(parents=True, exist_ok=True)  # new, or the scaffold's packages changed
        listed.write_text(text)
        npm = shutil.which("npm") or sys.exit("bench_cli needs npm on PATH")
        subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=cache, check=True)
    return modules


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET_KEY"))}
    # Plain HTTP on 127.0.0.1: without DJANGOKIT_HTTPS=false production redirects to https://.
    env.update(SECRET_KEY="bench-" + "k" * 60, ALLOWED_HOSTS="127.0.0.1", DJANGOKIT_HTTPS="false")
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


PAGE = """export default function {name}() {{
  return <h1>{name}</h1>;
}}
"""
HANDLERS = 'def get(request):\n    return {{"token": "{token}"}}\n'


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError:  # refused or reset: the server is starting or restarting
        return 0, b""


def new_route_times(modules: Path, repeats: int) -> list[float]:
    """Seconds from writing a new route's page.tsx and handlers.py to `dk dev` serving it,
    for *repeats* routes added one after another to one running `dk dev`."""
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        project, server, url, log = _start_dev(modules, Path(tmp))
        try:
            routes = project / "src" / "devsite" / "routes"
            for n in range(repeats):
                time.sleep(1)  # the previous route's rebuild is over
                name, token = f"Bench{n}", secrets.token_hex(8)
                route = routes / name.lower()
                started = time.perf_counter()
                route.mkdir()
                (route / "page.tsx").write_text(PAGE.format(name=name))
                (route / "handlers.py").write_text(HANDLERS.format(token=token))

                def served(path: str = f"/{name.lower()}", token: str = token) -> bool:
                    status, body = _get(url + path)
                    wanted = (f'"page:{path[1:]}"'.encode(), token.encode())
                    return status == 200 and all(w in body for w in wanted)

                _wait(server, log, served, 60)
                times.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=15)
    return times


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LISTED = 'return {"notes": [note.serialize() for note in Note.objects.all()[:50]]}'
NOTE = 'return {{"notes": [{{"id": 1, "text": "{text}", "created": "2026-01-01T00:00:00Z"}}]}}'


def browser_times(modules: Path, repeats: int) -> dict[str, list[float]] | None:
    """Seconds from a save to the DOM showing it, in Chromium, *repeats* times each, and
    whether the page kept its state (1.0) or reloaded (0.0); ``None`` without Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    times: dict[str, list[float]] = {"component": [], "kept": [], "handler": [], "reloaded": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        project, server, url, _log = _start_dev(modules, Path(tmp))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=url)
            with page.expect_response(lambda r: "/__djangokit__/live-reload" in r.url):
                page.goto("/")
            page.locator("#djangokit-root[data-ready]").wait_for(state="attached")
            time.sleep(1)
            routes = project / "src" / "devsite" / "routes"
            page_tsx, handlers = routes / "page.tsx", routes / "handlers.py"
            heading = page.get_by_role("heading", level=1)
            original = page_tsx.read_text()
            for n in range(repeats):
                page.locator("input[name=text]").fill(f"typed {n}")
                text = f"Edited {n} {secrets.token_hex(4)}"
                _observe(page, "h1", text)
                started = time.time()
                page_tsx.write_text(re.sub(r"<h1>.*?</h1>", f"<h1>{text}</h1>", original, count=1))
                heading.filter(has_text=text).wait_for(timeout=30_000)
                times["component"].append(_observed(page, started))
                value = page.locator("input[name=text]").input_value()
                times["kept"].append(float(value == f"typed {n}"))
                page.wait_for_load_state()
                time.sleep(1)
            before = handlers.read_text()
            for n in range(repeats):
                page.evaluate("window.__benchMark = true")
                token = f"Handler {n} {secrets.token_hex(4)}"
                _observe(page, "body", token)
                started = time.time()
                handlers.write_text(before.replace(LISTED, NOTE.format(text=token)))
                page.get_by_text(token).wait_for(timeout=30_000)
                times["handler"].append(_observed(page, started))
                times["reloaded"].append(float(page.evaluate("window.__benchMark") is None))
                time.sleep(1)
        finally:
            browser.close()
            server.terminate()
            server.wait(timeout=15)
    return times


def _observe(page: Any, selector: str, text: str) -> None:
    """Note in the page the moment *selector* first shows *text*: Playwright's own wait polls
    (at up to 100 ms, then 500 ms, intervals), which would add its poll to the time measured."""
    page.evaluate(
        """([selector, text]) => {
          window.__benchSeen = null;
          const observer = new MutationObserver(() => {
            if (document.querySelector(selector)?.textContent.includes(text)) {
              window.__benchSeen = Date.now();
              observer.disconnect();
            }
          });
          observer.observe(document, { subtree: true, childList: true, characterData: true });
        }""",
        [selector, text],
    )


def _observed(page: Any, started: float) -> float:
    """Seconds from *started* (``time.time()``, the clock ``Date.now()`` reads) to the DOM
    showing the text; after a reload (the observer gone) to Playwright seeing it."""
    seen = page.evaluate("window.__benchSeen ?? null")
    return (seen / 1000 if seen is not None else time.time()) - started


def _start_dev(modules: Path, tmp: Path) -> tuple[Path, subprocess.Popen[bytes], str, Path]:
    _dk("new", "devsite", "--no-install", cwd=tmp)
    project = tmp / "devsite"
    (project / "node_modules").symlink_to(modules, target_is_directory=True)
    _dk("migrate", cwd=project)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "dev.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [DK, "dev", "--port", str(port)],
            cwd=project,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait(server, log, lambda: _get(url + "/")[0] == 200, 120)
    return project, server, url, log


def _wait(server: subprocess.Popen[bytes], log: Path, check: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if server.poll() is not None or time.monotonic() > deadline:
            server.terminate()
            sys.exit(f"dk dev failed or timed out:\n{log.read_text()}")
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "djangokit-bench-cli-npm"
    )
    parser.add_argument("--dev-only", action="store_true", help="only the dk dev timings")
    args = parser.parse_args()
    modules = node_modules(args.cache)
    if not args.dev_only:
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
    routes = new_route_times(modules, args.repeats)
    print(f"new route file saved -> served by dk dev ({args.repeats} routes)")
    print(
        f"  {'page.tsx + handlers.py':<24} median {median(routes):5.2f} s, best {min(routes):.2f} s"
    )
    print(f"  all: {', '.join(f'{t:.2f}' for t in routes)} s")
    found = browser_times(modules, args.repeats)
    if found is None:
        print("save -> DOM in Chromium: skipped (needs Playwright and /usr/bin/chromium)")
        return
    print(f"save -> DOM updated in Chromium (median of {args.repeats})")
    kept = sum(found["kept"]) / len(found["kept"])
    reloaded = sum(found["reloaded"]) / len(found["reloaded"])
    print(
        f"  {'component (page.tsx)':<24} median {median(found['component']):5.2f} s,"
        f" typed text kept in {kept:.0%} of edits"
    )
    print(
        f"  {'handler (handlers.py)':<24} median {median(found['handler']):5.2f} s,"
        f" page reloaded in {reloaded:.0%} of edits"
    )
    print(f"  all: component {_all(found['component'])}; handler {_all(found['handler'])}")


def _all(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values) + " s"


if __name__ == "__main__":
    main()
