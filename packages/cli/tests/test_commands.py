"""The command group: every command is listed and explains itself."""

from __future__ import annotations

import importlib.util
import pathlib
from collections.abc import Callable

import pytest
from click.testing import Result

from djangokit.cli import main

Run = Callable[..., Result]

COMMANDS = [
    "add",
    "build",
    "check",
    "createsuperuser",
    "dev",
    "makemigrations",
    "manage",
    "migrate",
    "new",
    "routes",
    "serve",
    "settings",
    "shell",
    "ssr-server",
    "test",
    "types",
]


def test_every_command_is_listed(dk: Run) -> None:
    result = dk("--help")
    assert result.exit_code == 0
    assert sorted(main.commands) == COMMANDS  # type: ignore[attr-defined]
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize(
    "args",
    [
        *(
            [name, "--help"]
            for name in (
                "add",
                "build",
                "check",
                "dev",
                "new",
                "routes",
                "serve",
                "ssr-server",
                "test",
                "types",
            )
        ),
        ["settings", "--help"],
        ["manage"],
        ["add", "page", "--help"],
        ["add", "model", "--help"],
    ],
)
def test_help(dk: Run, args: list[str]) -> None:
    result = dk(*args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: dk {args[0]}")


@pytest.mark.parametrize(
    "command", ["build", "routes", "check", "dev", "migrate", "serve", "types"]
)
def test_outside_a_project(dk: Run, tmp_path: pathlib.Path, command: str) -> None:
    result = dk(command)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path} is not a DjangoKit project (it has no settings.toml). Run the "
        f"command in the project directory, pass --project-root, or create one with "
        f"`dk new NAME`.\n"
    )


def test_bad_option_value(dk: Run) -> None:
    result = dk("serve", "--port", "http")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("Error: Invalid value for '--port'")


def test_serve_without_its_extras(
    dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "settings.toml").write_text("")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda name, *a: None if name == "gunicorn" else real(name, *a)
    )
    result = dk("serve")
    assert result.exit_code == 1
    assert result.output == (
        "Error: `dk serve` needs gunicorn and whitenoise: pip install gunicorn whitenoise.\n"
    )
