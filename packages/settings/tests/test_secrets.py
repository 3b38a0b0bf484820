"""mask_secrets: safe to print, safe to JSON-dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from djangokit.settings import DjangoKitSettings, load, mask_secrets

M = "********"


@pytest.mark.parametrize(
    "key",
    [
        "SECRET_KEY",
        "SECRET_KEY_FALLBACKS",
        "PASSWORD",
        "EMAIL_HOST_PASSWORD",
        "DB_PASSWD",
        "GITHUB_TOKEN",
        "accessToken",
        "STRIPE_API_KEY",
        "apiKey",
        "APIKEY",
        "AWS_SECRET_ACCESS_KEY",
        "private-key",
        "key",
        "CREDENTIALS",
        # Short password names, private keys and signing secrets.
        "DB_PWD",
        "pwd",
        "EMAIL_PASS",
        "SMTP_PASS",
        "PASS",
        "DB_PW",
        "JWT_PRIVATE_PEM",
        "privateKey",
        "SAML_SP_PRIVATE",
        "WEBHOOK_SIGNATURE",
        "SIGNATURE_SECRET",
    ],
)
def test_secret_keys_are_masked(key: str) -> None:
    assert mask_secrets({key: "s3cr3t"}) == {key: M}


@pytest.mark.parametrize(
    "key",
    [
        "DEBUG",
        "PASSWORD_HASHERS",
        "AUTH_PASSWORD_VALIDATORS",
        "KEY_PREFIX",
        "ALLOWED_HOSTS",
        "BYPASS_CACHE",
        "COMPASS_URL",
        "AWS_S3_SIGNATURE_VERSION",
    ],
)
def test_other_keys_are_kept(key: str) -> None:
    assert mask_secrets({key: ["x"]}) == {key: ["x"]}


def test_nested_values_and_empty_secrets() -> None:
    settings = {
        "DATABASES": {"default": {"PASSWORD": "pw", "USER": "app"}, "other": {"PASSWORD": ""}},
        "SECRET_KEY_FALLBACKS": [],
        "LIST": [{"token": "t"}, ("a", "b")],
    }
    assert mask_secrets(settings) == {
        "DATABASES": {"default": {"PASSWORD": M, "USER": "app"}, "other": {"PASSWORD": ""}},
        "SECRET_KEY_FALLBACKS": [],
        "LIST": [{"token": M}, ["a", "b"]],
    }


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgres://user:pass@host:5432/db", f"postgres://user:{M}@host:5432/db"),
        ("redis://:pass@cache:6379/0", f"redis://:{M}@cache:6379/0"),
        ("https://host/path?token=abc&page=2", f"https://host/path?token={M}&page=2"),
        ("postgres://user@host/db", "postgres://user@host/db"),
        ("see http://a.b/c", "see http://a.b/c"),
        ("not a url: x@y", "not a url: x@y"),
    ],
)
def test_credentials_in_urls(url: str, masked: str) -> None:
    assert mask_secrets({"URL": url, "DEEP": {"x": [url]}}) == {
        "URL": masked,
        "DEEP": {"x": [masked]},
    }


def test_flags_are_shown_even_under_secret_looking_names() -> None:
    """True/false is no secret, and [djangokit.cache] private is a flag."""
    kit = DjangoKitSettings(cache={"private": False})
    masked = mask_secrets({"DJANGOKIT": kit, "USE_PRIVATE_API": True, "X_TOKEN": False})
    assert masked["DJANGOKIT"]["cache"]["private"] is False
    assert (masked["USE_PRIVATE_API"], masked["X_TOKEN"]) == (True, False)


PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAhunter2\n-----END RSA PRIVATE KEY-----\n"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # A private key, whatever the setting is called.
        (PEM, f"{M}\n"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1hunter2", M),
        ("-----BEGIN CERTIFICATE-----\nMIIB-----END CERTIFICATE-----", None),  # public
        # Passwords in key=value connection strings (libpq, ODBC).
        (
            "dbname=app user=app password=hunter2 host=db",
            f"dbname=app user=app password={M} host=db",
        ),
        ("host=db password='hunter 2' user=u", f"host=db password={M} user=u"),
        ("Server=db;Uid=app;Pwd=hunter2;", f"Server=db;Uid=app;Pwd={M};"),
        ("DRIVER={X};PASSWORD={hunter2};", f"DRIVER={{X}};PASSWORD={M};"),
        # An @ inside a URL's password; several hosts; AMQP's empty vhost.
        ("redis://user:hunt@r2@cache:6379/0", f"redis://user:{M}@cache:6379/0"),
        ("postgresql://u:hunter2@h1,h2/db", f"postgresql://u:{M}@h1,h2/db"),
        ("amqp://guest:hunter2@localhost//", f"amqp://guest:{M}@localhost//"),
        ("http://host:8080/path?x=1", None),
        ("keep=this user=u", None),
    ],
)
def test_secrets_inside_any_value(text: str, masked: str | None) -> None:
    expected = text if masked is None else masked
    assert mask_secrets({"VALUE": text, "DEEP": {"LOCATION": [text]}}) == {
        "VALUE": expected,
        "DEEP": {"LOCATION": [expected]},
    }


def test_json_safe_and_copy() -> None:
    kit = DjangoKitSettings(ssr={"backend": "url", "url": "http://u:pw@renderer"})
    settings = {
        "BASE_DIR": Path("/srv/app"),
        "DJANGOKIT": kit,
        "TAGS": {"b", "a"},
        "OBJ": object(),
        3: "int key",
    }
    masked = mask_secrets(settings)  # type: ignore[arg-type]
    json.dumps(masked)
    assert masked["BASE_DIR"] == "/srv/app"
    assert masked["DJANGOKIT"]["ssr"]["url"] == f"http://u:{M}@renderer"
    assert masked["DJANGOKIT"]["build"]["out_dir"] == ".djangokit/build"
    assert masked["TAGS"] == ["a", "b"]
    assert masked["3"] == "int key"
    assert settings["BASE_DIR"] == Path("/srv/app")  # the input is untouched


def test_loaded_settings_mask_cleanly(project) -> None:
    environ = {"DATABASE_URL": "postgres://app:hunter2@db/app", "SECRET_KEY": "hunter2" * 6}
    text = json.dumps(mask_secrets(load(project.root, environ=environ).django))
    assert "hunter2" not in text
    assert '"PASSWORD": "********"' in text
