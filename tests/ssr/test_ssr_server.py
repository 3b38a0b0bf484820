"""`dk ssr-server` as the renderer of a built project, and Django rendering through it with
``[djangokit.ssr] backend = "url"``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from djangokit.core.testing import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "microblog"
DK = [sys.executable, "-c", "from djangokit.cli import main; main()"]


def env_for(project: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE_URL"))}
    env.update(DJANGOKIT_PROJECT_ROOT=str(project), DJANGOKIT_ENV="development", **extra)
    return env


@pytest.fixture(scope="module")
def project(
    npm_install: Callable[[str, str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The example, with its npm packages (cached like the browser tests'), built."""
    modules = npm_install((EXAMPLE / "package.json").read_text(), "djangokit-e2e-npm")
    project = tmp_path_factory.mktemp("ssr-server") / "microblog"
    shutil.copytree(
        EXAMPLE,
        project,
        ignore=shutil.ignore_patterns("node_modules", ".djangokit", "db.sqlite3", "__pycache__"),
    )
    (project / "node_modules").symlink_to(modules, target_is_directory=True)
    built = subprocess.run(
        [*DK, "build"], cwd=project, env=env_for(project), capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    migrated = subprocess.run(
        [*DK, "migrate", "--noinput", "-v0"],
        cwd=project,
        env=env_for(project),
        capture_output=True,
        text=True,
    )
    assert migrated.returncode == 0, migrated.stderr
    return project


@pytest.fixture
def ssr_server(project: Path) -> Iterator[str]:
    """`dk ssr-server` on a free port; its URL. Stopped by its own PID."""
    port = free_port()
    log = (project / "ssr-server.log").open("w")
    server = subprocess.Popen(
        [*DK, "ssr-server", "--port", str(port)],
        cwd=project,
        env=env_for(project),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=5) as response:
                    assert json.loads(response.read())["ok"] is True
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = (project / "ssr-server.log").read_text()
                    pytest.fail(f"`dk ssr-server` did not start:\n{output}")
                time.sleep(0.1)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=10)
        log.close()
    assert status == 0  # dk became the renderer: SIGTERM stops it cleanly
    assert "djangokit-ssr: rendering" in (project / "ssr-server.log").read_text()


DOCUMENT = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/")
print(response.status_code)
print(response.content.decode())
"""


def test_django_renders_through_dk_ssr_server(project: Path, ssr_server: str) -> None:
    env = env_for(
        project,
        DJANGO_SETTINGS_MODULE="djangokit.core.settings",
        DJANGOKIT_SSR__ENABLED="true",
        DJANGOKIT_SSR__BACKEND="url",
        DJANGOKIT_SSR__URL=ssr_server,
    )
    done = subprocess.run(
        [sys.executable, "-c", DOCUMENT], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    status, html = done.stdout.split("\n", 1)
    assert status == "200"
    root = html.split('<div id="djangokit-root">', 1)[1].split("</div>\n", 1)[0]
    assert "<h1>Latest posts</h1>" in root, html  # server markup, not an empty root
    assert "failed" not in done.stderr
