"""Each source, and the order in which they apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from djangokit.settings import DjangoKitSettings, load, load_settings


def test_defaults_only(project) -> None:
    loaded = load(project.root, environ={})
    assert loaded.env == "development"
    assert loaded.project_dir == project.root.resolve()
    assert loaded.files == []
    assert loaded.djangokit == DjangoKitSettings(package="mysite")
    assert loaded.django["DJANGOKIT"] is loaded.djangokit


def test_files_apply_in_order(project) -> None:
    project.write("settings.toml", '[django]\nA = 1\nB = 1\nC = 1\n[djangokit]\ntitle = "base"')
    project.write("settings.development.toml", "[django]\nB = 2\nC = 2")
    project.write("settings.local.toml", "[django]\nC = 3")
    loaded = load(project.root, environ={})
    assert [loaded.django[k] for k in "ABC"] == [1, 2, 3]
    assert loaded.djangokit.title == "base"
    assert loaded.files == [
        project.root / "settings.toml",
        project.root / "settings.development.toml",
        project.root / "settings.local.toml",
    ]


def test_env_file_chosen_by_env(project) -> None:
    project.write("settings.development.toml", "[django]\nWHICH = 'development'")
    project.write("settings.test.toml", "[django]\nWHICH = 'test'")
    project.write("settings.staging.toml", "[django]\nWHICH = 'staging'")
    assert load(project.root, environ={}).django["WHICH"] == "development"
    assert load(project.root, environ={"DJANGOKIT_ENV": "test"}).django["WHICH"] == "test"
    deployed = {"SECRET_KEY": "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1", "DJANGO_ALLOWED_HOSTS": "a"}
    staging = load(project.root, env="staging", environ={"DJANGOKIT_ENV": "test", **deployed})
    assert staging.django["WHICH"] == "staging"
    assert staging.env == staging.djangokit.env == "staging"
    assert [p.name for p in staging.files] == ["settings.staging.toml"]


def test_environment_beats_files(project) -> None:
    project.write("settings.local.toml", "[django]\nX = 'file'\n[djangokit.ssr]\nworkers = 2")
    loaded = load(project.root, environ={"DJANGO_X": "env", "DJANGOKIT_SSR__WORKERS": "5"})
    assert loaded.django["X"] == "env"
    assert loaded.djangokit.ssr.workers == 5


def test_overrides_beat_environment(project) -> None:
    environ = {"DJANGO_X": "env", "DJANGOKIT_SSR__WORKERS": "5", "DJANGOKIT_TITLE": "env"}
    loaded = load(project.root, environ=environ, X="kw", ssr={"workers": 9}, title="kw")
    assert loaded.django["X"] == "kw"
    assert loaded.djangokit.ssr.workers == 9
    assert loaded.djangokit.title == "kw"


def test_djangokit_override_table(project) -> None:
    loaded = load(project.root, environ={}, djangokit={"prefix": "x", "cache": {"seconds": 5}})
    assert loaded.djangokit.prefix == "x/"
    assert loaded.djangokit.cache.seconds == 5


def test_override_dicts_are_not_mutated(project) -> None:
    table = {"ssr": {"workers": 2}}
    databases = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    loaded = load(project.root, environ={}, djangokit=table, DATABASES=databases)
    loaded.django["DATABASES"]["extra"] = {}
    loaded.django["DATABASES"]["default"]["ATOMIC_REQUESTS"] = False  # as Django does
    assert table == {"ssr": {"workers": 2}}
    assert databases == {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}


def test_load_settings_returns_the_django_dict(project) -> None:
    project.write("settings.toml", "[django]\nTIME_ZONE = 'Europe/Paris'")
    settings = load_settings(project.root, environ={}, LANGUAGE_CODE="fr")
    assert settings["TIME_ZONE"] == "Europe/Paris"
    assert settings["LANGUAGE_CODE"] == "fr"
    assert settings == load(project.root, environ={}, LANGUAGE_CODE="fr").django


def test_reads_os_environ_by_default(project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGOKIT_ENV", "test")
    monkeypatch.setenv("DJANGO_FROM_OS", '{"a": 1}')
    monkeypatch.setenv("DJANGOKIT_SSR__TIMEOUT", "1.5")
    loaded = load(project.root)
    assert loaded.env == "test"
    assert loaded.django["FROM_OS"] == {"a": 1}
    assert loaded.djangokit.ssr.timeout == 1.5


def test_project_dir_from_environment_then_cwd(project, monkeypatch, tmp_path: Path) -> None:
    assert load(environ={"DJANGOKIT_PROJECT_ROOT": str(project.root)}).project_dir == project.root
    monkeypatch.chdir(project.root / "src")
    monkeypatch.setenv("DJANGOKIT_PROJECT_ROOT", str(project.root))
    assert load().project_dir == project.root
    monkeypatch.delenv("DJANGOKIT_PROJECT_ROOT")
    monkeypatch.chdir(project.root)
    assert load().django["BASE_DIR"] == project.root


def test_project_dir_accepts_strings_and_relative_paths(project, monkeypatch) -> None:
    monkeypatch.chdir(project.root.parent)
    loaded = load(project.root.name, environ={})
    assert loaded.project_dir == project.root
    assert loaded.project_dir.is_absolute()
