"""The [djangokit] schema: defaults, validation, docstrings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from djangokit.settings import (
    BuildSettings,
    CacheSettings,
    DjangoKitSettings,
    SSRSettings,
    json_schema,
)

MODELS = [DjangoKitSettings, SSRSettings, BuildSettings, CacheSettings]


def test_defaults() -> None:
    kit = DjangoKitSettings()
    assert (kit.env, kit.package, kit.prefix, kit.admin) == ("development", "", "", "admin/")
    assert kit.strict_serialization is False
    assert kit.ssr == SSRSettings(enabled=None, backend="pool", workers=None, timeout=5.0)
    assert kit.build == BuildSettings(out_dir=Path(".djangokit/build"), target=["es2020"])
    assert kit.cache == CacheSettings(seconds=0, private=True)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("", ""), ("/", ""), ("app", "app/"), ("/app/", "app/"), (" /a/b ", "a/b/")],
)
def test_prefix_is_normalised(given: str, expected: str) -> None:
    assert DjangoKitSettings(prefix=given).prefix == expected


@pytest.mark.parametrize("bad", ["a b", "../up", "a//b", "a?b", "a#b"])
def test_bad_prefix(bad: str) -> None:
    with pytest.raises(ValidationError):
        DjangoKitSettings(prefix=bad)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("admin", "admin/"), ("/site/admin/", "site/admin/"), ("", None), (None, None), (False, None)],
)
def test_admin_path(given: object, expected: str | None) -> None:
    assert DjangoKitSettings(admin=given).admin == expected
    assert DjangoKitSettings(admin=True).admin == "admin/"


@pytest.mark.parametrize(
    "values",
    [
        {"workers": 0},
        {"timeout": 0},
        {"timeout": -1},
        {"max_memory_mb": 1},
        {"max_renders": 0},
        {"backend": "thread"},
        {"backend": "url"},
        {"url": "ftp://x"},
    ],
)
def test_ssr_validation(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SSRSettings(**values)


def test_ssr_backend_may_be_a_dotted_path() -> None:
    assert SSRSettings(backend="mysite.ssr.Renderer").backend == "mysite.ssr.Renderer"
    for bad in ("mysite", "mysite..Renderer", "my-site.Renderer"):
        with pytest.raises(ValidationError, match="dotted path"):
            SSRSettings(backend=bad)


def test_ssr_url_backend() -> None:
    ssr = SSRSettings(backend="url", url="http://renderer:3000")
    assert ssr.url == "http://renderer:3000"
    assert SSRSettings(backend="url", url="unix:/run/ssr.sock").url == "unix:/run/ssr.sock"


def test_build_target() -> None:
    assert BuildSettings(target="es2022").target == ["es2022"]
    assert BuildSettings(target=" chrome100 , safari15").target == ["chrome100", "safari15"]
    with pytest.raises(ValidationError):
        BuildSettings(target=[])


@pytest.mark.parametrize("bad", ["my-site", "1site", "a..b"])
def test_package_must_be_importable(bad: str) -> None:
    with pytest.raises(ValidationError):
        DjangoKitSettings(package=bad)


def test_user_serializer_is_a_dotted_path() -> None:
    assert DjangoKitSettings(user_serializer="a.b").user_serializer == "a.b"
    with pytest.raises(ValidationError):
        DjangoKitSettings(user_serializer="nodots")


def test_models_are_frozen_and_forbid_extra_keys() -> None:
    kit = DjangoKitSettings()
    with pytest.raises(ValidationError):
        kit.prefix = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        SSRSettings(wokers=1)  # type: ignore[call-arg]


@pytest.mark.parametrize("model", MODELS)
def test_every_field_has_a_docstring_in_the_schema(model: type[BaseModel]) -> None:
    for name, field in model.model_fields.items():
        assert field.description, f"{model.__name__}.{name} has no attribute docstring"
    properties = model.model_json_schema()["properties"]
    assert all(prop.get("description") for prop in properties.values())


def test_json_schema() -> None:
    schema = json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(DjangoKitSettings.model_fields)
    workers = schema["$defs"]["SSRSettings"]["properties"]["workers"]
    assert {"type": "integer", "minimum": 1} in workers["anyOf"]
    assert "CPU" in workers["description"]
