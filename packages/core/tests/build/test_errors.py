"""What a failed build says: one message per problem, naming the file, position and fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from djangokit.core.build import BuildError, BuildMessage, _esbuild

from .conftest import Project

PAGE = "export default function Home() {\n  return <p>Home</p>;\n}\n"


def failure(project: Project) -> BuildError:
    with pytest.raises(BuildError) as caught:
        project.build()
    return caught.value


def test_a_syntax_error(make_project: Any, node_modules: Path) -> None:
    project = make_project(
        {
            "page.tsx": PAGE,
            "broken/page.tsx": "export default function Broken() {\n  return <p>oops</p>\n",
        },
        node_modules,
    )
    error = failure(project)
    # Both bundles compile the page; the error is reported once.
    [message] = error.messages
    assert message.file == f"src/{project.package}/routes/broken/page.tsx"
    assert (message.line, message.column) == (3, 1)
    assert message.text == "Unexpected end of file"
    assert str(error) == f"src/{project.package}/routes/broken/page.tsx:3:1: Unexpected end of file"
    assert not project.paths.manifest.exists()


def test_a_syntax_error_shows_its_line(make_project: Any, node_modules: Path) -> None:
    project = make_project(
        {"page.tsx": "export default function Home() {\n\treturn <p>Home</p> oops;\n}\n"},
        node_modules,
    )
    error = failure(project)
    [message] = error.messages
    assert (message.line, message.column) == (2, 21)
    assert message.line_text == "\treturn <p>Home</p> oops;"
    where = f"src/{project.package}/routes/page.tsx:2:21"
    assert str(error) == f"{where}: {message.text}"  # one line per message, as before
    assert error.report() == (
        f"{where}: {message.text}\n  2 | \treturn <p>Home</p> oops;\n    | \t                   ^"
    )


def test_a_page_without_a_default_export(make_project: Any, node_modules: Path) -> None:
    project = make_project(
        {
            "page.tsx": "export function Home() {\n  return <p>Home</p>;\n}\n",
            "layout.tsx": "export const Layout = () => null;\n",
            "about/page.tsx": PAGE,
        },
        node_modules,
    )
    error = failure(project)
    assert [m.file for m in error.messages] == [
        f"src/{project.package}/routes/layout.tsx",
        f"src/{project.package}/routes/page.tsx",
    ]
    assert error.messages[1] == BuildMessage(
        "page.tsx has no default export, so DjangoKit cannot render it as a page. Export its "
        "component as the default: `export default function Page() { … }`.",
        file=f"src/{project.package}/routes/page.tsx",
    )
    assert "render it as a layout" in error.messages[0].text
    assert not project.paths.manifest.exists()


def test_a_missing_npm_package(make_project: Any, node_modules: Path) -> None:
    project = make_project(
        {"page.tsx": 'import pad from "left-pad";\n\n' + PAGE.replace("Home<", "{pad}<")},
        node_modules,
    )
    [message] = failure(project).messages
    assert message.file == f"src/{project.package}/routes/page.tsx"
    assert (message.line, message.column) == (1, 17)
    assert message.text.startswith(
        'Could not resolve "left-pad": the npm package "left-pad" is not installed. Run '
        f"`npm install left-pad` in {project.dir.resolve()}."
    )


def test_no_node_modules(make_project: Any) -> None:
    project = make_project({"page.tsx": PAGE})
    [message] = failure(project).messages
    assert message.text == (
        'The npm packages "esbuild", "react", "react-dom", "react-router-dom" are not '
        f"installed in {project.dir.resolve() / 'node_modules'}. Run `npm install esbuild "
        f"react react-dom react-router-dom` in {project.dir.resolve()} (or `npm install` "
        "where its package.json lists them)."
    )


def test_react_missing(make_project: Any, node_modules: Path) -> None:
    project = make_project({"page.tsx": PAGE})
    modules = project.dir / "node_modules"
    modules.mkdir()
    for name in ("esbuild", "@esbuild", "react-router-dom", "react-router"):
        (modules / name).symlink_to(node_modules / name)
    [message] = failure(project).messages
    assert message.text.startswith('The npm packages "react", "react-dom" are not installed')
    assert "Run `npm install react react-dom` in" in message.text


def test_no_node(make_project: Any, node_modules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project({"page.tsx": PAGE}, node_modules)
    monkeypatch.setattr(_esbuild.shutil, "which", lambda name: None)
    [message] = failure(project).messages
    assert message.text == (
        "Node.js is not installed, or `node` is not on PATH. Install Node.js 20 or later."
    )


def test_messages_from_esbuild() -> None:
    message = BuildMessage.from_esbuild(
        {
            "text": 'Could not resolve "x"',
            "pluginName": "",
            "location": {"file": "src/a.tsx", "line": 2, "column": 0},
            "notes": [{"text": "You can mark the path as external."}],
        }
    )
    assert message == BuildMessage(
        'Could not resolve "x"\nYou can mark the path as external.', "src/a.tsx", 2, 1
    )
    assert str(BuildMessage("No position")) == "No position"
    assert str(BuildError(["one", BuildMessage("two", "a.tsx", 1, 2)])) == "one\na.tsx:1:2: two"


def test_code_frames() -> None:
    message = BuildMessage.from_esbuild(
        {
            "text": 'Expected ";" but found "oops"',
            "location": {"file": "src/a.tsx", "line": 12, "column": 4, "lineText": "  x oops"},
        }
    )
    assert message.code_frame == "  12 |   x oops\n     |     ^"
    assert message.report() == f"src/a.tsx:12:5: {message.text}\n{message.code_frame}"
    # No source line (a missing file, an end of file): the message alone.
    assert BuildMessage("two", "a.tsx", 1, 2).code_frame is None
    assert BuildError(["one", BuildMessage("two", "a.tsx", 1, 2)]).report() == "one\na.tsx:1:2: two"
    assert BuildError([]).report() == "The build failed."


def test_python_errors_point_at_the_project_line(tmp_path: Path) -> None:
    """What `dk dev` shows for a handler that fails to import: the project's line, not the
    innermost frame of Python's import machinery."""
    module = tmp_path / "handlers.py"
    module.write_text("import json\n\n\ndef get(request):\n    return {}\n\nvalue = oops\n")
    try:
        exec(compile(module.read_text(), str(module), "exec"), {})
    except NameError as error:
        message = BuildMessage.from_exception(error, tmp_path)
    assert str(message) == f"{module}:7: NameError: name 'oops' is not defined"
    assert message.code_frame == "  7 | value = oops"

    module.write_text("def get(request:\n    return {}\n")
    try:
        compile(module.read_text(), str(module), "exec")
    except SyntaxError as error:
        message = BuildMessage.from_exception(error, tmp_path)
    relative = BuildError([message]).relative_to(tmp_path).report()
    assert relative.startswith("handlers.py:1:8: SyntaxError: '(' was never closed\n")
    assert relative.endswith("  1 | def get(request:\n    |        ^")
