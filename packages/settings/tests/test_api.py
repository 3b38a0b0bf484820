"""The public surface: exports, packaging rules, no Django at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import djangokit.settings as api

SRC = Path(__file__).parent.parent / "src"


def test_all_exists() -> None:
    # Its order (ruff's RUF022) is checked for every module by tests/repo.
    assert len(api.__all__) == len(set(api.__all__))
    for name in api.__all__:
        assert hasattr(api, name), name


def test_public_names() -> None:
    expected = {
        "DjangoKitSettings",
        "SSRSettings",
        "BuildSettings",
        "CacheSettings",
        "SettingsError",
        "LoadedSettings",
        "load",
        "load_settings",
        "mask_secrets",
        "json_schema",
        "find_project_package",
        "ENV_VAR",
    }
    assert expected <= set(api.__all__)
    assert api.ENV_VAR == "DJANGOKIT_ENV"
    assert issubclass(api.SettingsError, ValueError)


def test_importing_does_not_import_django() -> None:
    code = "import sys, djangokit.settings; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_namespace_package_has_no_init() -> None:
    assert (SRC / "djangokit" / "settings" / "__init__.py").is_file()
    assert not (SRC / "djangokit" / "__init__.py").exists()
    assert (SRC / "djangokit" / "settings" / "py.typed").is_file()


def test_source_imports_only_declared_dependencies() -> None:
    # What `pip install org-djangokit-settings` alone provides: the standard
    # library, pydantic (with pydantic_core) and dj-database-url.
    allowed = {"pydantic", "pydantic_core", "dj_database_url", "djangokit"}
    for path in (SRC / "djangokit" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names, (path.name, name)


def test_tests_import_no_other_djangokit_package() -> None:
    # The package's tests run in a venv with only this distribution installed.
    for path in Path(__file__).parent.glob("*.py"):
        text = path.read_text()
        for banned in ("djangokit.core", "djangokit.cli", "djangokit.ssr", "click"):
            assert f"import {banned}" not in text and f"from {banned}" not in text, path.name


def test_modules_stay_small() -> None:
    for path in (SRC / "djangokit" / "settings").glob("*.py"):
        assert len(path.read_text().splitlines()) < 300, path.name
