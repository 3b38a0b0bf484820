"""`dk serve` beyond one process, as docs/deploy.md describes: PostgreSQL through
``DATABASE_URL``, Redis as the shared cache through ``REDIS_URL``, three gunicorn workers,
and the hashed bundles collected into ``STATIC_ROOT`` and served by WhiteNoise; then the same
project served by three workers that render through one `dk ssr-server` (``backend = "url"``).

The project gets its own database, ``dk_scale_<random>``, created on the server and dropped
afterwards (other runs use the same server), and Redis database 5, with keys unique to the
run that expire after a minute. Without PostgreSQL or Redis the tests skip, unless
``DJANGOKIT_REQUIRE_SERVICES=1``. ``DK_TEST_POSTGRES`` and ``DK_TEST_REDIS`` point them at
other servers.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.testing import unavailable

from .conftest import POSTGRES, postgres_database

REDIS = os.environ.get("DK_TEST_REDIS", "redis://127.0.0.1:6379/5")
WORKERS = 3
SECRET_KEY = "cli-scale-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"

# An API route added to the test's copy of the project (not to the scaffold): which worker
# answered, what it sees in the database and the cache, and a rendezvous through the cache
# that only completes when WORKERS requests are in flight at once in different processes.
SCALE_HANDLERS = """\
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from djangokit.core.decorators import csrf_exempt

from scalesite.models import Note


def get(request):
    if request.GET.get("boom"):
        raise RuntimeError("boom from /api/scale")
    meet = request.GET.get("meet")
    met = None
    if meet:  # count in, then wait (at most 10 s) for the others: one worker each
        cache.add(meet, 0, 60)
        cache.incr(meet)
        deadline = time.monotonic() + 10
        while cache.get(meet) < int(request.GET["n"]) and time.monotonic() < deadline:
            time.sleep(0.02)
        met = cache.get(meet) >= int(request.GET["n"])
    key = request.GET.get("key")
    return {
        "pid": os.getpid(),
        "met": met,
        "cached": cache.get(key) if key else None,
        "notes": [note.text for note in Note.objects.order_by("id")],
        "vendor": connection.vendor,
        "database": connection.settings_dict["NAME"],
        "cache": settings.CACHES["default"]["BACKEND"],
    }


@csrf_exempt
def post(request):
    cache.set(request.data["key"], request.data["value"], 60)
    return 201, {"pid": os.getpid()}
"""

# A page added beside it: which worker answered, in the route data and in the markup the
# renderer writes for it, with the same rendezvous so that each request has a worker of its own.
WORKER_HANDLERS = """\
import os
import time

from django.core.cache import cache


def get(request):
    meet = request.GET.get("meet")
    if meet:
        cache.add(meet, 0, 60)
        cache.incr(meet)
        deadline = time.monotonic() + 10
        while cache.get(meet) < int(request.GET["n"]) and time.monotonic() < deadline:
            time.sleep(0.02)
    return {"pid": os.getpid()}
"""
WORKER_PAGE = """\
import { useData } from "@djangokit/runtime";

export default function Worker() {
  const { pid } = useData<{ pid: number }>();
  return <p id="worker">Rendered for worker {pid}</p>;
}
"""

# docs/deploy.md's logging table, so that errors reach gunicorn's output (the serve log).
LOGGING = """
[django.LOGGING]
version = 1
disable_existing_loggers = false
handlers = { console = { class = "logging.StreamHandler" } }
root = { handlers = ["console"], level = "WARNING" }
"""


@dataclass
class Scaled:
    server: Any  # conftest.Server
    database: str  # its name on the PostgreSQL server
    token: str  # unique to this run: cache keys and note texts
    env: dict[str, str]  # DATABASE_URL and REDIS_URL, for other commands in the project


def _redis() -> Any:
    try:
        import redis
    except ImportError as exc:
        unavailable(f"the scale tests need the redis package (pip install redis): {exc}")
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {REDIS} is unreachable: {exc}")
    return client


@pytest.fixture(scope="module")
def redis_client() -> Iterator[Any]:
    client = _redis()
    yield client
    client.close()


@pytest.fixture(scope="module")
def scaled(
    tmp_path_factory: pytest.TempPathFactory,
    new_dk_project: Callable[..., Path],
    run: Callable[..., str],
    start_dk: Callable[..., Any],
    redis_client: Any,
) -> Iterator[Scaled]:
    """`dk new scalesite` on a fresh PostgreSQL database: `dk migrate`,
    `dk build --production`, `dk serve --workers 3` with Redis as the cache."""
    server = None
    with postgres_database("dk_scale") as database_url:
        try:
            env = {"DATABASE_URL": database_url, "REDIS_URL": REDIS}
            project = new_dk_project(tmp_path_factory.mktemp("scale"), "scalesite")
            handlers = project / "src" / "scalesite" / "routes" / "api" / "scale" / "handlers.py"
            handlers.parent.mkdir(parents=True)
            handlers.write_text(SCALE_HANDLERS)
            worker = project / "src" / "scalesite" / "routes" / "worker"
            worker.mkdir()
            (worker / "handlers.py").write_text(WORKER_HANDLERS)
            (worker / "page.tsx").write_text(WORKER_PAGE)
            with (project / "settings.production.toml").open("a") as production:
                production.write(LOGGING)
            run("migrate", cwd=project, **env)
            run("build", "--production", cwd=project, **env)
            server = start_dk(
                project,
                "serve",
                "--workers",
                str(WORKERS),
                SECRET_KEY=SECRET_KEY,
                ALLOWED_HOSTS="127.0.0.1",
                DJANGOKIT_SSR__WORKERS="1",  # with SSR installed: one Node process per worker
                **env,
            )
            yield Scaled(server, database_url.rsplit("/", 1)[1], secrets.token_hex(6), env)
        finally:
            if server is not None:
                server.stop()


def _request(
    server: Any, method: str, path: str, body: Any = None, **headers: str
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on its own connection, redirects not followed."""
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _json(server: Any, path: str) -> Any:
    status, _, body = _request(server, "GET", path, Accept="application/json")
    assert status == 200, body
    return json.loads(body)


def _together(server: Any, path: str, n: int = WORKERS) -> list[Any]:
    """GET *path* from *n* threads at once."""
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: _json(server, path), range(n)))


def test_the_project_runs_on_postgresql_and_redis(scaled: Scaled) -> None:
    seen = _json(scaled.server, "/api/scale")
    assert seen["vendor"] == "postgresql"
    assert seen["database"] == scaled.database
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    # `dk migrate` created the scaffold's tables in that database.
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{scaled.database}", connect_timeout=3) as db:
        tables = {row[0] for row in db.execute("SELECT tablename FROM pg_tables")}
    assert {"scalesite_note", "django_migrations", "auth_user"} <= tables


def test_requests_run_in_several_workers_that_share_the_cache(scaled: Scaled) -> None:
    # The rendezvous completes only if the cache is one store for all processes, and only
    # if each request is in a different worker (a sync worker serves one at a time).
    answers = _together(scaled.server, f"/api/scale?meet={scaled.token}-meet&n={WORKERS}")
    assert [a["met"] for a in answers] == [True] * WORKERS, answers
    assert len({a["pid"] for a in answers}) == WORKERS, answers
    assert scaled.server.log.read_text().count("Booting worker") >= WORKERS


def test_a_value_cached_by_one_worker_is_read_by_all(scaled: Scaled, redis_client: Any) -> None:
    key, value = f"{scaled.token}-value", f"cached {scaled.token}"
    status, _, body = _request(
        scaled.server, "POST", "/api/scale", {"key": key, "value": value}, Accept="application/json"
    )
    assert status == 201, body
    writer = json.loads(body)["pid"]
    # In Redis itself, under Django's key (":<version>:<key>"), as a pickled string.
    assert value.encode() in redis_client.get(f":1:{key}")
    assert 0 < redis_client.ttl(f":1:{key}") <= 60
    answers = _together(scaled.server, f"/api/scale?meet={key}-meet&n={WORKERS}&key={key}")
    assert {a["cached"] for a in answers} == {value}
    pids = {a["pid"] for a in answers}
    assert len(pids) == WORKERS and pids - {writer}, (writer, answers)


def test_a_note_posted_through_one_worker_is_seen_by_every_worker(scaled: Scaled) -> None:
    server, text = scaled.server, f"note {scaled.token}"
    # The scaffold's own form handler (POST /), with the CSRF cookie and token of a GET /.
    status, headers, body = _request(server, "GET", "/")
    assert status == 200
    cookie = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    data = re.search(rb'<script type="application/json" id="djangokit-data">(.*?)</script>', body)
    assert data is not None
    token = json.loads(data.group(1))["csrfToken"]
    status, _, body = _request(
        server,
        "POST",
        "/",
        {"text": text},
        Accept="application/json",
        Cookie=f"csrftoken={cookie}",
        **{"X-CSRFToken": token},
    )
    assert (status, json.loads(body)) == (200, {"redirect": "/"})  # a redirect, as JSON
    answers = _together(server, f"/api/scale?meet={scaled.token}-notes&n={WORKERS}")
    assert len({a["pid"] for a in answers}) == WORKERS
    assert all(text in a["notes"] for a in answers), answers
    # The scaffold's API and the home page, whichever worker answers.
    for _ in range(6):
        notes = _json(server, "/api/notes")
        assert text in [note["text"] for note in notes]
    assert text.encode() in _request(server, "GET", "/")[2]


def test_hashed_bundles_are_collected_and_served_immutable(scaled: Scaled) -> None:
    server = scaled.server
    html = _request(server, "GET", "/")[2].decode()
    urls = re.findall(r'(?:src|href)="/static/(djangokit/[^"]+\.(?:js|css))"', html)
    assert any(re.fullmatch(r"djangokit/client-[A-Z0-9]{8}\.js", url) for url in urls), urls
    static_root = server.project / "static_root"
    for url in urls:
        assert re.search(r"-[A-Z0-9]{8}\.(js|css)$", url), url
        assert (static_root / url).is_file() and (static_root / f"{url}.gz").is_file()
        status, headers, body = _request(server, "GET", f"/static/{url}")
        assert status == 200 and body == (static_root / url).read_bytes()
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=31536000" in headers["Cache-Control"]
        gzipped = {"Accept-Encoding": "gzip"}
        status, headers, _ = _request(server, "GET", f"/static/{url}", **gzipped)
        assert status == 200 and headers["Content-Encoding"] == "gzip"


def test_errors_are_logged(scaled: Scaled) -> None:
    assert _request(scaled.server, "GET", "/api/scale?boom=1")[0] == 500
    log = scaled.server.log.read_text()
    assert "Internal Server Error: /api/scale" in log
    assert "RuntimeError: boom from /api/scale" in log


def _documents(server: Any, path: str, n: int = WORKERS) -> list[tuple[int, str]]:
    """GET the HTML document at *path* from *n* threads at once: (worker pid, the markup in
    the root element) each."""

    def get(_: int) -> tuple[int, str]:
        status, _headers, body = _request(server, "GET", path)
        assert status == 200, body
        html = body.decode()
        data = re.search(
            r'<script type="application/json" id="djangokit-data">(.*?)</script>', html
        )
        assert data is not None, html
        pid = json.loads(data.group(1))["routes"]["page:worker"]["pid"]
        return pid, html.split('<div id="djangokit-root">', 1)[1].split("</div>\n", 1)[0]

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(get, range(n)))


def _children(pid: int) -> dict[int, str]:
    """The processes below *pid* (children, theirs, …): {pid: command name}, from /proc."""
    parents: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:  # gone meanwhile
            continue
        if stat:  # "pid (name) state ppid …"; the name may hold spaces and parentheses
            name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") :]
            parents[int(entry.name)] = (int(rest.split()[2]), name)
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, name) in parents.items():
            if ppid == parent and child not in found:
                found[child] = name
                todo.append(child)
    return found


def _connected(pids: set[int], port: int) -> set[int]:
    """Those of *pids* holding an established TCP connection to 127.0.0.1:*port*."""
    sockets = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()  # sl local_address rem_address st … inode
        if fields[2] == f"0100007F:{port:04X}" and fields[3] == "01":
            sockets.add(f"socket:[{fields[9]}]")
    return {
        pid
        for pid in pids
        if sockets & {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
    }


def test_several_workers_render_through_one_ssr_server(
    scaled: Scaled, start_dk: Callable[..., Any]
) -> None:
    """`dk ssr-server` once, and `dk serve --workers 3` with ``backend = "url"`` pointing at
    it (docs/deploy.md): every worker's pages are rendered there, none starts Node itself."""
    pytest.importorskip("djangokit.ssr", reason="`dk ssr-server` needs org-djangokit-ssr")
    if not Path("/proc/net/tcp").is_file():
        pytest.skip("reads the processes and their connections from Linux's /proc")
    project, token = scaled.server.project, scaled.token
    renderer = start_dk(project, "ssr-server", **scaled.env)  # answers "/" with a 404
    port = int(renderer.url.rsplit(":", 1)[1])
    try:
        server = start_dk(
            project,
            "serve",
            "--workers",
            str(WORKERS),
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            DJANGOKIT_SSR__BACKEND="url",
            DJANGOKIT_SSR__URL=renderer.url,
            **scaled.env,
        )
        try:
            pages = _documents(server, f"/worker?meet={token}-ssr&n={WORKERS}")
            pids = {pid for pid, _ in pages}
            assert len(pids) == WORKERS, pages  # one document from each worker
            for pid, markup in pages:  # server markup, not an empty root, for that worker
                assert re.search(
                    rf'<p id="worker">Rendered for worker (<!-- -->)?{pid}</p>', markup
                )
            workers = _children(server.process.pid)
            assert pids <= workers.keys(), (pids, workers)
            # Each worker is connected to the one renderer; none runs Node of its own, as the
            # default pool backend of the module's other server does.
            assert _connected(pids, port) == pids
            assert "node" not in workers.values(), workers
            assert "node" in _children(scaled.server.process.pid).values()
            # Without the renderer, the same workers send the page unrendered.
            renderer.stop()
            pages = _documents(server, f"/worker?meet={token}-no-ssr&n={WORKERS}")
            assert {pid for pid, _ in pages} == pids
            assert [markup for _, markup in pages] == [""] * WORKERS, pages
            log = server.log.read_text()
            assert f"the renderer at {renderer.url} failed" in log
        finally:
            server.stop()
    finally:
        renderer.stop()
    assert "djangokit-ssr: rendering" in renderer.log.read_text()
