"""The environment-variable source."""

from __future__ import annotations

from pathlib import Path

import pytest

from djangokit.settings import SettingsError, load


def django(project, **environ: str) -> dict:
    return load(project.root, environ=environ).django


def test_django_values_parse_as_json(project) -> None:
    settings = django(
        project,
        DJANGO_ALLOWED_HOSTS='["a.com", "b.com"]',
        DJANGO_LOGGING='{"version": 1}',
        DJANGO_SESSION_COOKIE_AGE="60",
        DJANGO_SOME_NUMBER="1.5",
        DJANGO_NOTHING="null",
        DJANGO_PLAIN="hello world",
    )
    assert settings["ALLOWED_HOSTS"] == ["a.com", "b.com"]
    assert settings["LOGGING"] == {"version": 1}
    assert settings["SESSION_COOKIE_AGE"] == 60
    assert settings["SOME_NUMBER"] == 1.5
    assert settings["NOTHING"] is None
    assert settings["PLAIN"] == "hello world"


def test_text_and_secret_settings_stay_text(project) -> None:
    settings = django(
        project,
        DJANGO_SECRET_KEY="12345678901234567890123456789012345",
        DJANGO_EMAIL_HOST_PASSWORD="1234",
        DJANGO_TIME_ZONE="UTC",
    )
    assert settings["SECRET_KEY"] == "12345678901234567890123456789012345"
    assert settings["EMAIL_HOST_PASSWORD"] == "1234"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("False", False), ("0", False), ("yes", True), ("off", False)],
)
def test_well_known_booleans(project, raw: str, expected: bool) -> None:
    assert django(project, DJANGO_DEBUG=raw)["DEBUG"] is expected


def test_well_known_lists_accept_commas(project) -> None:
    settings = django(project, DJANGO_ALLOWED_HOSTS="a.com, b.com", DJANGO_INTERNAL_IPS="")
    assert settings["ALLOWED_HOSTS"] == ["a.com", "b.com"]
    assert settings["INTERNAL_IPS"] == []


def test_django_tool_variables_are_not_settings(project) -> None:
    settings = django(
        project,
        DJANGO_SETTINGS_MODULE="mysite.settings",
        DJANGO_SUPERUSER_PASSWORD="pw",
        DJANGO_COLORS="nocolor",
        DJANGO_lower="x",
    )
    for name in ("SETTINGS_MODULE", "SUPERUSER_PASSWORD", "COLORS", "lower"):
        assert name not in settings


def test_secret_key_variable(project) -> None:
    assert django(project, SECRET_KEY="s" * 40)["SECRET_KEY"] == "s" * 40
    # DJANGO_SECRET_KEY is more specific and wins; an empty SECRET_KEY is unset.
    assert (
        django(project, SECRET_KEY="a" * 40, DJANGO_SECRET_KEY="b" * 40)["SECRET_KEY"] == "b" * 40
    )
    assert django(project, SECRET_KEY="")["SECRET_KEY"].startswith("django-insecure")


def test_database_url(project) -> None:
    default = django(project, DATABASE_URL="postgres://app:pw@db.example:5432/app")["DATABASES"][
        "default"
    ]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert (default["NAME"], default["USER"], default["PASSWORD"]) == ("app", "app", "pw")
    assert (default["HOST"], default["PORT"]) == ("db.example", 5432)


def test_database_url_relative_sqlite_is_in_project(project) -> None:
    default = django(project, DATABASE_URL="sqlite:///data/app.db")["DATABASES"]["default"]
    assert default["NAME"] == project.root / "data" / "app.db"
    memory = django(project, DATABASE_URL="sqlite://:memory:")["DATABASES"]["default"]
    assert memory["NAME"] == ":memory:"


def test_database_url_replaces_file_databases(project) -> None:
    project.write("settings.toml", "[django.DATABASES.default]\nENGINE = 'x'\nNAME = 'y'")
    default = django(project, DATABASE_URL="postgres://h/db")["DATABASES"]["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"


def test_database_url_connection_lifetime(project) -> None:
    """Without query parameters the environment's convention applies (Django's per-request
    connections in development, kept ten minutes elsewhere); ``conn_max_age`` and
    ``conn_health_checks`` set them and do not reach the driver's OPTIONS."""
    default = django(project, DATABASE_URL="postgres://h/db")["DATABASES"]["default"]
    assert "CONN_MAX_AGE" not in default and "CONN_HEALTH_CHECKS" not in default
    project.write("settings.production.toml", "")
    deployed = {
        "SECRET_KEY": "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1",
        "DJANGO_ALLOWED_HOSTS": "a.com",
        "DATABASE_URL": "postgres://h/db",
    }
    default = load(project.root, env="production", environ=deployed).django["DATABASES"]
    assert (default["default"]["CONN_MAX_AGE"], default["default"]["CONN_HEALTH_CHECKS"]) == (
        600,
        True,
    )
    url = "postgres://h/db?sslmode=require&conn_max_age=0&application_name=a%26b"
    default = load(project.root, env="production", environ={**deployed, "DATABASE_URL": url})
    config = default.django["DATABASES"]["default"]
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (0, True)
    assert config["OPTIONS"] == {"sslmode": "require", "application_name": "a&b"}
    url = "sqlite:///app.db?conn_max_age=None&conn_health_checks=false"
    config = django(project, DATABASE_URL=url)["DATABASES"]["default"]
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (None, False)
    # The same words as a boolean environment variable (DJANGO_DEBUG=off).
    config = django(project, DATABASE_URL="sqlite:///app.db?conn_health_checks=On")
    assert config["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("query", ["conn_max_age=ten", "conn_max_age=-1", "conn_health_checks=2"])
def test_bad_connection_parameter_in_database_url(project, query: str) -> None:
    with pytest.raises(SettingsError) as info:
        django(project, DATABASE_URL=f"postgres://app:hunter2@h/db?{query}")
    error = info.value
    assert (error.file, error.key) == ("environment variable DATABASE_URL", "django.DATABASES")
    assert query.split("=")[0] in str(error) and "conn_max_age=0" in str(error)
    assert "hunter2" not in str(error)


def test_bad_database_url_hides_password(project) -> None:
    with pytest.raises(SettingsError) as info:
        django(project, DATABASE_URL="nosuchdb://user:hunter2@host/db")
    error = info.value
    assert error.file == "environment variable DATABASE_URL"
    assert error.key == "django.DATABASES"
    assert "nosuchdb" in str(error)
    assert "hunter2" not in str(error)


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("redis://cache:6379/1", "redis.RedisCache", "redis://cache:6379/1"),
        ("rediss://:pw@cache:6380", "redis.RedisCache", "rediss://:pw@cache:6380"),
        ("locmem://one", "locmem.LocMemCache", "one"),
        ("dummy://", "dummy.DummyCache", None),
        ("file:///var/tmp/cache", "filebased.FileBasedCache", "/var/tmp/cache"),
        ("db://cache_table", "db.DatabaseCache", "cache_table"),
        ("memcached://127.0.0.1:11211", "memcached.PyMemcacheCache", "127.0.0.1:11211"),
    ],
)
def test_cache_url(project, url: str, backend: str, location: str | None) -> None:
    default = django(project, CACHE_URL=url)["CACHES"]["default"]
    assert default["BACKEND"] == "django.core.cache.backends." + backend
    assert default.get("LOCATION") == location


def test_cache_url_beats_redis_url(project) -> None:
    assert django(project, REDIS_URL="redis://r")["CACHES"]["default"]["LOCATION"] == "redis://r"
    both = django(project, REDIS_URL="redis://r", CACHE_URL="locmem://")["CACHES"]["default"]
    assert both["BACKEND"].endswith("LocMemCache")


def test_bad_cache_url(project) -> None:
    with pytest.raises(SettingsError) as info:
        django(project, CACHE_URL="mongo://u:secretpw@h")
    assert info.value.file == "environment variable CACHE_URL"
    assert "secretpw" not in str(info.value)


def test_djangokit_variables_are_typed_and_nested(project) -> None:
    kit = load(
        project.root,
        environ={
            "DJANGOKIT_SSR__WORKERS": "4",
            "DJANGOKIT_SSR__ENABLED": "false",
            "DJANGOKIT_SSR__TIMEOUT": "0.5",
            "DJANGOKIT_SSR__BACKEND": "subprocess",
            "DJANGOKIT_BUILD__TARGET": "chrome100,safari15",
            "DJANGOKIT_BUILD__OUT_DIR": "out",
            "DJANGOKIT_BUILD__SOURCEMAP": "inline",
            "DJANGOKIT_TITLE": "123",
            "DJANGOKIT_STRICT_SERIALIZATION": "true",
            "DJANGOKIT_ADMIN": "",
        },
    ).djangokit
    assert kit.ssr.workers == 4
    assert kit.ssr.enabled is False
    assert kit.ssr.timeout == 0.5
    assert kit.ssr.backend == "subprocess"
    assert kit.build.target == ["chrome100", "safari15"]
    assert kit.build.out_dir == Path("out")
    assert kit.build.sourcemap == "inline"
    assert kit.title == "123"
    assert kit.strict_serialization is True
    assert kit.admin is None


def test_djangokit_variable_with_whole_table_as_json(project) -> None:
    environ = {"DJANGOKIT_SSR": '{"workers": 3, "timeout": 9}', "DJANGOKIT_SSR__WORKERS": "6"}
    kit = load(project.root, environ=environ).djangokit
    # Sorted names: DJANGOKIT_SSR applies first, then DJANGOKIT_SSR__WORKERS.
    assert (kit.ssr.workers, kit.ssr.timeout) == (6, 9)


def test_unrelated_djangokit_variables_are_ignored(project) -> None:
    environ = {"DJANGOKIT_PROJECT_ROOT": str(project.root), "DJANGOKIT_DEV_PORT": "8000"}
    assert load(environ=environ).djangokit.package == "mysite"


def test_auto_ssr(project) -> None:
    kit = load(project.root, environ={"DJANGOKIT_SSR__ENABLED": "auto"}).djangokit
    assert kit.ssr.enabled is None
