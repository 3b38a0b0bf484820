"""Reading a DjangoKit document as a test does: the root's markup, the route data, the text."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import Any

__all__ = ["DocumentParts", "parse_document", "visible_text"]

ROOT_ID = "djangokit-root"
DATA_ID = "djangokit-data"
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Inline elements and comments (React writes `<!-- -->` between text parts) join their
# neighbours; any other tag separates words.
_JOINING = re.compile(
    r"<!--.*?-->|</?(?:a|abbr|b|cite|code|em|i|kbd|label|mark|q|s|small|span|strong|sub|sup"
    r"|time|u|var)\b[^>]*>",
    re.S | re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class DocumentParts(HTMLParser):
    """One pass over a document: ``markup`` (the inner HTML of ``#djangokit-root``), ``data``
    (the ``#djangokit-data`` JSON, as the runtime parses it) and ``title``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = ""
        self.data: Any = None
        self.title: str | None = None
        self._source = ""
        self._depth = 0  # open elements inside the root, the root itself included
        self._start = 0
        self._in: str | None = None  # "title" or "data" while inside that element
        self._text: list[str] = []

    def feed_document(self, source: str) -> None:
        self._source = source
        self._lines = [0]
        for line in source.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self.feed(source)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._depth:
            if tag not in _VOID:
                self._depth += 1
        elif found.get("id") == ROOT_ID:
            self._depth = 1
            self._start = self._offset() + len(self.get_starttag_text() or "")
        elif tag == "script" and found.get("id") == DATA_ID:
            self._in, self._text = "data", []
        elif tag == "title" and self.title is None:
            self._in, self._text = "title", []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<input/>`: opens and closes nothing (HTMLParser would call both handlers).
        if not self._depth:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag in _VOID:
            return
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.markup = self._source[self._start : self._offset()]
        elif self._in == "data" and tag == "script":
            self.data = json.loads("".join(self._text))
            self._in = None
        elif self._in == "title" and tag == "title":
            self.title = html.unescape("".join(self._text)).strip()
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def parse_document(source: str) -> DocumentParts:
    """The parts of the document *source*."""
    parts = DocumentParts()
    parts.feed_document(source)
    return parts


def visible_text(markup: str) -> str:
    """*markup* without its tags, entities decoded, whitespace collapsed: what a reader sees.

    ```python
    visible_text("<h1>Hi <b>you</b>!</h1><p>Welcome to <!-- -->Mysite</p>")
    # "Hi you! Welcome to Mysite"
    ```
    """
    text = _TAG.sub(" ", _JOINING.sub("", markup))
    return _SPACE.sub(" ", html.unescape(text)).strip()
