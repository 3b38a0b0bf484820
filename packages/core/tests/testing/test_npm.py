"""The npm helpers: a package.json's packages installed once, devDependencies included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from djangokit.core.testing import package_json
from djangokit.core.testing._npm import npm_cache_key


def test_package_json_and_its_cache_key() -> None:
    text = package_json(react="^19")
    assert json.loads(text) == {"private": True, "dependencies": {"react": "^19"}}
    assert npm_cache_key("x", text) == npm_cache_key("x", package_json(react="^19"))
    assert npm_cache_key("x", text) != npm_cache_key("x", package_json(react="^18"))


def test_dev_dependencies_are_installed_too(npm_install: Callable[..., Path]) -> None:
    text = json.dumps({"private": True, "devDependencies": {"is-number": "^7"}})
    modules = npm_install(text, "djangokit-test-npm-dev")
    assert (modules / "is-number" / "package.json").is_file()
    assert npm_install(text, "djangokit-test-npm-dev") == modules  # the second time: cached


def test_a_lockfile_installs_exactly_its_versions(npm_install: Callable[..., Path]) -> None:
    text = package_json(ms="^2")
    lock = {
        "lockfileVersion": 3,
        "requires": True,
        "packages": {
            "": {"dependencies": {"ms": "^2"}},
            "node_modules/ms": {
                "version": "2.0.0",
                "integrity": "sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PC"
                "PnGMoFjC9ddhal5KVIYtAt97ix05A==",
            },
        },
    }
    modules = npm_install(text, "djangokit-test-npm-lock", json.dumps(lock))
    installed = json.loads((modules / "ms" / "package.json").read_text())
    assert installed["version"] == "2.0.0"  # ^2 alone resolves to the newest 2.x
