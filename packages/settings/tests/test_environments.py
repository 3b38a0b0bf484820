"""Which environments a project has: development and test always, any other only with its own
settings file, so a typo never runs a deployed site with development settings."""

from __future__ import annotations

import pytest

from djangokit.settings import SettingsError, load

DEPLOYED = {"SECRET_KEY": "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1", "DJANGO_ALLOWED_HOSTS": "a.com"}


@pytest.mark.parametrize("env", ["prodution", "staging", "production"])
def test_an_environment_without_its_file_is_refused(project, env: str) -> None:
    project.write("settings.production.toml" if env != "production" else "settings.x.toml", "")
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={"DJANGOKIT_ENV": env, **DEPLOYED})
    error = info.value
    assert (error.file, error.key) == ("environment variable DJANGOKIT_ENV", "djangokit.env")
    assert f"settings.{env}.toml" in error.found
    existing = "development, production, test" if env != "production" else "development, test, x"
    assert f"an environment of this project: {existing}" in error.expected
    assert "django-insecure" not in str(error)


def test_development_and_test_need_no_file(project) -> None:
    assert load(project.root, environ={}).env == "development"
    assert load(project.root, env="test", environ={}).env == "test"


@pytest.mark.parametrize(("alias", "env"), [("dev", "development"), ("prod", "production")])
def test_dev_and_prod_are_aliases(project, alias: str, env: str) -> None:
    project.write(f"settings.{env}.toml", "[django]\nWHICH = 'mine'")
    loaded = load(project.root, environ={"DJANGOKIT_ENV": alias, **DEPLOYED})
    assert loaded.env == loaded.djangokit.env == env
    assert loaded.django["WHICH"] == "mine"
    assert [path.name for path in loaded.files] == [f"settings.{env}.toml"]
    assert load(project.root, env=alias, environ=DEPLOYED).env == env


def test_prod_alias_gets_the_production_checks(project) -> None:
    project.write("settings.production.toml", "")
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={"DJANGOKIT_ENV": "prod"})
    assert info.value.key == "django.SECRET_KEY"
    assert info.value.file == "the production environment"


def test_an_error_names_the_alias_it_came_through(project) -> None:
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={"DJANGOKIT_ENV": "prod"})
    assert info.value.file == (
        "environment variable DJANGOKIT_ENV ('prod', an alias of 'production')"
    )
    assert "settings.production.toml" in info.value.found


def test_a_file_named_after_an_alias_is_refused(project) -> None:
    """settings.prod.toml would never be read: say so rather than ignore it."""
    project.write("settings.production.toml", "")
    stray = project.write("settings.prod.toml", "[django]\nDEBUG = false")
    with pytest.raises(SettingsError) as info:
        load(project.root, environ={"DJANGOKIT_ENV": "prod", **DEPLOYED})
    assert (info.value.file, info.value.key) == (str(stray), "djangokit.env")
    assert "Rename it to settings.production.toml" in info.value.hint
