"""`dk settings` as a user runs it: the installed `dk` script, in a project directory."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from djangokit.cli import __version__

DK = shutil.which("dk", path=os.path.dirname(sys.executable)) or "dk"


def run_dk(*args: str, cwd: pathlib.Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET"))}
    environ.update(env)
    return subprocess.run(
        [DK, *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "src" / "mysite").mkdir(parents=True)
    (tmp_path / "src" / "mysite" / "__init__.py").write_text("")
    (tmp_path / "settings.toml").write_text(
        '[django]\nTIME_ZONE = "Europe/Paris"\n\n[djangokit]\ntitle = "My site"\n'
    )
    return tmp_path


def test_version(project: pathlib.Path) -> None:
    result = run_dk("--version", cwd=project)
    assert result.returncode == 0
    assert result.stdout.strip() == f"dk, version {__version__}"


def test_settings_json_shows_layers_and_masks_secrets(project: pathlib.Path) -> None:
    secret = "s3cr3t-value-that-is-long-enough-for-production-use"
    result = run_dk(
        "settings",
        "--json",
        cwd=project,
        SECRET_KEY=secret,
        DATABASE_URL="postgres://alice:hunter2@127.0.0.1:5432/test",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["TIME_ZONE"] == "Europe/Paris"
    assert shown["DJANGOKIT"]["title"] == "My site"
    assert shown["DATABASES"]["default"]["NAME"] == "test"
    assert secret not in result.stdout
    assert "hunter2" not in result.stdout


def test_settings_listing_names_env_and_files(project: pathlib.Path) -> None:
    (project / "settings.test.toml").write_text("[django]\nTIME_ZONE = 'UTC'\n")
    result = run_dk("--env", "test", "settings", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# env: test; files: ")
    assert "settings.test.toml" in result.stdout.splitlines()[0]
    assert 'TIME_ZONE = "UTC"' in result.stdout.splitlines()


def test_settings_env_option_overrides_environment(project: pathlib.Path) -> None:
    (project / "settings.production.toml").write_text("[django]\nDEBUG = true\n")
    result = run_dk("settings", "--env", "production", cwd=project, DJANGOKIT_ENV="development")
    assert result.returncode == 1
    assert "DEBUG" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_settings_file_is_one_clear_error(project: pathlib.Path) -> None:
    (project / "settings.toml").write_text("[djangokit]\ntitel = 'typo'\n")
    result = run_dk("settings", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert "settings.toml" in result.stderr
    assert "title" in result.stderr  # the suggestion for the typo
    assert "Traceback" not in result.stderr


def test_project_root_option(
    project: pathlib.Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = run_dk("--project-root", str(project), "settings", "--json", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["TIME_ZONE"] == "Europe/Paris"


def test_misspelt_django_setting_is_one_warning_line(project: pathlib.Path) -> None:
    path = project / "settings.toml"
    path.write_text("[django]\nSESSION_COOKIE_SECUR = true\n")
    result = run_dk("settings", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"Warning: {path}: django.SESSION_COOKIE_SECUR: SESSION_COOKIE_SECUR is not a Django "
        "setting, so Django ignores it. Did you mean SESSION_COOKIE_SECURE?"
    ]
    assert "SESSION_COOKIE_SECUR = true" in result.stdout.splitlines()


@pytest.mark.parametrize("as_json", [False, True])
def test_settings_masks_every_kind_of_secret(project: pathlib.Path, as_json: bool) -> None:
    (project / "settings.toml").write_text(
        "[django]\n"
        'EMAIL_PASS = "hunter2-email"\n'
        'LDAP_BIND_PWD = "hunter2-ldap"\n'
        'SAML_SP_PRIVATE = "hunter2-saml"\n'
        'JWT_SIGNING = """-----BEGIN EC PRIVATE KEY-----\nhunter2-pem\n'
        '-----END EC PRIVATE KEY-----"""\n'
        'REPORTS_DSN = "host=db user=app password=hunter2-dsn"\n'
        'CACHES = { default = { BACKEND = "django.core.cache.backends.redis.RedisCache", '
        'LOCATION = ["redis://:hunter2-cache@cache:6379/0"] } }\n'
    )
    args = ("settings", "--json") if as_json else ("settings",)
    result = run_dk(
        *args,
        cwd=project,
        DATABASE_URL="postgres://app:hunter2@db@127.0.0.1:5432/app",
        DJANGO_WEBHOOK_SIGNATURE="hunter2-webhook",
    )
    assert result.returncode == 0, result.stderr
    assert "hunter2" not in result.stdout
    assert "redis://:********@cache:6379/0" in result.stdout
    assert "password=********" in result.stdout
