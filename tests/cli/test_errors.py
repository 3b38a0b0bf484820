"""Bad input to every command: one `Error: ...` line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

RunDk = Callable[..., subprocess.CompletedProcess[str]]


def assert_one_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: "), result.stderr
    for word in words:
        assert word in result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def project(
    tmp_path_factory: pytest.TempPathFactory, node_modules: Path, run: Callable[..., str]
) -> Path:
    parent = tmp_path_factory.mktemp("errors")
    run("new", "mysite", "--no-install", cwd=parent)
    (parent / "mysite" / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return parent / "mysite"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("new", "my-site"), ["not a valid Python package name"]),
        (("new", "django"), ["already an installed Python module"]),
        (("new", "import"), ["Python keyword"]),
    ],
)
def test_new(run_dk: RunDk, tmp_path: Path, args: tuple[str, ...], words: list[str]) -> None:
    error = assert_one_error(run_dk(*args, "--no-install", cwd=tmp_path), 1, *words)
    assert len(error.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_a_non_empty_directory(run_dk: RunDk, project: Path) -> None:
    result = run_dk("new", project.name, "--no-install", cwd=project.parent)
    assert_one_error(result, 1, "already exists and is a non-empty directory")


@pytest.mark.parametrize("command", ["build", "routes", "check", "serve", "migrate", "shell"])
def test_outside_a_project(run_dk: RunDk, tmp_path: Path, command: str) -> None:
    assert_one_error(run_dk(command, cwd=tmp_path), 1, "is not a DjangoKit project")


def test_bad_settings_file(run_dk: RunDk, project: Path) -> None:
    settings = project / "settings.toml"
    before = settings.read_text()
    settings.write_text(before + "\n[djangokit]\ntitel = 'typo'\n")
    try:
        for command in ("migrate", "build", "routes"):
            error = assert_one_error(run_dk(command, cwd=project), 1, "settings.toml")
            assert len(error.strip().splitlines()) == 1
    finally:
        settings.write_text(before)


def test_build_error_names_the_file(run_dk: RunDk, project: Path) -> None:
    page = project / "src" / "mysite" / "routes" / "broken" / "page.tsx"
    page.parent.mkdir()
    page.write_text("export default function Broken( {\n")
    try:
        error = assert_one_error(run_dk("build", cwd=project), 1, "The build failed")
        assert "src/mysite/routes/broken/page.tsx:" in error
    finally:
        page.unlink()
        page.parent.rmdir()


def test_route_error(run_dk: RunDk, project: Path) -> None:
    bad = project / "src" / "mysite" / "routes" / "_x-y"
    bad.mkdir()
    (bad / "page.tsx").write_text("export default function X() { return null; }\n")
    try:
        assert_one_error(run_dk("routes", cwd=project), 1, "_x-y", "not a valid Python")
        assert_one_error(run_dk("check", cwd=project), 1, "dk check found problems (routes")
    finally:
        (bad / "page.tsx").unlink()
        bad.rmdir()


def test_unknown_management_command(run_dk: RunDk, project: Path) -> None:
    assert_one_error(run_dk("manage", "nosuchcommand", cwd=project), 1, "nosuchcommand")


def test_serve_refuses_invalid_production_settings(run_dk: RunDk, project: Path) -> None:
    error = assert_one_error(run_dk("serve", cwd=project), 1, "SECRET_KEY")
    assert len(error.strip().splitlines()) == 1


def test_serve_refuses_an_unbuilt_project(run_dk: RunDk, project: Path) -> None:
    result = run_dk(
        "serve",
        cwd=project,
        SECRET_KEY="cli-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    )
    error = assert_one_error(result, 1, "not built", "dk build --production")
    assert len(error.strip().splitlines()) == 1


def test_serve_bad_port(run_dk: RunDk, project: Path) -> None:
    assert_one_error(run_dk("serve", "--port", "99999", cwd=project), 2, "--port")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("add", "page", "/"), 1, ["already exists"]),
        (("add", "api", "api/notes"), 1, ["already exists"]),
        (("add", "page", "../escape"), 2, ["cannot be a route directory"]),
        (("add", "layout", "_1"), 2, ["a dynamic segment is _name"]),
        (("add", "handler", "a/_id/b/_id"), 2, ["cannot be a parameter name"]),
        (("add", "model", "note", "x:int"), 2, ["not a model name"]),
        (("add", "model", "Tag", "x:bogus"), 2, ["unknown field type"]),
        (("add", "model", "Note", "x:int"), 1, ["already defines Note"]),
        (("add", "widget", "x"), 2, ["No such command 'widget'"]),
    ],
)
def test_add(
    run_dk: RunDk, project: Path, args: tuple[str, ...], code: int, words: list[str]
) -> None:
    assert_one_error(run_dk(*args, cwd=project), code, *words)


def test_an_import_error_in_the_project_is_one_line_with_file_and_line(
    run_dk: RunDk, project: Path
) -> None:
    models = project / "src" / "mysite" / "models" / "__init__.py"
    before = models.read_text()
    models.write_text(before + "\nimport no_such_module_here\n")
    line = len(before.splitlines()) + 2
    try:
        for command in ("routes", "migrate", "check"):
            error = assert_one_error(run_dk(command, cwd=project), 1, "no_such_module_here")
            assert len(error.strip().splitlines()) == 1, error
            assert f"src/mysite/models/__init__.py:{line}: ModuleNotFoundError" in error
        verbose = run_dk("-v", "routes", cwd=project)
        assert verbose.returncode == 1
        assert "Traceback (most recent call last)" in verbose.stderr
    finally:
        models.write_text(before)


def test_a_syntax_error_in_a_handler_is_one_line(run_dk: RunDk, project: Path) -> None:
    handlers = project / "src" / "mysite" / "routes" / "handlers.py"
    before = handlers.read_text()
    handlers.write_text(before + "\ndef broken(:\n")
    try:
        error = assert_one_error(run_dk("routes", cwd=project), 1, "SyntaxError")
        assert len(error.strip().splitlines()) == 1, error
        assert f"src/mysite/routes/handlers.py:{len(before.splitlines()) + 2}:" in error
    finally:
        handlers.write_text(before)


def test_a_missing_postgresql_driver_says_what_to_install(
    run_dk: RunDk, project: Path, tmp_path: Path
) -> None:
    # A machine without psycopg: importing it (or psycopg2) fails, as it does there.
    for name in ("psycopg", "psycopg2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(f"raise ImportError('no {name} here')\n")
    env = {"DATABASE_URL": "postgres://u:p@127.0.0.1:9/db", "PYTHONPATH": str(tmp_path)}
    for command in ("migrate", "check"):
        result = run_dk(command, cwd=project, **env)
        error = assert_one_error(result, 1, "Error loading psycopg2 or psycopg module")
        assert "pip install 'psycopg[binary]'" in error
