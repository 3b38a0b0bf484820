"""The document tests run against the realistic project in ``tests/project``, as the route
tests do (``tests/conftest.py`` configured Django from it)."""

from __future__ import annotations

import json
import re
import sys
import types
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from djangokit.core import RouteTree, get_route_tree, get_urlpatterns
from djangokit.settings import BuildSettings, SSRSettings

DATA = {"X-DjangoKit-Data": "1"}
JSON = {"Accept": "application/json"}
DATA_SCRIPT = re.compile(
    r'<script type="application/json" id="djangokit-data">(.*?)</script>', re.S
)


@pytest.fixture(autouse=True)
def _project_urlconf(settings: Any) -> None:
    settings.ROOT_URLCONF = "djangokit.core.urls"


def embedded_data(content: bytes) -> Any:
    """The route data of a document, parsed as the runtime parses it."""
    matches = DATA_SCRIPT.findall(content.decode())
    assert len(matches) == 1, content
    return json.loads(matches[0])


def set_djangokit(settings: Any, **update: Any) -> None:
    """Replace ``[djangokit]`` options for one test (the model is frozen: copy it)."""
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update=update)


@pytest.fixture
def use_ssr(settings: Any) -> Callable[..., None]:
    def use(backend: str, **options: Any) -> None:
        set_djangokit(settings, ssr=SSRSettings(enabled=True, backend=backend, **options))

    return use


@pytest.fixture
def build_dir(settings: Any, tmp_path: Path) -> Path:
    """An empty ``[djangokit.build] out_dir``; write ``manifest.json`` into it."""
    set_djangokit(settings, build=BuildSettings(out_dir=tmp_path / "build"))
    (tmp_path / "build").mkdir()
    return tmp_path / "build"


@pytest.fixture
def serve_tree(settings: Any) -> Iterator[Callable[[RouteTree], None]]:
    """Serve another route tree than the project's, through a URLconf made for it."""
    names: list[str] = []

    def serve(tree: RouteTree) -> None:
        name = f"djangokit_test_urls_{uuid.uuid4().hex[:8]}"
        module = types.ModuleType(name)
        module.urlpatterns = get_urlpatterns(tree)  # type: ignore[attr-defined]
        sys.modules[name] = module
        names.append(name)
        settings.ROOT_URLCONF = name

    yield serve
    for name in names:
        del sys.modules[name]


@pytest.fixture
def without_custom_document() -> RouteTree:
    """The project's routes without its ``document.html``: the default template applies."""
    tree = get_route_tree()
    return RouteTree(replace(tree.root, document=None), tree.routes_dir, tree.package)
