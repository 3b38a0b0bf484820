"""The installed `dk`, run as a user runs it: a project made by `dk new` in a temporary
directory, built, migrated and served by `dk serve` (gunicorn) on a free local port.

npm installs the scaffold's dependencies once into pytest's cache; each project links that
``node_modules``. Without Node or npm the tests skip, unless ``DJANGOKIT_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from djangokit.cli._templates import render_file
from djangokit.core.testing import free_port, unavailable

DK = shutil.which("dk", path=os.path.dirname(sys.executable)) or "dk"
# An extra endpoint below a route, appended to the `dk add api` handlers (for `dk routes`).
EXPORT_HANDLER = (
    "src/mysite/routes/api/tags/_id/handlers.py",
    "\n\nfrom djangokit.core import handler\n\n\n"
    '@handler("get", path="export")\ndef export(request, id):\n    return {"export": id}\n'
    # How many database connections this process has opened (tests/cli/test_production.py).
    "\n\nfrom django.db.backends.signals import connection_created\n\n"
    "OPENED = []\n"
    "connection_created.connect(lambda **kwargs: OPENED.append(1), weak=False)\n\n\n"
    '@handler("get", path="connections")\ndef connections(request, id):\n'
    "    from mysite.models import Tag\n\n"
    '    return {"tags": Tag.objects.count(), "opened": len(OPENED)}\n',
)
# Debian's Chromium, as in tests/e2e/conftest.py.
SECRET_KEY = "cli-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def environ(**extra: str) -> dict[str, str]:
    """The test process's environment without Django, DjangoKit, database, cache or secret
    settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "CACHE_URL")
        )
    }
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


def dk(*args: str, cwd: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `dk` in *cwd*."""
    return subprocess.run(
        [DK, *args], cwd=cwd, env=environ(**env), capture_output=True, text=True, timeout=timeout
    )


def ok(*args: str, cwd: Path, **env: str) -> str:
    """`dk ARGS` that must succeed; its standard output."""
    result = dk(*args, cwd=cwd, **env)
    assert result.returncode == 0, f"dk {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # urllib raises the 3xx as an HTTPError


NO_REDIRECTS = urllib.request.build_opener(_NoRedirect())
"""An opener that answers redirects as they are, e.g. the 301 to https:// of a secure site."""


POSTGRES = os.environ.get("DK_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
"""The PostgreSQL server tests make their own databases on (``DK_TEST_POSTGRES``)."""


def postgres_admin() -> Any:
    """An autocommit connection to the server's `postgres` database, or a skip."""
    try:
        import psycopg
    except ImportError as exc:
        unavailable(f"these tests need psycopg (pip install 'psycopg[binary]'): {exc}")
    try:
        return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        unavailable(f"PostgreSQL at {POSTGRES} is unreachable: {exc}")


@contextlib.contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A new database named ``<prefix>_<random>`` on the test server, dropped afterwards
    (other runs share the server); yields its ``DATABASE_URL``."""
    admin = postgres_admin()
    database = f"{prefix}_{secrets.token_hex(6)}"
    try:
        admin.execute(f'CREATE DATABASE "{database}"')
        yield f"{POSTGRES}/{database}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def run() -> Callable[..., str]:
    """``run(*args, cwd=...)``: `dk ARGS` that must succeed; its standard output."""
    return ok


@pytest.fixture(scope="session")
def run_dk() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_dk(*args, cwd=...)``: `dk ARGS`, whatever its outcome."""
    return dk


@pytest.fixture(scope="session")
def node_modules(npm_install: Callable[..., Path]) -> Path:
    """The npm packages `dk new` asks for, installed once into pytest's cache and reused, at
    the versions of ``new-project.package-lock.json`` (CI never resolves ranges against a
    registry mid-release). When `dk new`'s package.json changes, regenerate the lock:
    ``python tests/cli/lock_new_project.py``."""
    package_json = render_file("new/package.json", {"npm_name": "djangokit-cli-tests"})
    lock = (Path(__file__).parent / "new-project.package-lock.json").read_text()
    return npm_install(package_json, "djangokit-cli-npm", lock)


def new_project(parent: Path, node_modules: Path, name: str = "mysite") -> Path:
    """`dk new NAME --no-install` in *parent*, with the shared ``node_modules`` linked."""
    ok("new", name, "--no-install", cwd=parent)
    project = parent / name
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return project


@pytest.fixture(scope="session")
def new_dk_project(node_modules: Path) -> Callable[..., Path]:
    """``new_dk_project(parent, name="mysite")``: `dk new` with the shared node_modules."""
    return lambda parent, name="mysite": new_project(parent, node_modules, name)


@dataclass
class Server:
    """A running `dk serve`: its URL and its process (stopped by its own PID only)."""

    url: str
    process: subprocess.Popen[bytes]
    project: Path
    log: Path

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """GET *path*: status, headers, body. Retries for 15 s while the connection is
        refused (`dk dev` restarting its server after a Python or route change)."""
        request = urllib.request.Request(self.url + path, headers=headers)
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), error.read()
            except OSError:  # refused, reset: the server is restarting
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.1)

    def stop(self, signum: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start(project: Path, command: str, *args: str, **env: str) -> Server:
    """Start `dk COMMAND --port <free port> ARGS` in *project*; wait until it answers HTTP.

    `dk serve` runs the production settings, which redirect plain HTTP to HTTPS: these tests
    talk plain HTTP to 127.0.0.1, so it gets ``DJANGOKIT_HTTPS=false`` unless *env* says
    otherwise (docs/deploy.md, "HTTPS").
    """
    if command == "serve":
        env.setdefault("DJANGOKIT_HTTPS", "false")
    port = free_port()
    log = project.parent / f"{command}-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [DK, command, "--port", str(port), *args],
            cwd=project,
            env=environ(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, project, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dk {command} exited ({process.returncode}):\n{log.read_text()}")
        try:
            with NO_REDIRECTS.open(server.url + "/", timeout=5):
                return server
        except urllib.error.HTTPError:
            return server  # it answers (a redirect to https:// included, not followed)
        except OSError:
            time.sleep(0.1)
    server.stop()
    pytest.fail(f"dk {command} did not answer on {port} in 60s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def start_dk() -> Callable[..., Server]:
    """``start_dk(project, command, *args, **env)``: a running `dk serve` or `dk dev`."""
    return start


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, node_modules: Path) -> Iterator[Server]:
    """`dk new mysite`, one file of every `dk add` kind and a model, `dk migrate`, a note in
    the database, `dk build --production`, then `dk serve`."""
    project = new_project(tmp_path_factory.mktemp("cli"), node_modules)
    for args in (
        ("add", "page", "blog"),
        ("add", "layout", "blog"),
        ("add", "page", "blog/_slug"),
        ("add", "handler", "blog/_slug"),
        ("add", "api", "api/tags/_id"),
        ("add", "model", "Tag", "name:str", "note:fk:Note?", "--migrate"),
        ("shell", "-c", f"open({EXPORT_HANDLER[0]!r}, 'a').write({EXPORT_HANDLER[1]!r})"),
        ("migrate",),
        ("shell", "-c", "from mysite.models import Note; Note.objects.create(text='hello')"),
        ("build", "--production"),
    ):
        ok(*args, cwd=project)
    server = start(
        project, "serve", "--workers", "1", SECRET_KEY=SECRET_KEY, ALLOWED_HOSTS="127.0.0.1"
    )
    yield server
    server.stop()
