"""Deployed environments (production, and any but development and test) refuse insecure
settings."""

from __future__ import annotations

import pytest

from djangokit.settings import SettingsError, load

GOOD_KEY = "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1"
SAFE = {"DJANGOKIT_ENV": "production", "SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "a.com"}


@pytest.fixture(autouse=True)
def production_file(project) -> None:
    """Every deployed environment has its settings file (`dk new` writes this one)."""
    project.write("settings.production.toml", "")


def refused(project, **environ: str) -> SettingsError:
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={**SAFE, **environ})
    assert GOOD_KEY not in str(info.value)
    return info.value


def test_safe_production_settings_load(project) -> None:
    settings = load(project.root, environ=SAFE).django
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == GOOD_KEY
    assert settings["ALLOWED_HOSTS"] == ["a.com"]


def test_missing_secret_key(project) -> None:
    error = refused(project, SECRET_KEY="")
    assert error.key == "django.SECRET_KEY"
    assert error.file == "the production environment"
    assert error.found == "no SECRET_KEY"
    assert "SECRET_KEY environment variable" in error.hint
    assert "settings.production.toml" in error.hint


@pytest.mark.parametrize(
    ("key", "found"),
    [
        ("django-insecure-" + "x" * 50, "an insecure development key"),
        ("short-but-random-Zq8", "a key of only 20 characters"),
        # Random-looking but shorter than Django's check --deploy asks (security.W009).
        ("k8Jd-2mQp_9xLw4Zr7Tn1vBc6Hy3Fs0GaEi5Uo8Nq2Wm", "a key of only 44 characters"),
        # Long enough but weak: few distinct characters, as Django's check counts them.
        ("a" * 40, "a key of only 1 distinct character"),
        ("ab" * 40, "a key of only 2 distinct characters"),
    ],
)
def test_insecure_secret_key(project, key: str, found: str) -> None:
    error = refused(project, SECRET_KEY=key)
    assert (error.file, error.found) == ("environment variable SECRET_KEY", found)
    assert key not in str(error)


def test_development_default_key_is_refused_even_when_set_explicitly(project) -> None:
    from djangokit.settings._conventions import INSECURE_SECRET_KEY

    path = project.write("settings.toml", f"[django]\nSECRET_KEY = '{INSECURE_SECRET_KEY}'")
    error = refused(project, SECRET_KEY="")
    assert (error.file, error.found) == (str(path), "an insecure development key")
    assert INSECURE_SECRET_KEY not in str(error)


def test_debug_true(project) -> None:
    path = project.write("settings.production.toml", "[django]\nDEBUG = true")
    error = refused(project)
    assert (error.file, error.key, error.found) == (str(path), "django.DEBUG", "DEBUG = true")
    assert f"remove it from {path}" in error.hint
    assert "unset DJANGO_DEBUG" in refused(project, DJANGO_DEBUG="1").hint


def test_empty_allowed_hosts(project) -> None:
    error = refused(project, DJANGO_ALLOWED_HOSTS="[]")
    assert (error.key, error.file) == (
        "django.ALLOWED_HOSTS",
        "environment variable DJANGO_ALLOWED_HOSTS",
    )
    assert "DJANGO_ALLOWED_HOSTS" in error.hint
    environ = {k: v for k, v in SAFE.items() if k != "DJANGO_ALLOWED_HOSTS"}
    with pytest.raises(SettingsError, match="ALLOWED_HOSTS"):
        load(project.root, environ=environ)


def test_several_problems_are_all_named(project) -> None:
    error = refused(project, SECRET_KEY="", DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS="")
    assert error.key == "django.SECRET_KEY"
    assert [(p.file, p.key) for p in error.problems] == [
        ("the production environment", "django.SECRET_KEY"),
        ("environment variable DJANGO_DEBUG", "django.DEBUG"),
        ("environment variable DJANGO_ALLOWED_HOSTS", "django.ALLOWED_HOSTS"),
    ]
    assert str(error).splitlines() == ["3 problems:", *(str(p) for p in error.problems)]


def test_development_and_test_are_not_checked(project) -> None:
    for env in ("development", "test", "dev"):
        settings = load(project.root, environ={"DJANGOKIT_ENV": env}).django
        assert settings["SECRET_KEY"].startswith("django-insecure-")


def test_any_other_environment_is_checked_like_production(project) -> None:
    path = project.write("settings.staging.toml", "[django]\nDEBUG = true")
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={"DJANGOKIT_ENV": "staging"})
    problems = [(p.file, p.key) for p in info.value.problems]
    assert problems == [
        ("the staging environment", "django.SECRET_KEY"),
        (str(path), "django.DEBUG"),
        ("the staging environment", "django.ALLOWED_HOSTS"),
    ]
    assert "django-insecure" not in str(info.value)
    assert "settings.staging.toml" in info.value.hint
