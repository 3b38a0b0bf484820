"""Every problem is one SettingsError naming file, key, expectation, finding and fix."""

from __future__ import annotations

import pickle

import pytest

from djangokit.settings import SettingsError, find_project_package, load


def error_for(project, environ=None, **overrides) -> SettingsError:
    with pytest.raises(SettingsError) as info:
        load(project.root, environ=environ or {}, **overrides)
    return info.value


def test_unknown_djangokit_key_suggests_closest(project) -> None:
    path = project.write("settings.toml", "[djangokit]\ntitel = 'x'")
    error = error_for(project)
    assert error.file == str(path)
    assert error.key == "djangokit.titel"
    assert "title" in error.expected
    assert error.found == "an unknown key 'titel'"
    assert error.hint == "Did you mean 'title'?"
    assert str(error).startswith(f"{path}: djangokit.titel: expected a key of [djangokit]")


def test_unknown_nested_key(project) -> None:
    path = project.write("settings.toml", "[djangokit.ssr]\nworker = 2")
    error = error_for(project)
    assert (error.file, error.key) == (str(path), "djangokit.ssr.worker")
    assert "'workers'" in error.hint


def test_unknown_key_from_environment_suggests_variable(project) -> None:
    error = error_for(project, {"DJANGOKIT_BUILD__MINIFI": "true"})
    assert error.file == "environment variable DJANGOKIT_BUILD__MINIFI"
    assert error.key == "djangokit.build.minifi"
    assert error.hint == "Did you mean DJANGOKIT_BUILD__MINIFY?"


def test_django_setting_in_djangokit_table(project) -> None:
    project.write("settings.toml", "[djangokit]\nSTATIC_URL = '/s/'")
    assert "[django] table" in error_for(project).hint


def test_wrong_type_names_file_key_and_types(project) -> None:
    path = project.write("settings.toml", "[djangokit.ssr]\nworkers = 'four'")
    error = error_for(project)
    assert (error.file, error.key) == (str(path), "djangokit.ssr.workers")
    assert error.expected == "a whole number"
    assert error.found == "'four' (a string)"
    assert error.hint == f"Change djangokit.ssr.workers in {path} to a whole number."


def test_wrong_type_from_environment(project) -> None:
    error = error_for(project, {"DJANGOKIT_SSR__TIMEOUT": "soon"})
    assert error.file == "environment variable DJANGOKIT_SSR__TIMEOUT"
    assert error.key == "djangokit.ssr.timeout"
    assert error.expected == "a number"
    assert "DJANGOKIT_SSR__TIMEOUT" in error.hint


def test_wrong_type_is_blamed_on_the_layer_that_set_it(project) -> None:
    project.write("settings.toml", "[djangokit.ssr]\nworkers = 2\ntimeout = 1")
    local = project.write("settings.local.toml", "[djangokit.ssr]\ntimeout = -1")
    error = error_for(project)
    assert (error.file, error.key) == (str(local), "djangokit.ssr.timeout")
    assert error.expected == "a number > 0"


def test_table_expected(project) -> None:
    path = project.write("settings.toml", "[djangokit]\nssr = 4")
    error = error_for(project)
    assert (error.file, error.key, error.expected) == (str(path), "djangokit.ssr", "a table")


def test_union_expectations_are_combined(project) -> None:
    error = error_for(project, {"DJANGOKIT_BUILD__SOURCEMAP": "sometimes"})
    assert error.key == "djangokit.build.sourcemap"
    assert error.expected.startswith("true or false, or one of 'linked'")


def test_every_problem_is_reported_with_its_file_and_key(project) -> None:
    path = project.write("settings.toml", "[djangokit]\nprefix = 1\n[djangokit.ssr]\nworkers = 0")
    error = error_for(project, {"DJANGOKIT_SSR__TIMEOUT": "soon"})
    assert [(p.file, p.key) for p in error.problems] == [
        (str(path), "djangokit.prefix"),
        (str(path), "djangokit.ssr.workers"),
        ("environment variable DJANGOKIT_SSR__TIMEOUT", "djangokit.ssr.timeout"),
    ]
    assert (error.file, error.key) == (str(path), "djangokit.prefix")
    assert str(error).splitlines() == ["3 problems:", *(str(p) for p in error.problems)]
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_unknown_key_is_reported_with_a_missing_package(tmp_path) -> None:
    """Both problems at once: fixing one must not merely reveal the next."""
    path = tmp_path / "settings.toml"
    path.write_text("[djangokit]\ntitel = 'x'\n[django]\nDEBUG = 'maybe'")
    with pytest.raises(SettingsError) as info:
        load(tmp_path, environ={})
    assert [(p.file, p.key) for p in info.value.problems] == [
        (str(tmp_path / "src"), "djangokit.package"),
        (str(path), "djangokit.titel"),
        (str(path), "django.DEBUG"),
    ]
    assert "Did you mean 'title'?" in str(info.value)


def test_error_from_keyword_override(project) -> None:
    error = error_for(project, ssr={"workers": "x"})
    assert error.file == "load() keyword argument ssr"
    assert error.key == "djangokit.ssr.workers"


def test_unknown_lower_case_override(project) -> None:
    error = error_for(project, titel="x")
    assert error.key == "djangokit.titel"
    assert "title" in error.hint
    assert "env=" in error_for(project, djangokit={"env": "x"}).hint


def test_invalid_toml_has_line_and_column(project) -> None:
    path = project.write(
        "settings.toml", "[djangokit]\ntitle = 'ok'\n\n[djangokit.ssr]\nworkers = four\n"
    )
    error = error_for(project)
    assert error.file == str(path)
    assert (error.line, error.column) == (5, 11)
    assert error.key == "djangokit.ssr.workers"
    assert error.expected == "valid TOML"
    assert error.found == "invalid value"
    assert str(error).startswith(f"{path}, line 5, column 11: djangokit.ssr.workers: expected")
    assert "quotes" in error.hint


def test_duplicate_key_in_toml(project) -> None:
    project.write("settings.toml", "[django]\nDEBUG = true\nDEBUG = false\n")
    error = error_for(project)
    assert "only once" in error.hint
    assert error.line == 3


def test_file_that_is_not_utf8(project) -> None:
    (project.root / "settings.toml").write_bytes(b"[django]\nX = '\xff'\n")
    assert error_for(project).expected == "a UTF-8 text file"


def test_unknown_top_level_table(project) -> None:
    path = project.write("settings.toml", "[djangokits]\ntitle = 'x'")
    error = error_for(project)
    assert (error.file, error.key) == (str(path), "djangokits")
    assert error.hint == "Did you mean [djangokit]?"


def test_key_outside_any_table(project) -> None:
    project.write("settings.toml", "title = 'x'\nDEBUG = true")
    assert error_for(project).hint == "Move title under the [djangokit] table."


def test_lower_case_django_setting(project) -> None:
    path = project.write("settings.toml", "[django]\ndebug = true")
    error = error_for(project)
    assert (error.file, error.key) == (str(path), "django.debug")
    assert "DEBUG" in error.hint


def test_djangokit_option_in_django_table(project) -> None:
    project.write("settings.toml", "[django]\nprefix = 'app'")
    assert "[djangokit]" in error_for(project).hint


def test_env_cannot_be_set_in_a_file(project) -> None:
    project.write("settings.toml", "[djangokit]\nenv = 'production'")
    error = error_for(project)
    assert error.key == "djangokit.env"
    assert "DJANGOKIT_ENV" in error.hint


@pytest.mark.parametrize("env", ["local", "Prod", "../x", "a b"])
def test_bad_environment_name(project, env: str) -> None:
    error = error_for(project, {"DJANGOKIT_ENV": env})
    assert error.file == "environment variable DJANGOKIT_ENV"
    assert error.key == "djangokit.env"


def test_wrong_type_of_well_known_django_setting(project) -> None:
    path = project.write("settings.toml", "[django]\nDEBUG = 'maybe'")
    error = error_for(project)
    assert (error.file, error.key, error.expected) == (str(path), "django.DEBUG", "true or false")
    assert "'maybe'" in error.found


def test_secret_values_never_appear(project) -> None:
    project.write(
        "settings.toml",
        '[django]\nSECRET_KEY = ["hunter2hunter2"]\n[djangokit.ssr]\nurl = "ftp://u:hunter2@h"',
    )
    error = error_for(project)
    assert error.key == "djangokit.ssr.url"
    assert "hunter2" not in str(error)
    project.write("settings.toml", '[django]\nSECRET_KEY = ["hunter2hunter2"]')
    error = error_for(project)
    assert error.key == "django.SECRET_KEY"
    assert "hunter2" not in str(error)


def test_missing_project_directory(tmp_path) -> None:
    with pytest.raises(SettingsError, match="no such directory"):
        load(tmp_path / "nope", environ={})


def test_find_project_package(project, tmp_path) -> None:
    assert find_project_package(project.root) == "mysite"
    (project.root / "src" / "not_a_package").mkdir()
    (project.root / "src" / "mysite.egg-info").mkdir()
    assert find_project_package(str(project.root)) == "mysite"
    (project.root / "src" / "other").mkdir()
    (project.root / "src" / "other" / "__init__.py").write_text("")
    with pytest.raises(SettingsError) as info:
        find_project_package(project.root)
    assert info.value.found == "2: mysite, other"
    assert "package =" in info.value.hint
    with pytest.raises(SettingsError, match="found none"):
        find_project_package(tmp_path / "empty")


def test_package_setting_skips_detection(tmp_path) -> None:
    (tmp_path / "settings.toml").write_text("[djangokit]\npackage = 'myapp'")
    assert load(tmp_path, environ={}).django["INSTALLED_APPS"][0] == "myapp"
    with pytest.raises(SettingsError) as info:
        load(tmp_path, environ={}, package="not valid")
    assert info.value.key == "djangokit.package"


def test_error_pickles() -> None:
    error = SettingsError(file="f", key="k", expected="e", found="x", hint="h", line=1, column=2)
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) == "f, line 1, column 2: k: expected e, found x. h"
    assert (copy.line, copy.column) == (1, 2)


def test_missing_key_required_by_a_sibling_blames_the_sibling_source(project) -> None:
    path = project.write("settings.production.toml", '[djangokit.ssr]\nbackend = "url"')
    project.write("settings.toml", "[djangokit.ssr]\nworkers = 2")
    environ = {"SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a.com"}
    error = error_for(project, {**environ, "DJANGOKIT_ENV": "production"}).problems[0]
    assert (error.file, error.key) == (str(path), "djangokit.ssr.url")
    assert 'required when backend = "url"' in error.expected
