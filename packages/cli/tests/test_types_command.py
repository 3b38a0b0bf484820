"""`dk types`: +types.ts files from handlers' return annotations, and `--check` for CI.

Each command runs in a child process: it sets Django up for its project, which one test
process can do only once.
"""

from __future__ import annotations

import pathlib
import subprocess
import textwrap
from collections.abc import Callable

from click.testing import Result

from djangokit.core.typescript import GENERATED_HEADER

Run = Callable[..., Result]
ChildDk = Callable[..., "subprocess.CompletedProcess[str]"]

HANDLERS = """
    from __future__ import annotations

    from typing import TypedDict

    from django.http import HttpResponse


    class Post(TypedDict):
        title: str
        tags: list[str]


    def get(request, slug: str) -> Post:
        return {"title": slug, "tags": []}


    def post(request, slug: str) -> HttpResponse:
        return HttpResponse()
"""


def make_project(root: pathlib.Path, handlers: str = HANDLERS) -> pathlib.Path:
    (root / "settings.toml").write_text('[djangokit]\ntitle = "Types"\n')
    package = root / "src" / "typesite"
    slug = package / "routes" / "blog" / "_slug"
    slug.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (slug / "handlers.py").write_text(textwrap.dedent(handlers))
    (slug / "page.tsx").write_text("export default function Post() { return null; }\n")
    return slug


def test_types_writes_then_reports_up_to_date(tmp_path: pathlib.Path, child_dk: ChildDk) -> None:
    slug = make_project(tmp_path)
    result = child_dk(tmp_path, "types")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wrote src/typesite/routes/blog/_slug/+types.ts\n"
    assert (slug / "+types.ts").read_text() == GENERATED_HEADER + (
        "\nexport type PageData = Post;\n\n"
        "/** The URL parameters, as strings (what `useParams()` gives). */\n"
        "export interface Params {\n  slug: string;\n}\n\n"
        "export interface Post {\n  title: string;\n  tags: string[];\n}\n"
    )
    mtime = (slug / "+types.ts").stat().st_mtime_ns
    again = child_dk(tmp_path, "types")
    assert again.returncode == 0, again.stderr
    assert again.stdout == "TypeScript declarations are up to date (1 files).\n"
    assert (slug / "+types.ts").stat().st_mtime_ns == mtime
    checked = child_dk(tmp_path, "types", "--check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "TypeScript declarations are up to date (1 files).\n"


def test_check_fails_on_a_stale_file_and_changes_nothing(
    tmp_path: pathlib.Path, child_dk: ChildDk
) -> None:
    slug = make_project(tmp_path)
    assert child_dk(tmp_path, "types").returncode == 0
    (slug / "handlers.py").write_text(
        (slug / "handlers.py").read_text().replace("tags: list[str]", "tags: list[int]")
    )
    before = (slug / "+types.ts").read_text()
    result = child_dk(tmp_path, "types", "--check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Out of date: src/typesite/routes/blog/_slug/+types.ts\n"
        "Error: 1 TypeScript declaration file(s) are out of date; run `dk types`.\n"
    )
    assert (slug / "+types.ts").read_text() == before
    assert child_dk(tmp_path, "types").stdout.startswith("Wrote ")
    assert "tags: number[];" in (slug / "+types.ts").read_text()


def test_an_unresolvable_annotation_is_one_error_line(
    tmp_path: pathlib.Path, child_dk: ChildDk
) -> None:
    make_project(tmp_path, HANDLERS.replace("-> Post:", "-> Psot:"))
    result = child_dk(tmp_path, "types")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: get() in ")
    assert "src/typesite/routes/blog/_slug/handlers.py: its annotations cannot be" in lines[0]
    assert "name 'Psot' is not defined" in lines[0]


def test_new_project_types_are_up_to_date(
    dk: Run, tmp_path: pathlib.Path, child_dk: ChildDk
) -> None:
    assert dk("new", "mysite", "--no-install").exit_code == 0
    project = tmp_path / "mysite"
    assert (project / "src" / "mysite" / "routes" / "+types.ts").is_file()
    result = child_dk(project, "types", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_hand_written_types_file_is_an_error(tmp_path: pathlib.Path, child_dk: ChildDk) -> None:
    slug = make_project(tmp_path)
    (slug / "+types.ts").write_text("export type PageData = unknown;\n")
    result = child_dk(tmp_path, "types")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: src/typesite/routes/blog/_slug/+types.ts was not written by `dk types`, so it "
        "is not overwritten. Rename or delete it, then run `dk types` again.\n"
    )
    assert (slug / "+types.ts").read_text() == "export type PageData = unknown;\n"
