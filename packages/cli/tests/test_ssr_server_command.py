"""`dk ssr-server`: the project's renderer as its own service; and `dk serve` starting the
SSR renderer as each gunicorn worker loads the application."""

from __future__ import annotations

import importlib.util
import pathlib
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result

from djangokit.cli import __version__
from djangokit.cli._serve import start_renderer

Run = Callable[..., Result]
NODE = shutil.which("node")
# org-djangokit-ssr is optional for the CLI: the tests that run the renderer need it (nox's
# cli session installs it), the one that checks the error without it simulates its absence.
needs_renderer = pytest.mark.skipif(
    NODE is None or importlib.util.find_spec("djangokit.ssr") is None,
    reason="needs node and org-djangokit-ssr",
)


@pytest.fixture
def execv(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The commands ``os.execv`` was asked to run (nothing runs)."""
    calls: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append([path, *argv]))
    return calls


def project(root: pathlib.Path, settings: str = "") -> None:
    (root / "src" / "ssrsite").mkdir(parents=True)
    (root / "src" / "ssrsite" / "__init__.py").write_text("")
    (root / "settings.toml").write_text(settings)


def built(root: pathlib.Path, out_dir: str | None = None) -> pathlib.Path:
    settings = "[djangokit]\ntitle = 'SSR'\n"
    if out_dir is not None:
        settings += f"[djangokit.build]\nout_dir = '{out_dir}'\n"
    project(root, settings)
    bundle = root / (out_dir or ".djangokit/build") / "server" / "server.mjs"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("export async function render() {}\n")
    return bundle


@needs_renderer
def test_runs_the_renderer_on_host_and_port(
    dk: Run, tmp_path: pathlib.Path, execv: list[list[str]]
) -> None:
    from djangokit.ssr._protocol import RENDERER_SCRIPT

    bundle = built(tmp_path, out_dir="out")
    result = dk("ssr-server", "--port", "3123")
    assert result.exit_code == 0, result.output
    node = str(NODE)
    assert execv == [
        [node, node, str(RENDERER_SCRIPT), "--bundle", str(bundle.resolve()), "--host",
         "127.0.0.1", "--port", "3123"]
    ]  # fmt: skip


@needs_renderer
def test_runs_the_renderer_on_a_socket(
    dk: Run, tmp_path: pathlib.Path, execv: list[list[str]]
) -> None:
    built(tmp_path)
    result = dk("ssr-server", "--socket", "r.sock")
    assert result.exit_code == 0, result.output
    assert execv[0][-2:] == ["--socket", "r.sock"]


def test_socket_and_port_together(dk: Run, tmp_path: pathlib.Path) -> None:
    built(tmp_path)
    result = dk("ssr-server", "--socket", "r.sock", "--port", "3000")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: --socket listens instead of --host/--port: give one or the other."
    )


def test_not_built(dk: Run, tmp_path: pathlib.Path) -> None:
    project(tmp_path)
    result = dk("ssr-server")
    assert result.exit_code == 1
    assert result.output == (
        "Error: The project is not built (no server bundle at "
        ".djangokit/build/server/server.mjs). Run `dk build` first.\n"
    )


def test_outside_a_project(dk: Run, tmp_path: pathlib.Path) -> None:
    result = dk("ssr-server")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path} is not a DjangoKit project")


def test_without_org_djangokit_ssr(
    dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built(tmp_path)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *a: None if name == "djangokit.ssr" else real(name, *a),
    )
    result = dk("ssr-server")
    assert result.exit_code == 1
    assert result.output == (
        "Error: `dk ssr-server` needs org-djangokit-ssr: pip install "
        f"org-djangokit-ssr=={__version__} (from DjangoKit's wheels or checkout; not on "
        "PyPI yet).\n"
    )


def test_without_node(
    dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, execv: list[list[str]]
) -> None:
    built(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = dk("ssr-server")
    assert result.exit_code == 1
    assert result.output == (
        "Error: `dk ssr-server` needs Node.js: 'node' is not on PATH. "
        "Install Node.js 20 or later.\n"
    )
    assert execv == []


class Renderer:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.started = 0

    def render(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("not rendering")

    def start(self) -> None:
        self.started += 1
        if self.error is not None:
            raise self.error


def test_serve_starts_the_renderer_up_front(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = Renderer()
    monkeypatch.setattr("djangokit.core.ssr.get_renderer", lambda: renderer)
    assert start_renderer() is True
    assert renderer.started == 1


def test_serve_without_a_renderer_or_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("djangokit.core.ssr.get_renderer", lambda: None)
    assert start_renderer() is False
    monkeypatch.setattr("djangokit.core.ssr.get_renderer", lambda: object())
    assert start_renderer() is False


def test_serve_logs_a_renderer_that_cannot_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    renderer = Renderer(RuntimeError("no node"))
    monkeypatch.setattr("djangokit.core.ssr.get_renderer", lambda: renderer)
    assert start_renderer() is False
    assert "The SSR renderer did not start up front (no node)" in caplog.text
