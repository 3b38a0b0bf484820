"""`dk test` in a project made by `dk new`: the scaffold's tests pass as written, a broken
handler fails one with a readable assertion, and pages render from the current sources."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from .conftest import dk

EDIT_MID_RUN = """
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
PAGE = Path(__file__).parent.parent / "src/mysite/routes/page.tsx"


def test_a_source_edit_shows_in_the_next_page(route_client):
    assert "Welcome to Mysite" in route_client.page("/").text
    PAGE.write_text(PAGE.read_text().replace("Welcome to", "Greetings from"))
    assert "Greetings from Mysite" in route_client.page("/").text  # rebuilt, re-rendered
"""


def test_dk_test(tmp_path: Path, new_dk_project: Callable[..., Path]) -> None:
    project = new_dk_project(tmp_path)
    passed = dk("test", cwd=project, timeout=300)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "6 passed" in passed.stdout
    assert (project / ".djangokit/test-build/manifest.json").is_file()
    assert not (project / ".djangokit/build").exists()  # `dk dev`'s build is not touched

    # A broken handler, and a page edited after the last run's build (and during this run).
    api = project / "src/mysite/routes/api/notes/handlers.py"
    api.write_text(api.read_text().replace("Note.objects.all()[:100]", "Note.objects.none()"))
    (project / "tests/test_edit.py").write_text(textwrap.dedent(EDIT_MID_RUN))
    failed = dk("test", cwd=project, timeout=300)
    out = failed.stdout
    assert failed.returncode == 1, out + failed.stderr
    assert "2 failed, 5 passed" in out
    assert "FAILED tests/test_routes.py::test_the_notes_api" in out
    assert "assert [] == ['Call Bob']" in out
    assert "FAILED tests/test_routes.py::test_the_home_page_is_rendered_on_the_server" in out
    assert "'Welcome to Mysite' in 'Mysite Greetings from Mysite" in out


def test_dk_test_passes_arguments_to_pytest(
    tmp_path: Path, new_dk_project: Callable[..., Path]
) -> None:
    project = new_dk_project(tmp_path)
    result = dk("test", "-k", "api", "-q", cwd=project, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 5 deselected" in result.stdout
