"""LOGIN_URL and the sign-in/out redirects follow the project's own login page."""

from __future__ import annotations

import pytest

from djangokit.settings import _conventions, load

AUTH = ("LOGIN_URL", "LOGIN_REDIRECT_URL", "LOGOUT_REDIRECT_URL")


@pytest.fixture(autouse=True)
def _core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_conventions, "core_installed", lambda: True)


def _add_login_page(project) -> None:  # type: ignore[no-untyped-def]
    (project.root / "src" / "mysite" / "routes" / "accounts" / "login").mkdir(parents=True)


def test_without_login_page_django_defaults_stay(project) -> None:  # type: ignore[no-untyped-def]
    settings = load(project.root, environ={}).django
    assert not any(name in settings for name in AUTH)


def test_login_page_sets_the_auth_urls(project) -> None:  # type: ignore[no-untyped-def]
    _add_login_page(project)
    settings = load(project.root, environ={}).django
    assert [settings[name] for name in AUTH] == ["/accounts/login", "/", "/"]


def test_auth_urls_carry_the_route_prefix(project) -> None:  # type: ignore[no-untyped-def]
    _add_login_page(project)
    project.write("settings.toml", '[djangokit]\nprefix = "app"\n')
    settings = load(project.root, environ={}).django
    assert [settings[name] for name in AUTH] == ["/app/accounts/login", "/app/", "/app/"]


def test_an_explicit_setting_wins(project) -> None:  # type: ignore[no-untyped-def]
    _add_login_page(project)
    project.write("settings.toml", '[django]\nLOGIN_URL = "/signin"\n')
    settings = load(project.root, environ={}).django
    assert settings["LOGIN_URL"] == "/signin"
    assert settings["LOGIN_REDIRECT_URL"] == "/"


def test_no_defaults_without_djangokit_core(project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_conventions, "core_installed", lambda: False)
    _add_login_page(project)
    settings = load(project.root, environ={}).django
    assert "LOGIN_URL" not in settings


CONSOLE = "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(("version", "key"), [((5, 2), "EMAIL_BACKEND"), ((6, 1), "MAILERS")])
def test_development_prints_mail_in_the_setting_this_django_reads(
    project, monkeypatch: pytest.MonkeyPatch, version: tuple[int, int], key: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_conventions, "_django_version", lambda: version)
    settings = load(project.root, environ={}).django
    value = settings[key]
    assert (value["default"]["BACKEND"] if key == "MAILERS" else value) == CONSOLE
    other = ({"MAILERS", "EMAIL_BACKEND"} - {key}).pop()
    assert other not in settings
    # The user's own mail setting wins, and no default is added beside it.
    project.write("settings.toml", '[django]\nEMAIL_BACKEND = "x.Backend"\n')
    mine = load(project.root, environ={}).django
    assert mine["EMAIL_BACKEND"] == "x.Backend" and "MAILERS" not in mine
