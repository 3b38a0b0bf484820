"""The url and subprocess backends, auto mode, and the workers' lifetime."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from djangokit.core import ssr
from djangokit.core.testing import free_port
from djangokit.settings import BuildSettings
from djangokit.ssr import PoolRenderer, SubprocessRenderer, UrlRenderer, server_command

from .conftest import PROJECT_DIR, embedded_data, node_render, root_markup

pytestmark = pytest.mark.usefixtures("built")


@pytest.fixture
def renderer_service(built: Path) -> Iterator[str]:
    """``python -m djangokit.ssr serve`` on 127.0.0.1: its URL."""
    port = free_port()
    command = [sys.executable, "-m", "djangokit.ssr", "serve", "--port", str(port)]
    process = subprocess.Popen(command, cwd=PROJECT_DIR, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the renderer did not start"
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)


def test_the_url_backend_renders_over_tcp(
    client: Client, use_ssr: Any, built: Path, renderer_service: str
) -> None:
    renderer = use_ssr("url", url=renderer_service)
    assert isinstance(renderer, UrlRenderer)
    for _ in range(3):  # one kept-alive connection
        response = client.get("/?who=tcp")
        markup = root_markup(response.content)
        assert "row 19 for tcp" in markup
    assert markup == node_render(built, "/?who=tcp", embedded_data(response.content))["html"]


def test_the_url_backend_reconnects_to_a_restarted_service(
    client: Client, use_ssr: Any, built: Path
) -> None:
    port = free_port()

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(server_command(built, port=port), stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return process
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.05)

    first = start()
    try:
        use_ssr("url", url=f"http://127.0.0.1:{port}")
        assert "row 19" in root_markup(client.get("/").content)
    finally:
        first.kill()
        first.wait()
    second = start()
    try:  # the kept-alive connection is dead: one retry on a new one, no failed page
        assert "row 19" in root_markup(client.get("/").content)
    finally:
        second.kill()
        second.wait()


def test_the_url_backend_falls_back_when_the_service_is_down(client: Client, use_ssr: Any) -> None:
    use_ssr("url", url=f"http://127.0.0.1:{free_port()}")
    response = client.get("/")
    assert response.status_code == 200 and root_markup(response.content) == ""


def test_the_subprocess_backend_renders_the_same_markup(
    client: Client, use_ssr: Any, built: Path
) -> None:
    assert isinstance(use_ssr("subprocess"), SubprocessRenderer)
    response = client.get("/?who=sub")
    markup = root_markup(response.content)
    assert "row 19 for sub" in markup
    assert markup == node_render(built, "/?who=sub", embedded_data(response.content))["html"]


def test_the_subprocess_backend_times_out(client: Client, use_ssr: Any) -> None:
    use_ssr("subprocess", timeout=1.0)
    response = client.get("/loop")
    assert response.status_code == 200 and root_markup(response.content) == ""


def test_auto_uses_the_pool_when_a_server_bundle_exists(use_ssr: Any) -> None:
    assert isinstance(use_ssr("pool", enabled=None), PoolRenderer)


def test_auto_declines_without_a_server_bundle(settings: Any, use_ssr: Any, tmp_path: Path) -> None:
    build = BuildSettings(out_dir=tmp_path / "nothing")
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"build": build})
    assert use_ssr("pool", enabled=None) is None
    assert use_ssr("subprocess", enabled=None) is None


def test_enabled_without_a_bundle_falls_back(
    client: Client, settings: Any, use_ssr: Any, tmp_path: Path
) -> None:
    build = BuildSettings(out_dir=tmp_path / "nothing")
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"build": build})
    assert isinstance(use_ssr("pool"), PoolRenderer)
    with pytest.raises(ssr.RenderError, match="no server bundle"):
        ssr.get_renderer().render("/", [], {}, timeout=1)  # type: ignore[union-attr]


def test_workers_die_with_a_killed_django_process(built: Path, tmp_path: Path) -> None:
    """SIGKILL gives Python no chance to clean up: the workers notice their stdin closing."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from djangokit.ssr._pool import Worker
        worker = Worker(Path({str(tmp_path)!r}), 0, {server_command(built)[:2]!r})
        worker.start(Path({str(built)!r}))
        print(worker.pid, flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    os.kill(pid, 0)  # running
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 5
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "the worker outlived Django"
        time.sleep(0.02)


def test_the_url_backend_renders_over_a_unix_socket(
    client: Client, use_ssr: Any, built: Path, tmp_path: Path
) -> None:
    path = tmp_path / "renderer.sock"
    process = subprocess.Popen(server_command(built, socket=str(path)))
    try:
        deadline = time.monotonic() + 15
        while True:
            with socket.socket(socket.AF_UNIX) as probe:
                try:
                    probe.connect(str(path))
                    break
                except OSError:
                    assert time.monotonic() < deadline and process.poll() is None
                    time.sleep(0.02)
        use_ssr("url", url=f"unix:{path}")
        assert "row 19 for unix" in root_markup(client.get("/?who=unix").content)
    finally:
        process.terminate()
        process.wait(timeout=10)
