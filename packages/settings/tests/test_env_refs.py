"""TOML values of the form { env = "NAME", default = ... }."""

from __future__ import annotations

import pytest

from djangokit.settings import SettingsError, load


def test_djangokit_value_is_typed_by_its_field(project) -> None:
    project.write(
        "settings.toml",
        """
        [djangokit]
        title = { env = "TITLE" }
        [djangokit.ssr]
        workers = { env = "WORKERS" }
        enabled = { env = "SSR_ON" }
        timeout = { env = "TIMEOUT", default = 3 }
        """,
    )
    environ = {"TITLE": "42", "WORKERS": "4", "SSR_ON": "true"}
    kit = load(project.root, environ=environ).djangokit
    assert kit.title == "42"
    assert kit.ssr.workers == 4
    assert kit.ssr.enabled is True
    assert kit.ssr.timeout == 3


def test_default_used_only_when_variable_is_missing(project) -> None:
    project.write("settings.toml", '[djangokit.cache]\nseconds = { env = "S", default = 60 }')
    assert load(project.root, environ={}).djangokit.cache.seconds == 60
    assert load(project.root, environ={"S": "5"}).djangokit.cache.seconds == 5


def test_django_value_is_json_parsed(project) -> None:
    project.write(
        "settings.toml",
        """
        [django]
        ALLOWED_HOSTS = { env = "HOSTS", default = ["localhost"] }
        ITEMS = { env = "ITEMS" }
        WORD = { env = "WORD" }
        SECRET_KEY = { env = "KEY" }
        DATABASES = { default = { ENGINE = "django.db.backends.postgresql", NAME = "app", PASSWORD = { env = "DB_PASSWORD" }, PORT = { env = "DB_PORT", default = 5432 }, HOST = { env = "DB_HOST", default = "" } } }
        """,  # noqa: E501
    )
    environ = {
        "HOSTS": '["a.com"]',
        "ITEMS": "[1, 2]",
        "WORD": "hello",
        "KEY": "1234567890",
        "DB_PASSWORD": "98765",
        "DB_PORT": "6543",
        "DB_HOST": "10",
    }
    settings = load(project.root, environ=environ).django
    assert settings["ALLOWED_HOSTS"] == ["a.com"]
    assert settings["ITEMS"] == [1, 2]
    assert settings["WORD"] == "hello"
    assert settings["SECRET_KEY"] == "1234567890"  # text setting: never JSON-parsed
    default = settings["DATABASES"]["default"]
    assert default["PASSWORD"] == "98765"  # secret-looking key: text
    assert default["PORT"] == 6543
    assert default["HOST"] == "10"  # a text default says the value is text
    assert load(project.root, environ={**environ, "HOSTS": ""}).django["ALLOWED_HOSTS"] == []
    del environ["HOSTS"]
    assert load(project.root, environ=environ).django["ALLOWED_HOSTS"] == ["localhost"]


def test_refs_inside_lists(project) -> None:
    project.write(
        "settings.toml", '[django]\nCSRF_TRUSTED_ORIGINS = [{ env = "ORIGIN" }, "https://b"]'
    )
    settings = load(project.root, environ={"ORIGIN": "https://a"}).django
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://a", "https://b"]


def test_tables_with_other_keys_are_plain_tables(project) -> None:
    project.write("settings.toml", '[django]\nTHING = { env = "X", default = 1, other = 2 }')
    assert load(project.root, environ={}).django["THING"] == {"env": "X", "default": 1, "other": 2}


def test_missing_variable_without_default(project) -> None:
    path = project.write("settings.toml", '[djangokit.ssr]\nworkers = { env = "SSR_WORKERS" }')
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={})
    error = info.value
    assert error.file == str(path)
    assert error.key == "djangokit.ssr.workers"
    assert "SSR_WORKERS" in error.expected
    assert error.found == "it is not set"
    assert "default" in error.hint
    assert str(path) in str(error) and "djangokit.ssr.workers" in str(error)


def test_missing_variable_in_django_table(project) -> None:
    path = project.write(
        "settings.production.toml", '[django]\nSECRET_KEY = { env = "PROD_SECRET_KEY" }'
    )
    with pytest.raises(SettingsError) as info:
        load(project.root, env="production", environ={})
    assert (info.value.file, info.value.key) == (str(path), "django.SECRET_KEY")
    assert "PROD_SECRET_KEY" in str(info.value)


def test_env_must_name_a_variable(project) -> None:
    project.write("settings.toml", "[djangokit]\ntitle = { env = 5 }")
    with pytest.raises(SettingsError, match="name of an environment variable"):
        load(project.root, environ={})


def test_bad_value_from_variable_names_file_and_variable(project) -> None:
    path = project.write("settings.toml", '[djangokit.ssr]\nworkers = { env = "W" }')
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={"W": "many"})
    error = info.value
    assert error.file == f"{path} (via environment variable W)"
    assert error.key == "djangokit.ssr.workers"
    assert error.expected == "a whole number"
    assert "'many'" in error.found
    assert "Set W to a whole number" in error.hint
