"""System checks: a broken route and a missing SSR backend are check messages."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from djangokit.core import get_route_tree
from djangokit.core.checks import check_routes, check_ssr_backend
from djangokit.settings import SSRSettings


@pytest.fixture
def broken_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> Iterator[Callable[[dict[str, str]], str]]:
    """Make ``{path below routes/: source}`` the configured project's routes."""
    names: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(files: dict[str, str]) -> str:
        package = f"site_{uuid.uuid4().hex[:10]}"
        names.append(package)
        (tmp_path / package / "routes").mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
        for name, text in files.items():
            (tmp_path / package / "routes" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / package / "routes" / name).write_text(text)
        settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"package": package})
        get_route_tree.cache_clear()
        return package

    yield make
    get_route_tree.cache_clear()
    for name in list(sys.modules):
        if name.split(".")[0] in names:
            del sys.modules[name]


def test_the_projects_routes_pass() -> None:
    assert check_routes() == []


def test_a_route_error_is_a_check_error(broken_package: Any) -> None:
    broken_package({"page.tsx": "", "shop/page.tsx": "", "shop/page.jsx": ""})
    [error] = check_routes()
    assert isinstance(error, checks.Error) and error.id == "djangokit.E001"
    assert "page.tsx" in error.msg and "page.jsx" in error.msg


def test_manage_py_check_reports_it_without_a_traceback(broken_package: Any) -> None:
    broken_package({"page.tsx": "", "shop/page.tsx": "", "shop/page.jsx": ""})
    with pytest.raises(SystemCheckError, match=r"djangokit\.E001") as info:
        call_command("check")
    assert "one page component" in str(info.value)


@pytest.mark.django_db
def test_migrate_reports_it_too(broken_package: Any) -> None:
    broken_package({"page.tsx": "", "shop/page.tsx": "", "shop/page.jsx": ""})
    with pytest.raises(SystemCheckError, match=r"djangokit\.E001"):
        call_command("migrate", "--plan", verbosity=0, skip_checks=False)
    call_command("migrate", "--plan", verbosity=0, skip_checks=True)  # --skip-checks


def test_the_checks_are_registered() -> None:
    names = {check.__name__ for check in checks.registry.registry.get_checks()}
    assert {"check_routes", "check_ssr_backend", "check_url_config"} <= names
    # Django's own URLconf check is wrapped once, not registered twice.
    assert (
        sum(check.__name__ == "check_url_config" for check in checks.registry.registry.get_checks())
        == 1
    )


def test_a_site_without_routes_is_not_checked(settings: Any) -> None:
    settings.ROOT_URLCONF = "myproject.urls"
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"package": ""})
    assert check_routes() == []


# SSR ------------------------------------------------------------------------------------


def use_ssr(settings: Any, **options: Any) -> None:
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"ssr": SSRSettings(**options)})


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Pretend exactly these ``djangokit.ssr_backends`` entry points are installed."""
    import djangokit.core.checks as module

    def install(**backends: str) -> None:
        points = [EntryPoint(n, v, "djangokit.ssr_backends") for n, v in backends.items()]
        monkeypatch.setattr(
            module, "entry_points", lambda **kw: [p for p in points if p.name == kw["name"]]
        )

    return install


def test_enabled_without_an_installed_backend_warns(settings: Any, installed: Any) -> None:
    installed()  # org-djangokit-ssr is not installed
    use_ssr(settings, enabled=True, backend="pool")
    [warning] = check_ssr_backend()
    assert isinstance(warning, checks.Warning) and warning.id == "djangokit.W001"
    assert "enabled = true" in warning.msg and "'pool'" in warning.msg
    assert warning.hint is not None and "pip install org-djangokit-ssr" in warning.hint


@pytest.mark.parametrize("enabled", [None, False])
def test_auto_or_off_without_a_backend_is_fine(
    settings: Any, installed: Any, enabled: bool | None
) -> None:
    installed()
    use_ssr(settings, enabled=enabled, backend="pool")
    assert check_ssr_backend() == []


@pytest.mark.parametrize("enabled", [None, True])
def test_a_dotted_path_that_does_not_import_is_an_error(
    settings: Any, enabled: bool | None
) -> None:
    # get_renderer() would raise at every page: an error even on "auto".
    use_ssr(settings, enabled=enabled, backend="no_such_module_xyz.Renderer")
    [error] = check_ssr_backend()
    assert isinstance(error, checks.Error) and error.id == "djangokit.E002"
    assert "no_such_module_xyz.Renderer" in error.msg


def test_an_importable_dotted_path_passes(settings: Any) -> None:
    use_ssr(settings, enabled=True, backend="djangokit.core.ssr.RenderResult")
    assert check_ssr_backend() == []


def test_an_installed_backend_passes(settings: Any, installed: Any) -> None:
    installed(pool="djangokit.core.ssr:RenderResult")
    use_ssr(settings, enabled=True, backend="pool")
    assert check_ssr_backend() == []


def test_an_installed_backend_that_does_not_import_is_an_error(
    settings: Any, installed: Any
) -> None:
    installed(pool="no_such_module_xyz:pool")
    use_ssr(settings, enabled=True, backend="pool")
    [error] = check_ssr_backend()
    assert error.id == "djangokit.E002" and "cannot be imported" in error.msg


def test_a_healthy_project_passes_manage_py_check() -> None:
    call_command("check")  # raises SystemCheckError on any error


def test_registering_again_changes_nothing() -> None:
    from djangokit.core.checks import register_checks

    before = sorted(c.__name__ for c in checks.registry.registry.get_checks())
    register_checks()
    assert sorted(c.__name__ for c in checks.registry.registry.get_checks()) == before
