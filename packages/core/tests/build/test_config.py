"""The options esbuild gets, the paths a build uses, and the staticfiles finder (no Node)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders

import djangokit.core.build
from djangokit.core.build import BuildFinder, BuildPaths, Runtime, build_options
from djangokit.core.build._esbuild import esbuild_config
from djangokit.settings import BuildSettings

PATHS = BuildPaths(Path("/p"), Path("/p/.djangokit/build"))


def test_public_api_is_importable() -> None:
    # Its order (ruff's RUF022) is checked for every module by tests/repo.
    names = djangokit.core.build.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(djangokit.core.build, name), name


@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        BuildSettings(),
        {"out_dir": ".djangokit/build", "target": "es2020"},
    ],
)
def test_default_options(value: Any) -> None:
    expected = BuildSettings(out_dir=Path(".djangokit/build"), target=["es2020"])
    assert build_options(value) == expected


def test_options_from_settings() -> None:
    settings = BuildSettings(out_dir=Path("out"), minify=False, sourcemap="external", target="a,b")
    assert build_options(settings) is settings  # the model, not a copy of it
    assert (settings.out_dir, settings.minify, settings.sourcemap) == (
        Path("out"),
        False,
        "external",
    )
    assert settings.target == ["a", "b"]
    assert build_options({"sourcemap": False}).sourcemap is False


def test_paths() -> None:
    assert BuildPaths.of(Path("/p"), BuildSettings()) == PATHS
    assert PATHS.routes_module == Path("/p/.djangokit/routes.ts")
    assert PATHS.client_entry == Path("/p/.djangokit/client.ts")
    assert PATHS.server_entry == Path("/p/.djangokit/server.ts")
    assert PATHS.manifest == Path("/p/.djangokit/build/manifest.json")
    assert PATHS.static_dir == Path("/p/.djangokit/build/static")
    assert PATHS.client_dir == Path("/p/.djangokit/build/static/djangokit")
    assert PATHS.server_bundle == Path("/p/.djangokit/build/server/server.mjs")
    assert BuildPaths.of(Path("/p"), BuildSettings(out_dir=Path("/abs"))).manifest == Path(
        "/abs/manifest.json"
    )


def config(production: bool, **options: Any) -> dict[str, Any]:
    runtime = Runtime("core", Path("/site/djangokit/core/runtime"))
    return esbuild_config(
        PATHS,
        BuildSettings(**options),
        runtime,
        production=production,
        public_path="/static/djangokit",
    )


def test_the_client_bundle() -> None:
    client = config(False)["client"]
    assert client["entryPoints"] == ["/p/.djangokit/client.ts"]
    assert client["outdir"] == "/p/.djangokit/build/static/djangokit"
    assert (client["format"], client["splitting"], client["bundle"]) == ("esm", True, True)
    assert (client["entryNames"], client["chunkNames"]) == ("[name]-[hash]", "[name]-[hash]")
    assert client["jsx"] == "automatic"
    assert client["publicPath"] == "/static/djangokit"
    assert client["define"] == {"process.env.NODE_ENV": '"development"'}
    assert (client["minify"], client["sourcemap"], client["target"]) == (False, True, ["es2020"])
    production = config(True)["client"]
    assert production["define"] == {"process.env.NODE_ENV": '"production"'}
    assert production["minify"] is True
    assert production["sourcemap"] is False  # no public source maps in production
    assert config(True)["clientMapsDir"] is None
    assert config(True, sourcemap=True)["client"]["sourcemap"] is True  # asked for: public
    hidden = config(True, sourcemap="hidden")
    assert hidden["client"]["sourcemap"] == "external"  # a .map file, no sourceMappingURL
    assert hidden["clientMapsDir"] == "/p/.djangokit/build/sourcemaps/djangokit"
    assert config(False, sourcemap="hidden")["client"]["sourcemap"] == "external"
    assert config(True, minify=False)["client"]["minify"] is False
    assert config(False, minify=True, target=("chrome100",))["client"]["target"] == ["chrome100"]


def test_the_server_bundle() -> None:
    whole = config(True, sourcemap="external")
    server = whole["server"]
    assert server["platform"] == "node"
    assert server["format"] == "esm"
    assert server["outfile"] == "/p/.djangokit/build/server/server.mjs"
    assert "splitting" not in server  # one file: import() targets are inlined
    assert server["target"] == ["node20"]
    assert server["sourcemap"] is True
    assert config(True)["server"]["sourcemap"] is True  # the server bundle is never served
    assert config(True, sourcemap=False)["server"]["sourcemap"] is False
    assert "createRequire" in server["banner"]["js"]
    assert server["define"] == whole["client"]["define"]
    assert whole["aliases"] == {
        "@djangokit/runtime": "/site/djangokit/core/runtime/index.ts",
        "@djangokit/runtime/server": "/site/djangokit/core/runtime/server.tsx",
    }
    assert whole["runtimeDir"] == "/site/djangokit/core/runtime"


def test_the_finder(settings: Any, tmp_path: Path) -> None:
    settings.BASE_DIR = tmp_path
    finder = BuildFinder()
    assert finder.check() == []  # no build yet: no warning
    assert finder.find("djangokit/client.js") == []
    assert list(finder.list(None)) == []
    # As Django's finders answer: finders.find() reads a None as one more match.
    assert finders.find("djangokit/client.js") is None

    static = tmp_path / ".djangokit" / "build" / "static" / "djangokit"
    static.mkdir(parents=True)
    (static / "client.js").write_text("export {};")
    (static.parent.parent / "manifest.json").write_text("{}")
    assert finder.find("djangokit/client.js") == str(static / "client.js")
    assert finder.find("djangokit/client.js", find_all=True) == [str(static / "client.js")]
    assert finder.find("djangokit/other.js", find_all=True) == []
    assert finder.find("../manifest.json") == []
    assert [path for path, _storage in finder.list(None)] == ["djangokit/client.js"]
    assert [path for path, _storage in finder.list(["*.js"])] == []

    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(
        update={"build": BuildSettings(out_dir=tmp_path / "elsewhere")}
    )
    assert finder.find("djangokit/client.js") == []  # the setting is read when asked


def test_a_file_no_finder_has_is_not_found(settings: Any, tmp_path: Path) -> None:
    """``finders.find()`` collects what each finder returns: a ``None`` from one of them
    made it ``[None]``, which ``runserver`` served as a 500 instead of a 404."""
    from django.contrib.staticfiles import finders

    settings.BASE_DIR = tmp_path
    assert "djangokit.core.build.BuildFinder" in settings.STATICFILES_FINDERS
    assert finders.find("djangokit/missing.js") is None
    assert finders.find("djangokit/missing.js", find_all=True) == []
