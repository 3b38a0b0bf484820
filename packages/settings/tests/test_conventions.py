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
    assert settings["MEDIA_URL"] == "media/"
    assert settings["MEDIA_ROOT"] == root / "media"
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


DEPLOYED = {"SECRET_KEY": "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1", "DJANGO_ALLOWED_HOSTS": "a.com"}
HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}


def test_test_environment_conventions(project) -> None:
    settings = load(project.root, env="test", environ={}).django
    assert settings["DEBUG"] is True
    assert settings["ALLOWED_HOSTS"] == DEV_HOSTS
    assert not {name for name in HTTPS if name in settings}


@pytest.mark.parametrize("env", ["production", "staging"])
def test_deployed_environments_are_https(project, env: str) -> None:
    project.write(f"settings.{env}.toml", "")
    settings = load(project.root, env=env, environ=DEPLOYED).django
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["a.com"]
    assert {name: settings.get(name) for name in HTTPS} == HTTPS
    assert not settings.get("SECURE_HSTS_PRELOAD")  # an opt-in: it outlives the site


@pytest.mark.parametrize(
    ("where", "environ"),
    [
        ("settings.production.toml", {}),
        ("", {"DJANGOKIT_HTTPS": "false"}),
        ("", {"DJANGOKIT_HTTPS": "0"}),
    ],
)
def test_https_false_turns_the_https_settings_off(project, where: str, environ: dict) -> None:
    project.write("settings.production.toml", "[djangokit]\nhttps = false" if where else "")
    loaded = load(project.root, env="production", environ={**DEPLOYED, **environ})
    assert loaded.djangokit.https is False
    assert not {name for name in HTTPS if name in loaded.django}


def test_https_true_in_development_and_user_settings_win(project) -> None:
    project.write("settings.toml", "[djangokit]\nhttps = true\n[django]\nSECURE_HSTS_SECONDS = 60")
    settings = load(project.root, environ={}).django
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 60


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


def test_deployed_databases_keep_their_connections(project) -> None:
    """Outside development and test a connection lives ten minutes (checked before reuse)
    instead of one per request; a database that sets CONN_MAX_AGE keeps its own."""
    project.write("settings.production.toml", "")
    deployed = load(project.root, env="production", environ=DEPLOYED).django
    assert deployed["DATABASES"]["default"] == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": project.root / "db.sqlite3",
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }
    for env in ("development", "test"):
        default = load(project.root, env=env, environ={}).django["DATABASES"]["default"]
        assert "CONN_MAX_AGE" not in default and "CONN_HEALTH_CHECKS" not in default

    project.write(
        "settings.production.toml",
        """
        [django.DATABASES.default]
        ENGINE = "django.db.backends.sqlite3"
        NAME = "app.db"
        [django.DATABASES.per_request]
        ENGINE = "django.db.backends.sqlite3"
        NAME = "other.db"
        CONN_MAX_AGE = 0
        """,
    )
    databases = load(project.root, env="production", environ=DEPLOYED).django["DATABASES"]
    assert databases["default"]["CONN_MAX_AGE"] == 600
    assert databases["default"]["CONN_HEALTH_CHECKS"] is True
    assert databases["per_request"] == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "other.db",
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,  # checks only a connection that is reused: harmless
    }
