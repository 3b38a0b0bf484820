"""A misspelt Django setting loads (apps have settings of their own) but warns, naming the
file and key and the setting Django knows: Django itself would ignore it silently."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
import warnings

import pytest

from djangokit.settings import SettingsError, SettingsWarning, load

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("django") is None, reason="the names come from Django's own list"
)


def test_misspelt_setting_in_a_file_warns_with_did_you_mean(project) -> None:
    path = project.write("settings.toml", "[django]\nSESSION_COOKIE_SECUR = true\n")
    with pytest.warns(SettingsWarning, match="Did you mean SESSION_COOKIE_SECURE?") as caught:
        loaded = load(project.root, environ={})
    [warning] = loaded.warnings
    assert (warning.file, warning.key, warning.suggestion) == (
        str(path),
        "django.SESSION_COOKIE_SECUR",
        "SESSION_COOKIE_SECURE",
    )
    assert str(warning) == (
        f"{path}: django.SESSION_COOKIE_SECUR: SESSION_COOKIE_SECUR is not a Django setting, "
        "so Django ignores it. Did you mean SESSION_COOKIE_SECURE?"
    )
    assert [w.message for w in caught] == [warning]
    assert loaded.django["SESSION_COOKIE_SECUR"] is True  # still passed on, as Django would


def test_misspelt_setting_from_the_environment(project) -> None:
    with pytest.warns(SettingsWarning) as caught:
        load(project.root, environ={"DJANGO_INSTALED_APPS": "x"})
    [warning] = [w.message for w in caught]
    assert isinstance(warning, SettingsWarning)
    assert warning.file == "environment variable DJANGO_INSTALED_APPS"
    assert warning.suggestion == "INSTALLED_APPS"


def test_the_warning_comes_before_the_error_it_explains(project) -> None:
    project.write("settings.production.toml", '[django]\nALLOWED_HOST = ["a.com"]\n')
    environ = {"DJANGOKIT_ENV": "production", "SECRET_KEY": "k" * 30 + "Zq8-xP2_vL9mN4bT7cR1"}
    with (
        pytest.warns(SettingsWarning, match="Did you mean ALLOWED_HOSTS"),
        pytest.raises(SettingsError, match="ALLOWED_HOSTS"),
    ):
        load(project.root, environ=environ)


@pytest.mark.parametrize(
    "line",
    [
        'CORS_ALLOWED_ORIGINS = ["https://a.com"]',
        'CELERY_BROKER_URL = "redis://localhost"',
        "REST_FRAMEWORK = {}",
        "CSRF_COOKIE_MASKED = true",
        'EXTRA_INSTALLED_APPS = ["x"]',
        "SESSION_COOKIE_SECURE = true",
    ],
)
def test_other_names_do_not_warn(project, line: str) -> None:
    project.write("settings.toml", f"[django]\n{line}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load(project.root, environ={}).warnings == ()


def test_django_is_not_imported(project) -> None:
    """The names are read from Django's source: loading still never imports Django."""
    project.write("settings.toml", "[django]\nDEBUGG = true\n")
    script = textwrap.dedent(
        f"""
        import sys, warnings
        from djangokit.settings import load
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            load({str(project.root)!r}, environ={{}})
        assert [str(w.message.suggestion) for w in caught] == ["DEBUG"], caught
        assert "django" not in sys.modules, "django was imported"
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
