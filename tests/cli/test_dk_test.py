"""`dk test` in a project made by `dk new`: the scaffold's tests pass as written, a broken
handler fails one with a readable assertion, and pages render from the current sources."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

from djangokit.core.testing import unavailable

from ..conftest import CHROMIUM, CHROMIUM_ARGS
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


BROWSER_TEST = """
import pytest

from djangokit.core.testing import READY

pytestmark = pytest.mark.django_db(transaction=True)


def test_adding_a_note_in_a_browser(live_page):
    live_page.goto("/")
    live_page.wait_for_selector(READY)
    live_page.fill("input[name=text]", "From Chromium")
    live_page.click("button:has-text('Add')")
    live_page.wait_for_selector("li:has-text('From Chromium')", timeout=10_000)
"""
BROWSER_CONFIG = """
djangokit_browser_executable = "{executable}"
djangokit_browser_args = {args}
"""


def test_live_page_drives_chromium_on_the_served_project(
    tmp_path: Path, new_dk_project: Callable[..., Path]
) -> None:
    if not Path(CHROMIUM).exists():
        unavailable(f"the browser test needs Chromium at {CHROMIUM}")
    project = new_dk_project(tmp_path)
    (project / "tests/test_browser.py").write_text(textwrap.dedent(BROWSER_TEST))
    config = BROWSER_CONFIG.format(executable=CHROMIUM, args=json.dumps(CHROMIUM_ARGS))
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + config)  # the pytest table is the last one
    result = dk("test", "tests/test_browser.py", cwd=project, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
