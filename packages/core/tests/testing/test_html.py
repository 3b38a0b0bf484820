"""Reading a document: the root's markup (nested and self-closed elements), the route data,
the title and the text a reader sees."""

from __future__ import annotations

from djangokit.core.testing import visible_text
from djangokit.core.testing._html import parse_document

DOCUMENT = """<!doctype html><html><head><title>Notes &amp; more</title></head><body>
<div id="djangokit-root"><form><input type="hidden" name="t"/><input name="text"><br>
<div><p>Welcome to <!-- -->Notes</p></div></form><ul><li>a <b>b</b></li></ul></div>
<script type="application/json" id="djangokit-data">{"note": "\\u003c/script>"}</script>
</body></html>"""


def test_the_root_markup_data_and_title() -> None:
    parts = parse_document(DOCUMENT)
    assert parts.markup.startswith('<form><input type="hidden" name="t"/>')
    assert parts.markup.endswith("<ul><li>a <b>b</b></li></ul>")
    assert parts.data == {"note": "</script>"}
    assert parts.title == "Notes & more"


def test_visible_text() -> None:
    assert visible_text(parse_document(DOCUMENT).markup) == "Welcome to Notes a b"
    assert visible_text("<h1>Hi <b>you</b>!</h1><p>x&amp;y</p>") == "Hi you! x&y"
