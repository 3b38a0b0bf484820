"""`dk new`: the files it writes, the names it refuses, and `npm install`."""

from __future__ import annotations

import json
import os
import pathlib
import stat
import tomllib
from collections.abc import Callable

import pytest
from click.testing import Result

from djangokit.cli import __version__
from djangokit.cli._new import check_package_name
from djangokit.cli._templates import render, render_tree

Run = Callable[..., Result]

EXPECTED = {
    ".gitignore",
    "README.md",
    "package.json",
    "pyproject.toml",
    "settings.toml",
    "settings.development.toml",
    "settings.production.toml",
    "settings.test.toml",
    "tsconfig.json",
    "src/mysite/__init__.py",
    "src/mysite/admin.py",
    "src/mysite/assets.d.ts",
    "src/mysite/components/NoteItem.tsx",
    "src/mysite/forms.py",
    "src/mysite/migrations/__init__.py",
    "src/mysite/migrations/0001_initial.py",
    "src/mysite/models/__init__.py",
    "src/mysite/routes/+types.ts",
    "src/mysite/routes/api/notes/+types.ts",
    "src/mysite/routes/api/notes/handlers.py",
    "src/mysite/routes/error.tsx",
    "src/mysite/routes/handlers.py",
    "src/mysite/routes/layout.css",
    "src/mysite/routes/layout.tsx",
    "src/mysite/routes/not-found.tsx",
    "src/mysite/routes/page.tsx",
    "src/mysite/static/favicon.svg",
    "tests/test_routes.py",
}


def test_render_substitutes_placeholders() -> None:
    assert render("from {{ package }} import x  # {{ package }}", {"package": "a"}) == (
        "from a import x  # a"
    )


def test_template_tree_has_the_project_layout() -> None:
    files = render_tree(
        "new",
        {
            "name": "mysite",
            "npm_name": "mysite",
            "package": "mysite",
            "title": "Mysite",
            "version": __version__,
        },
    )
    assert {str(path) for path in files} == EXPECTED
    assert not any("{{" in text for text in files.values())


def test_new_writes_a_project(dk: Run, tmp_path: pathlib.Path) -> None:
    result = dk("new", "mysite", "--no-install")
    assert result.exit_code == 0, result.output
    assert "Created mysite" in result.output
    assert "npm install" in result.output  # the next steps say to run it
    project = tmp_path / "mysite"
    written = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert written == EXPECTED
    package = json.loads((project / "package.json").read_text())
    assert package["dependencies"].keys() == {"react", "react-dom", "react-router-dom", "esbuild"}
    assert package["dependencies"]["react"].startswith("^19")
    assert package["dependencies"]["react-router-dom"].startswith("^7")
    assert package["dependencies"]["esbuild"].startswith("^0.28")
    # `dk check` runs tsc: TypeScript and React's types come with the project; `dk dev`
    # uses react-refresh and @babel/core for React Fast Refresh (decision 0008).
    assert package["devDependencies"].keys() == {
        "typescript",
        "@types/react",
        "@types/react-dom",
        "@babel/core",
        "react-refresh",
    }
    options = json.loads((project / "tsconfig.json").read_text())["compilerOptions"]
    assert options["moduleResolution"] == "Bundler"
    assert options["allowImportingTsExtensions"] is True
    assert options["noEmit"] is True
    assert options["jsx"] == "react-jsx"
    assert options["strict"] is True
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert f"org-djangokit-core=={__version__}" in pyproject["project"]["dependencies"]
    settings = tomllib.loads((project / "settings.toml").read_text())
    assert settings["djangokit"]["title"] == "Mysite"
    assert "from mysite.models import Note" in (project / "src/mysite/admin.py").read_text()
    # Uploads (MEDIA_ROOT = <project>/media) stay out of version control.
    assert "media/" in (project / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("env", ["development", "production"])
def test_new_projects_serialize_models_strictly(dk: Run, tmp_path: pathlib.Path, env: str) -> None:
    from djangokit.settings import load

    assert dk("new", "mysite", "--no-install").exit_code == 0
    environ = {"SECRET_KEY": "x" * 20 + "-new-project-test-key-0123456789"}
    loaded = load(tmp_path / "mysite", env=env, environ=environ)
    assert loaded.djangokit.strict_serialization is True


def test_new_into_an_empty_directory(dk: Run, tmp_path: pathlib.Path) -> None:
    (tmp_path / "blog").mkdir()
    result = dk("new", "blog", "--no-install")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "blog" / "src" / "blog" / "routes" / "page.tsx").is_file()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("my-site", "not a valid Python package name"),
        ("1site", "not a valid Python package name"),
        ("class", "Python keyword"),
        ("match", "Python keyword"),
        ("django", "already an installed Python module"),
        ("test", "already an installed Python module"),
        ("json", "already an installed Python module"),
    ],
)
def test_bad_names_are_refused(dk: Run, tmp_path: pathlib.Path, name: str, reason: str) -> None:
    result = dk("new", name, "--no-install")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and reason in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_check_package_name_accepts_a_fresh_name() -> None:
    assert check_package_name("my_new_site") is None


def test_non_empty_directory_is_refused(dk: Run, tmp_path: pathlib.Path) -> None:
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "notes.txt").write_text("mine")
    result = dk("new", "mysite")
    assert result.exit_code == 1
    assert "already exists and is a non-empty directory" in result.output
    assert sorted(p.name for p in (tmp_path / "mysite").iterdir()) == ["notes.txt"]


def _fake_npm(tmp_path: pathlib.Path, body: str) -> pathlib.Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(f"#!/bin/sh\n{body}\n")
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_new_runs_npm_install_with_a_progress_message(
    dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _fake_npm(tmp_path, 'echo "$@" > npm-args.txt')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = dk("new", "mysite")
    assert result.exit_code == 0, result.output
    assert (
        "Installing react, react-dom, react-router-dom, esbuild, typescript, @types/react, "
        "@types/react-dom with npm"
    ) in result.output
    assert (tmp_path / "mysite" / "npm-args.txt").read_text().startswith("install")
    assert "  npm install\n" not in result.output


def test_failed_npm_install_is_one_error(
    dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _fake_npm(tmp_path, 'echo "npm error code ENOTFOUND" >&2; exit 1')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = dk("new", "mysite")
    assert result.exit_code == 1
    assert "`npm install` failed" in result.output and "ENOTFOUND" in result.output


def test_missing_npm_says_what_to_install(
    dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("djangokit.cli._new.shutil.which", lambda name: None)
    result = dk("new", "mysite")
    assert result.exit_code == 1
    assert "npm is not installed" in result.output and "Node.js 20" in result.output
