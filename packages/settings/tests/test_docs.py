"""docs/settings.md documents every option, and its generated tables are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from djangokit.settings import DjangoKitSettings
from djangokit.settings._schema import fields_markdown

DOCS = Path(__file__).resolve().parents[3] / "docs" / "settings.md"
BLOCK = re.compile(r"<!-- fields:start -->\n(.*?)<!-- fields:end -->", re.DOTALL)

pytestmark = pytest.mark.skipif(not DOCS.is_file(), reason="docs/ is not beside this package")


def test_generated_tables_are_current() -> None:
    match = BLOCK.search(DOCS.read_text(encoding="utf-8"))
    assert match, "docs/settings.md lost its <!-- fields:start/end --> markers"
    assert match[1].strip() == fields_markdown().strip(), (
        "docs/settings.md is out of date: run python packages/settings/scripts/update_docs.py"
    )


def test_every_option_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name, field in DjangoKitSettings.model_fields.items():
        assert f"| `{name}` |" in text, name
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            assert f"`[djangokit.{name}]`" in text
            for sub in annotation.model_fields:
                assert f"| `{sub}` |" in text, f"{name}.{sub}"


def test_documents_every_environment_variable() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in (
        "DJANGOKIT_ENV",
        "DJANGOKIT_PROJECT_ROOT",
        "DATABASE_URL",
        "CACHE_URL",
        "REDIS_URL",
    ):
        assert f"`{name}`" in text
