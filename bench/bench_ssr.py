"""Server-side rendering, four ways, served by gunicorn and loaded with wrk.

One page (a layout and 100 rows read from SQLite) is served as:

- ``template``:   a plain Django view rendering a Django template (the baseline);
- ``subprocess``: DjangoKit with the subprocess SSR backend (one Node process per render);
- ``pool``:       DjangoKit with the pool SSR backend (persistent Node workers);
- ``ssr off``:    DjangoKit without SSR (the client renders).

Each runs under the same ``gunicorn -w <cpus>`` (``--workers``; the pool has
``--pool-workers`` Node processes, default 1, in each gunicorn worker) on 127.0.0.1 and is
loaded with wrk at concurrency 1, 8 and 32. Prints requests per second, p50 and p99
latency, and their ratios to the template. Needs Node and npm (React, React Router and
esbuild are installed once into ``~/.cache/djangokit-bench``) and wrk.

    python bench/bench_ssr.py [--duration 5] [--concurrency 1 8 32] [--modes template pool ...]
                              [--workers <cpus>] [--pool-workers 1] [--warmup 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

NPM_PACKAGES = ("react@^19", "react-dom@^19", "react-router-dom@^7", "esbuild@^0.28")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "djangokit-bench"
MODES = {  # mode: (URL path, [djangokit.ssr] options)
    "template": ("/template/rows", {"enabled": False}),
    "subprocess": ("/rows", {"enabled": True, "backend": "subprocess"}),
    "pool": ("/rows", {"enabled": True, "backend": "pool", "workers": 1}),
    "ssr off": ("/rows", {"enabled": False}),
}

LAYOUT = """
<div class="layout">
  <header><a href="/">{site}</a> <nav><a href="/rows">Rows</a></nav></header>
  <main>{body}</main>
  <footer>{count} rows</footer>
</div>
"""

FILES = {
    "settings.toml": """
        [django]
        TIME_ZONE = "UTC"

        [djangokit]
        package = "ssrbench"
        title = "SSR bench"
        admin = false
    """,
    "package.json": '{"private": true, "type": "module"}\n',
    "src/ssrbench/__init__.py": "",
    "src/ssrbench/wsgi.py": '''
        """Django configured for one bench mode (BENCH_MODE, BENCH_SSR: JSON options)."""

        import json
        import os
        from pathlib import Path

        import django
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler

        from djangokit.settings import SSRSettings, load

        PROJECT = Path(__file__).resolve().parents[2]
        loaded = load(PROJECT, env="test", environ={}, DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"])
        config = {**loaded.django, "ROOT_URLCONF": "ssrbench.urls"}
        config["DATABASES"] = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(PROJECT / "rows.sqlite3"),
            }
        }
        ssr = SSRSettings(**json.loads(os.environ["BENCH_SSR"]))
        config["DJANGOKIT"] = loaded.djangokit.model_copy(update={"ssr": ssr})
        settings.configure(**config)
        django.setup()
        application = WSGIHandler()
    ''',
    "src/ssrbench/data.py": """
        from django.db import connection


        def rows():
            with connection.cursor() as cursor:
                cursor.execute("SELECT id, title, score, done FROM rows ORDER BY id LIMIT 100")
                return [
                    {"id": i, "title": t, "score": s, "done": bool(d)}
                    for i, t, s, d in cursor.fetchall()
                ]
    """,
    "src/ssrbench/urls.py": '''
        from django.http import HttpResponse
        from django.template import engines
        from django.urls import path

        from djangokit.core import get_route_tree, get_urlpatterns

        from .data import rows

        TEMPLATE = engines["django"].from_string("""<!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Rows</title></head>
        <body><div id="root"><div class="layout">
        <header><a href="/">{{ site }}</a> <nav><a href="/rows">Rows</a></nav></header>
        <main><table><tbody>{% for row in rows %}<tr class="{% if row.done %}done{% endif %}">
        <td>{{ row.id }}</td><td>{{ row.title }}</td><td>{{ row.score|floatformat:1 }}</td>
        </tr>{% endfor %}</tbody></table></main>
        <footer>{{ rows|length }} rows</footer></div></div></body></html>""")


        def template_rows(request):
            html = TEMPLATE.render({"site": "SSR bench", "rows": rows()}, request)
            return HttpResponse(html)


        urlpatterns = [path("template/rows", template_rows), *get_urlpatterns(get_route_tree())]
    ''',
    "src/ssrbench/routes/layout.py": """
        def load(request):
            return {"site": "SSR bench"}
    """,
    "src/ssrbench/routes/layout.tsx": """
        import { Link, Outlet, useData } from "@djangokit/runtime";

        export default function Layout() {
          const data = useData<{ site: string }>();
          return (
            <div className="layout">
              <header>
                <Link to="/">{data.site}</Link> <nav><Link to="/rows">Rows</Link></nav>
              </header>
              <main><Outlet /></main>
            </div>
          );
        }
    """,
    "src/ssrbench/routes/rows/handlers.py": """
        from ...data import rows


        def get(request):
            return {"rows": rows()}
    """,
    "src/ssrbench/routes/rows/page.tsx": """
        import { useData } from "@djangokit/runtime";

        type Row = { id: number; title: string; score: number; done: boolean };

        export default function Rows() {
          const { rows } = useData<{ rows: Row[] }>();
          return (
            <>
              <table>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id} className={row.done ? "done" : ""}>
                      <td>{row.id}</td><td>{row.title}</td><td>{row.score.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <footer>{`${rows.length} rows`}</footer>
            </>
          );
        }
    """,
}


def node_modules() -> Path:
    modules = CACHE / "node_modules"
    if not (modules / "react-router-dom" / "package.json").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / "package.json").write_text('{"private": true}\n')
        npm = ["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"]
        subprocess.run([*npm, *NPM_PACKAGES], cwd=CACHE, check=True)
    return modules


def make_project(root: Path) -> None:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    (root / "node_modules").symlink_to(node_modules(), target_is_directory=True)
    with sqlite3.connect(root / "rows.sqlite3") as db:
        db.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, title TEXT, score REAL, done INT)")
        db.executemany(
            "INSERT INTO rows VALUES (?, ?, ?, ?)",
            [(i, f"Row number {i}", i * 1.5, i % 3 == 0) for i in range(100)],
        )
    build = (
        "from djangokit.core import discover_routes\n"
        "from djangokit.core.build import build\n"
        f"root = {str(root)!r}\n"
        "tree = discover_routes(root + '/src/ssrbench/routes', 'ssrbench')\n"
        "build(root, production=True, tree=tree, static_url='/static/', options={})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    subprocess.run([sys.executable, "-c", build], cwd=root, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    root: Path, mode: str, workers: int, pool_workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    import json

    path, options = MODES[mode]
    if options.get("backend") == "pool":
        options = {**options, "workers": pool_workers}
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "BENCH_SSR": json.dumps(options),
    }
    command = [
        sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
        "--log-level", "warning", "ssrbench.wsgi:application",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=root, env=env)
    url = f"http://127.0.0.1:{port}{path}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read().decode()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)
    rendered = "<td>99</td>" in body
    expected = mode in ("template", "subprocess", "pool")
    assert rendered == expected, f"{mode}: server markup {'missing' if expected else 'found'}"
    for _ in range(20 * workers):  # every worker (and its Node renderer) answers
        urllib.request.urlopen(url, timeout=30).read()
    return process, url


def warm_up(url: str, seconds: float) -> None:
    """Load the server unmeasured first, every mode alike: V8 compiles a render's hot code
    over the first few thousand renders (about 0.3 ms of Node CPU a page less once warm)."""
    if seconds > 0:
        wrk(url, 8, seconds)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int, duration: float) -> dict[str, float]:
    threads = min(connections, 2)
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--timeout", "30s",
        "--latency", url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^[ \t]+(50|99)%[ \t]+(\S+)[ \t]*$", out, re.M))
    if len(latency) != 2:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.M)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "errors": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket_errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers, every mode"
    )
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds of unmeasured load per mode"
    )
    parser.add_argument(
        "--pool-workers", type=int, default=1, help="pool: Node workers per gunicorn worker"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None or shutil.which("node") is None:
        sys.exit("bench_ssr.py needs wrk and node on PATH")
    root = Path(tempfile.mkdtemp(prefix="djangokit-bench-ssr-"))
    results: dict[tuple[str, int], dict[str, float]] = {}
    try:
        make_project(root)
        for mode in args.modes:
            process, url = serve(root, mode, args.workers, args.pool_workers)
            try:
                warm_up(url, args.warmup)
                for c in args.concurrency:
                    results[mode, c] = wrk(url, c, args.duration)
            finally:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\ngunicorn -w {args.workers} (sync) for every mode, pool: {args.pool_workers} Node "
        f"worker(s) per gunicorn worker; {args.warmup:g} s warm-up, wrk {args.duration:g} s "
        "per run, 127.0.0.1, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'mode':<11}{'c':>4}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}  ratios to template")
    for mode in args.modes:
        for c in args.concurrency:
            r = results[mode, c]
            base = results.get(("template", c))
            ratios = (
                f"  req/s x{r['rps'] / base['rps']:.2f}, p50 x{r['p50'] / base['p50']:.2f}, "
                f"p99 x{r['p99'] / base['p99']:.2f}"
                if base
                else ""
            )
            bad = f"  ({int(r['errors'])} non-2xx)" if r["errors"] else ""
            bad += "  (socket errors)" if r["socket_errors"] else ""
            print(f"{mode:<11}{c:>4}{r['rps']:>10.1f}{r['p50']:>9.2f}{r['p99']:>9.2f}{ratios}{bad}")
    for c in args.concurrency:
        pool, sub = results.get(("pool", c)), results.get(("subprocess", c))
        if pool and sub:
            print(f"pool / subprocess at c{c}: x{pool['rps'] / sub['rps']:.1f} req/s")


if __name__ == "__main__":
    main()
