"""The Django settings a project gets without writing them, and how users override them."""

from __future__ import annotations

import pytest

from djangokit.settings import _conventions, load

DEV_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def test_development_conventions(project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_conventions, "core_installed", lambda: True)
    settings = load(project.root, environ={}).django
    root = project.root
    assert settings["BASE_DIR"] == root
    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"].startswith("django-insecure-")
    assert settings["ALLOWED_HOSTS"] == DEV_HOSTS
    assert settings["DATABASES"] == {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": root / "db.sqlite3"}
    }
    assert settings["CACHES"]["default"]["BACKEND"].endswith("locmem.LocMemCache")
    assert settings["INSTALLED_APPS"] == [
        "mysite",
        "djangokit.core",
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ]
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings["MIDDLEWARE"]
    assert len(settings["MIDDLEWARE"]) == 7
    assert settings["ROOT_URLCONF"] == "djangokit.core.urls"
    assert settings["CSRF_FAILURE_VIEW"] == "djangokit.core.views.csrf_failure"
    [templates] = settings["TEMPLATES"]
    assert templates["BACKEND"] == "django.template.backends.django.DjangoTemplates"
    assert templates["APP_DIRS"] is True
    assert settings["STATIC_URL"] == "static/"
    assert settings["STATIC_ROOT"] == root / "static_root"
    # The build's bundles are found by core's finder, after Django's own two.
    assert settings["STATICFILES_FINDERS"] == [
        "django.contrib.staticfiles.finders.FileSystemFinder",
        "django.contrib.staticfiles.finders.AppDirectoriesFinder",
        "djangokit.core.build.BuildFinder",
    ]
    assert settings["DEFAULT_AUTO_FIELD"] == "django.db.models.BigAutoField"
    assert settings["USE_TZ"] is True
    assert settings["DJANGOKIT"].package == "mysite"


def test_without_core_the_conventions_are_plain_django(
    project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed alone, this package names no part of the core distribution."""
    monkeypatch.setattr(_conventions, "core_installed", lambda: False)
    settings = load(project.root, environ={}).django
    assert "djangokit.core" not in settings["INSTALLED_APPS"]
    assert settings["INSTALLED_APPS"][0] == "mysite"
    assert settings["ROOT_URLCONF"] == "mysite.urls"
    assert "CSRF_FAILURE_VIEW" not in settings
    assert not any("djangokit" in f for f in settings["STATICFILES_FINDERS"])


def test_core_installed_reflects_the_environment() -> None:
    import importlib.util

    expected = importlib.util.find_spec("djangokit.core") is not None
    assert _conventions.core_installed() is expected


@pytest.mark.parametrize(
    ("env", "debug", "hosts"), [("test", True, DEV_HOSTS), ("staging", False, [])]
)
def test_environment_conventions(project, env: str, debug: bool, hosts: list[str]) -> None:
    settings = load(project.root, env=env, environ={}).django
    assert settings["DEBUG"] is debug
    assert settings["ALLOWED_HOSTS"] == hosts


def test_user_settings_replace_conventions_whole(project) -> None:
    project.write(
        "settings.toml",
        """
        [django]
        DEBUG = false
        INSTALLED_APPS = ["django.contrib.contenttypes", "mysite"]
        DATABASES = { default = { ENGINE = "django.db.backends.postgresql", NAME = "app" } }
        ROOT_URLCONF = "mysite.urls"
        """,
    )
    settings = load(project.root, environ={}).django
    assert settings["DEBUG"] is False
    assert settings["INSTALLED_APPS"] == ["django.contrib.contenttypes", "mysite"]
    assert settings["DATABASES"] == {
        "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}
    }
    assert settings["ROOT_URLCONF"] == "mysite.urls"


def test_extra_apps_and_middleware_are_appended(project) -> None:
    project.write(
        "settings.toml",
        """
        [django]
        EXTRA_INSTALLED_APPS = ["django.contrib.humanize", "mysite"]
        EXTRA_MIDDLEWARE = ["mysite.middleware.Timing"]
        """,
    )
    settings = load(project.root, environ={}).django
    assert settings["INSTALLED_APPS"][-1] == "django.contrib.humanize"
    assert settings["INSTALLED_APPS"].count("mysite") == 1
    assert settings["MIDDLEWARE"][-1] == "mysite.middleware.Timing"
    assert "EXTRA_INSTALLED_APPS" not in settings
    assert "EXTRA_MIDDLEWARE" not in settings
    custom = load(project.root, environ={}, INSTALLED_APPS=["a"]).django
    assert custom["INSTALLED_APPS"] == ["a", "django.contrib.humanize", "mysite"]


def test_extra_apps_from_environment(project) -> None:
    settings = load(project.root, environ={"DJANGO_EXTRA_INSTALLED_APPS": "x, y"}).django
    assert settings["INSTALLED_APPS"][-2:] == ["x", "y"]


def test_package_from_settings_is_the_app(project) -> None:
    project.write("settings.toml", "[djangokit]\npackage = 'mysite.web'")
    assert load(project.root, environ={}).django["INSTALLED_APPS"][0] == "mysite.web"
