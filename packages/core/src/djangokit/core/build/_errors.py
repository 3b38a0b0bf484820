"""What a failed build reports: one message per problem, each naming its file and position,
with the source line it points at when esbuild gave one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from traceback import extract_tb
from typing import Any

__all__ = ["BuildError", "BuildMessage"]


@dataclass(frozen=True)
class BuildMessage:
    """One error or warning: ``file`` relative to the project directory, ``line`` and
    ``column`` counted from 1; any of them ``None`` when the problem has no position.
    ``line_text`` is the source line itself, for :attr:`code_frame`."""

    text: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    line_text: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return f"{where}: {self.text}" if where else self.text

    @property
    def code_frame(self) -> str | None:
        """The source line with a caret under the column, or ``None`` without one:

        ```text
          3 |   return <p>oops</p>
            |                     ^
        ```
        """
        if self.line_text is None or self.line is None:
            return None
        number = str(self.line)
        frame = f"  {number} | {self.line_text.rstrip()}"
        if self.column is not None:
            # Tabs stay tabs, so that the caret lines up however wide the reader shows them.
            indent = "".join(c if c == "\t" else " " for c in self.line_text[: self.column - 1])
            frame += f"\n  {' ' * len(number)} | {indent}^"
        return frame

    def report(self) -> str:
        """``str(message)``, then its :attr:`code_frame` when it has one."""
        frame = self.code_frame
        return f"{self}\n{frame}" if frame else str(self)

    @classmethod
    def from_esbuild(cls, message: Mapping[str, Any]) -> BuildMessage:
        """A message of esbuild's (``{"text", "location": {"file", "line", "column"}}``,
        columns from 0), with its notes appended to the text."""
        text = str(message.get("text", ""))
        plugin = message.get("pluginName")
        if plugin:
            text = f"[{plugin}] {text}"
        notes = [str(n.get("text", "")) for n in message.get("notes") or () if n.get("text")]
        if notes:
            text = "\n".join([text, *notes])
        location = message.get("location") or {}
        line, column = location.get("line"), location.get("column")
        line_text = location.get("lineText")
        return cls(
            text=text,
            file=location.get("file") or None,
            line=line if isinstance(line, int) else None,
            column=column + 1 if isinstance(column, int) else None,
            line_text=line_text if isinstance(line_text, str) and line_text.strip() else None,
        )

    @classmethod
    def from_exception(cls, exc: BaseException, project_dir: Path | None = None) -> BuildMessage:
        """A Python error as one message at the line that raised it: a ``SyntaxError``'s own
        position, else the innermost traceback frame below *project_dir* (the project's
        code, not Django's), else the innermost one.

        ```text
        src/mysite/routes/handlers.py:3: NameError: name 'oops' is not defined
          3 |     return {"n": oops}
        ```
        """
        text = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
            line_text = exc.text if isinstance(exc.text, str) and exc.text.strip() else None
            return cls(
                f"{type(exc).__name__}: {exc.msg}",
                exc.filename,
                exc.lineno,
                exc.offset if line_text and exc.offset else None,
                line_text.rstrip("\n") if line_text else None,
            )
        frames = list(extract_tb(exc.__traceback__))
        if project_dir is not None:
            inside = [f for f in frames if _below(f.filename, project_dir)]
            frames = inside or frames
        if not frames:
            return cls(text)
        frame = frames[-1]
        return cls(text, frame.filename, frame.lineno, None, frame.line or None)


def _below(file: str, directory: Path) -> bool:
    try:
        Path(file).resolve().relative_to(directory.resolve())
    except (ValueError, OSError):
        return False
    return "site-packages" not in Path(file).parts and ".venv" not in Path(file).parts


class BuildError(Exception):
    """The build failed; ``messages`` says where and why, one :class:`BuildMessage` each.

    ```python
    try:
        build()
    except BuildError as exc:
        print(exc.report())  # file:line:column: text, and the source line
        for message in exc.messages:
            print(message.file, message.line, message.column, message.text)
    ```
    """

    def __init__(self, messages: Iterable[BuildMessage | str]) -> None:
        self.messages: tuple[BuildMessage, ...] = tuple(
            m if isinstance(m, BuildMessage) else BuildMessage(m) for m in messages
        )
        super().__init__("\n".join(str(m) for m in self.messages) or "The build failed.")

    def report(self) -> str:
        """Every message with the source line it points at (what `dk dev` shows):

        ```text
        src/mysite/routes/page.tsx:2:22: Expected ";" but found "oops"
          2 |   return <p>Home</p> oops;
            |                      ^
        ```
        """
        return "\n".join(m.report() for m in self.messages) or str(self)

    def relative_to(self, project_dir: Path) -> BuildError:
        """The same error with absolute file names below *project_dir* made relative."""

        def rel(message: BuildMessage) -> BuildMessage:
            if message.file is None or not Path(message.file).is_absolute():
                return message
            try:
                return replace(message, file=Path(message.file).relative_to(project_dir).as_posix())
            except ValueError:
                return message

        return BuildError(rel(m) for m in self.messages)
