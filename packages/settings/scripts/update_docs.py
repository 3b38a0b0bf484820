"""Regenerate the option tables in docs/settings.md from the DjangoKitSettings schema.

Run from anywhere: ``python packages/settings/scripts/update_docs.py``.
A test (tests/test_docs.py) fails when the tables are out of date.
"""

from __future__ import annotations

import re
from pathlib import Path

from djangokit.settings._schema import fields_markdown

DOCS = Path(__file__).resolve().parents[3] / "docs" / "settings.md"
BLOCK = re.compile(r"(<!-- fields:start -->\n).*?(<!-- fields:end -->)", re.DOTALL)


def main() -> None:
    text = DOCS.read_text(encoding="utf-8")
    if not BLOCK.search(text):
        raise SystemExit(f"{DOCS}: no <!-- fields:start --> ... <!-- fields:end --> block")
    updated = BLOCK.sub(lambda m: m[1] + "\n" + fields_markdown() + "\n" + m[2], text)
    DOCS.write_text(updated, encoding="utf-8")
    print(f"updated {DOCS}")


if __name__ == "__main__":
    main()
