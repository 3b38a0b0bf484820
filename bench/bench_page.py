"""A real page, served as users serve it: `dk serve` against a plain Django template view.

The page: a layout with a header (a nav of 5 links) and a footer, and a list of 100 rows read
per request from a SQLite table (id, a ~40-character title, a done flag, a date). The same
project (made with `dk new`, built with `dk build --production`, production settings with
DJANGOKIT_HTTPS=false) is served twice, both on 127.0.0.1:

- ``dk``:       `dk serve --workers 2` (gunicorn + the SSR renderer pool + WhiteNoise);
- ``template``: `gunicorn -w 2` (sync) of the same project and settings, where a plain Django
  view renders the same visible markup from a Django template.

Before loading, the bench checks the markup between ``<header>`` and ``</footer>`` hashes the
same on both sides. It loads four URLs with wrk, in interleaved rounds, each side first in
every other round (dk, template; template, dk; ...):

- ``page``: the document (GET /rows) against the template view (GET /template/rows);
- ``data``: the route-data request of a client navigation (GET /rows, X-DjangoKit-Data: 1,
  with the CSRF cookie the document set, as a browser sends it) against a plain
  ``JsonResponse`` of the same rows (GET /json/rows, with the same cookie).

and prints req/s, p50/p99, CPU per request (user + system time of the server's processes,
Node renderers included, from /proc) and the ratios, from one run. Needs Node, npm and wrk.

    python bench/bench_page.py [--duration 8] [--rounds 6] [--concurrency 8 32]
                               [--workers 2] [--serve-args="--threads 4"]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

PACKAGE = "benchpage"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "djangokit-bench"
DK = str(Path(sys.executable).with_name("dk"))
LINKS = [("/", "Home"), ("/rows", "Rows"), ("/about", "About"), ("/blog", "Blog"),
         ("/contact", "Contact")]  # fmt: skip

FILES = {
    "settings.toml": f"""
        [django]
        TIME_ZONE = "UTC"
        ROOT_URLCONF = "{PACKAGE}.urls"

        [djangokit]
        title = "Page bench"
        strict_serialization = true
    """,
    f"src/{PACKAGE}/models/__init__.py": """
        from django.db import models


        class Row(models.Model):
            title = models.CharField(max_length=100)
            done = models.BooleanField(default=False)
            date = models.DateField()

            class Meta:
                db_table = "rows"
    """,
    f"src/{PACKAGE}/data.py": """
        from .models import Row


        def rows() -> list[dict[str, object]]:
            return [
                {"id": i, "title": t, "done": d, "date": day.isoformat()}
                for i, t, d, day in Row.objects.order_by("id").values_list(
                    "id", "title", "done", "date"
                )[:100]
            ]
    """,
    f"src/{PACKAGE}/urls.py": '''
        """The project's routes, after the plain Django views they are compared with."""

        from django.http import HttpRequest, HttpResponse, JsonResponse
        from django.shortcuts import render
        from django.urls import include, path

        from .data import rows


        def template_rows(request: HttpRequest) -> HttpResponse:
            return render(request, "benchpage/rows.html", {"rows": rows()})


        def json_rows(request: HttpRequest) -> JsonResponse:
            return JsonResponse({"rows": rows()})


        urlpatterns = [
            path("template/rows", template_rows),
            path("json/rows", json_rows),
            path("", include("djangokit.core.urls")),
        ]
    ''',
    f"src/{PACKAGE}/templates/{PACKAGE}/rows.html": """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Rows</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body><div id="djangokit-root"><header><nav>LINKS</nav></header><main><h1>Rows</h1><ul>{% for row in rows %}<li class="{% if row.done %}done{% else %}open{% endif %}"><span>{{ row.id }}</span> <span>{{ row.title }}</span> <time>{{ row.date }}</time></li>{% endfor %}</ul></main><footer><p>{{ rows|length }} rows</p></footer></div></body></html>
    """.replace(  # noqa: E501
        "LINKS",
        "".join(f'<a href="{href}" data-discover="true">{text}</a>' for href, text in LINKS),
    ),
    f"src/{PACKAGE}/routes/layout.tsx": """
        import { Link, Outlet } from "@djangokit/runtime";

        const LINKS = LINKS_JSON;

        export default function Layout() {
          return (
            <>
              <header>
                <nav>
                  {LINKS.map(([href, text]) => (
                    <Link key={href} to={href}>{text}</Link>
                  ))}
                </nav>
              </header>
              <Outlet />
            </>
          );
        }
    """.replace("LINKS_JSON", json.dumps(LINKS)),
    f"src/{PACKAGE}/routes/rows/handlers.py": """
        from ...data import rows


        def get(request):
            return {"rows": rows()}
    """,
    f"src/{PACKAGE}/routes/rows/page.tsx": """
        import { useData } from "@djangokit/runtime";

        type Row = { id: number; title: string; done: boolean; date: string };

        export default function Rows() {
          const { rows } = useData<{ rows: Row[] }>();
          return (
            <>
              <main>
                <h1>Rows</h1>
                <ul>
                  {rows.map((row) => (
                    <li key={row.id} className={row.done ? "done" : "open"}>
                      <span>{row.id}</span> <span>{row.title}</span> <time>{row.date}</time>
                    </li>
                  ))}
                </ul>
              </main>
              <footer><p>{`${rows.length} rows`}</p></footer>
            </>
          );
        }
    """,
}

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima"]  # fmt: skip


def node_modules() -> Path:
    """The npm packages `dk new` asks for, installed once into ~/.cache/djangokit-bench."""
    from djangokit.cli._templates import render_file

    package_json = render_file("new/package.json", {"npm_name": "djangokit-bench-page"})
    key = hashlib.sha256(package_json.encode()).hexdigest()[:12]
    base = CACHE / f"page-{key}"
    modules = base / "node_modules"
    if not (modules / ".package-lock.json").is_file():
        base.mkdir(parents=True, exist_ok=True)
        (base / "package.json").write_text(package_json)
        npm = ["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"]
        subprocess.run(npm, cwd=base, check=True)
    return modules


def make_project(parent: Path, env: dict[str, str]) -> Path:
    subprocess.run([DK, "new", PACKAGE, "--no-install"], cwd=parent, env=env, check=True,
                   capture_output=True)  # fmt: skip
    root = parent / PACKAGE
    (root / "node_modules").symlink_to(node_modules(), target_is_directory=True)
    shutil.rmtree(root / "src" / PACKAGE / "routes")
    shutil.rmtree(root / "src" / PACKAGE / "migrations", ignore_errors=True)
    shutil.rmtree(root / "src" / PACKAGE / "components", ignore_errors=True)
    (root / "src" / PACKAGE / "admin.py").unlink()
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    for command in (["makemigrations", PACKAGE], ["migrate", "-v0"]):
        subprocess.run([DK, "manage", *command], cwd=root, env=env, check=True,
                       capture_output=True)  # fmt: skip
    with sqlite3.connect(root / "db.sqlite3") as db:
        db.executemany(
            "INSERT INTO rows (id, title, done, date) VALUES (?, ?, ?, ?)",
            [
                (
                    i,
                    " ".join(WORDS[(i + k) % len(WORDS)] for k in range(6))[:40].title(),
                    i % 3 == 0,
                    f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                )
                for i in range(1, 101)
            ],
        )
    subprocess.run([DK, "build", "--production"], cwd=root, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


class Server:
    def __init__(self, name: str, command: list[str], root: Path, env: dict[str, str]) -> None:
        self.name = name
        self.port = free_port()
        command = [part.replace("PORT", str(self.port)) for part in command]
        self.log = root.parent / f"{name}.log"  # a file: an unread pipe would fill and block
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                get(self.base + "/json/rows")
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"{name} did not start: {self.stderr()}") from None
                time.sleep(0.2)

    def stderr(self) -> str:
        return self.log.read_text()[-3000:]

    def pids(self) -> list[int]:
        """The server's processes: the master and every descendant (workers, Node renderers)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def cpu_seconds(self) -> float:
        """User + system time of the server's processes (waited-for children included)."""
        ticks = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def visible(html: str) -> str:
    match = re.search(r"<header>.*</footer>", html, re.S)
    assert match, f"no <header>...</footer> in {html[:500]}"
    return match.group(0)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int, duration: float, headers: dict[str, str]) -> dict[str, float]:
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration:g}s",
               "--timeout", "30s", "--latency"]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^[ \t]+(50|99)%[ \t]+(\S+)[ \t]*$", out, re.M))
    total = re.search(r"(\d+) requests in", out)
    if len(latency) != 2 or total is None:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors or "Socket errors" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "requests": float(total.group(1)),
    }


def csrf_cookie(url: str) -> str:
    """``csrftoken=...``: the cookie the document at *url* sets."""
    with urllib.request.urlopen(url, timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                return header.split(";", 1)[0]
    raise RuntimeError(f"{url} set no csrftoken cookie")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=6, help="interleaved rounds")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both sides")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load")
    parser.add_argument("--serve-args", default="", help="more `dk serve` arguments")
    parser.add_argument("--keep", action="store_true", help="keep the project directory")
    args = parser.parse_args()
    if shutil.which("wrk") is None or shutil.which("node") is None:
        sys.exit("bench_page.py needs wrk and node on PATH")
    parent = Path(tempfile.mkdtemp(prefix="djangokit-bench-page-"))
    env = {**os.environ, "DJANGOKIT_ENV": "production", "DJANGOKIT_HTTPS": "false",
           "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": '["127.0.0.1"]'}  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    servers: list[Server] = []
    try:
        root = make_project(parent, env)
        serve = [DK, "serve", "--host", "127.0.0.1", "--port", "PORT",
                 "--workers", str(args.workers), *shlex.split(args.serve_args)]  # fmt: skip
        gunicorn = [sys.executable, "-m", "gunicorn", "djangokit.core.wsgi:application",
                    "--bind", "127.0.0.1:PORT", "--workers", str(args.workers),
                    "--no-control-socket"]  # fmt: skip
        # The same settings as `dk serve` (its WhiteNoise middleware included).
        plain_env = {**env, "DJANGO_SETTINGS_MODULE": "djangokit.cli._serve_settings",
                     "PYTHONPATH": str(root / "src")}  # fmt: skip
        dk = Server("dk", serve, root, env)
        servers.append(dk)
        plain = Server("template", gunicorn, root, plain_env)
        servers.append(plain)
        # A client navigation comes from a page that set the CSRF cookie: the browser sends it
        # (the JSON view gets it too). The documents go without, as on a first visit.
        cookie = {"Cookie": csrf_cookie(dk.base + "/rows")}
        data = {"X-DjangoKit-Data": "1", **cookie}
        urls = {
            ("page", "dk"): (dk.base + "/rows", {}),
            ("page", "template"): (plain.base + "/template/rows", {}),
            ("data", "dk"): (dk.base + "/rows", data),
            ("data", "template"): (plain.base + "/json/rows", cookie),
        }
        ours, theirs = (
            visible(get(dk.base + "/rows").decode()),
            visible(get(plain.base + "/template/rows").decode()),
        )
        digest = hashlib.sha256(ours.encode()).hexdigest()[:16]
        if ours != theirs:
            sys.exit(
                f"the visible markup differs:\ndk:       {ours[:300]}\ntemplate: {theirs[:300]}"
            )
        json_ours = json.loads(get(dk.base + "/rows", data))
        json_theirs = json.loads(get(plain.base + "/json/rows"))
        page_data = next(v for v in json_ours["routes"].values() if v and "rows" in v)
        assert page_data == json_theirs, "the route data's rows differ from the JSON view's"
        for url, headers in urls.values():  # warm up (V8 compiles hot code)
            wrk(url, 8, args.warmup, headers)
        print(f"visible markup {len(ours)} characters, sha256 {digest}… on both sides")
        print(f"load average before: {loadavg()}", flush=True)
        results: dict[tuple[str, str, int], list[dict[str, float]]] = {}
        sides = [("dk", dk), ("template", plain)]
        for round_ in range(args.rounds):
            # Each side goes first in every other round: the first run after the other
            # kind's runs meets colder caches and had the longer tail (bench/README.md).
            order = sides if round_ % 2 == 0 else sides[::-1]
            for kind in ("page", "data"):
                for c in args.concurrency:
                    for name, server in order:
                        url, headers = urls[kind, name]
                        before = server.cpu_seconds()
                        r = wrk(url, c, args.duration, headers)
                        r["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / r["requests"]
                        results.setdefault((kind, name, c), []).append(r)
        load = loadavg()
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(parent, ignore_errors=True)
    report(args, results, load)


def report(args: argparse.Namespace, results: dict, load: str) -> None:  # type: ignore[type-arg]
    print(
        f"\ndk serve --workers {args.workers} {args.serve_args} | gunicorn -w {args.workers} "
        f"(sync); wrk {args.duration:g} s x {args.rounds} interleaved rounds, 127.0.0.1, "
        f"{os.cpu_count()} CPUs, load average after: {load}"
    )
    print("medians of the rounds; cpu = ms of server CPU (all processes) per request")
    print("paired: the median of the per-round ratios (each round's two runs met the same machine)")
    head = f"{'':<5}{'side':<9}{'c':>4}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'cpu ms':>8}"
    print(head + "   dk/template: req/s  p99  cpu")
    for kind in ("page", "data"):
        for c in args.concurrency:
            med = {}
            for name in ("dk", "template"):
                runs = results[kind, name, c]
                med[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            a, b = med["dk"], med["template"]
            for name, m in med.items():
                ratios = (f"   x{a['rps'] / b['rps']:.2f}  x{a['p99'] / b['p99']:.2f}  "
                          f"x{a['cpu_ms'] / b['cpu_ms']:.2f}") if name == "dk" else ""  # fmt: skip
                print(f"{kind:<5}{name:<9}{c:>4}{m['rps']:>9.0f}{m['p50']:>8.2f}{m['p99']:>8.2f}"
                      f"{m['cpu_ms']:>8.2f}{ratios}")  # fmt: skip
            pairs = zip(results[kind, "dk", c], results[kind, "template", c], strict=True)
            rounds = [d["rps"] / t["rps"] for d, t in pairs]
            print(f"{'':<18}req/s ratio per round: {', '.join(f'{r:.2f}' for r in rounds)}"
                  f"  (paired x{statistics.median(rounds):.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
