"""What `dk dev`'s server swaps in place and what restarts it (docs/decisions/0007)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from djangokit.cli._hot import guard_autoreloader, needs_restart

PACKAGE = Path("/project/src/mysite")


@pytest.mark.parametrize(
    "path",
    [
        "routes/handlers.py",
        "routes/blog/_slug/layout.py",
        "routes/about/page.tsx",
        "routes/document.html",
        "forms.py",
        "services/mail.py",
    ],
)
def test_swapped_in_place(path: str) -> None:
    assert not needs_restart(PACKAGE / path, PACKAGE)


@pytest.mark.parametrize(
    "path",
    [
        "models.py",
        "models/__init__.py",
        "models/notes.py",
        "migrations/0002_note.py",
        "admin.py",
        "apps.py",
        "templatetags/extras.py",
        "__init__.py",
        "../../settings.toml",
        "/elsewhere/helpers.py",
    ],
)
def test_restarts_the_server(path: str) -> None:
    assert needs_restart((PACKAGE / path).resolve(), PACKAGE)


def test_the_autoreloader_waits_for_a_swap() -> None:
    """Django's autoreloader lists module files only while no swap holds the lock."""
    from django.utils import autoreload

    original = autoreload.iter_all_python_module_files
    lock = threading.Lock()
    try:
        guard_autoreloader(lock)
        listed: list[object] = []
        with lock:
            thread = threading.Thread(
                target=lambda: listed.append(autoreload.iter_all_python_module_files())
            )
            thread.start()
            thread.join(0.5)
            assert thread.is_alive() and listed == []  # blocked on the swap's lock
        thread.join(10)
        [files] = listed
        assert Path(autoreload.__file__) in files  # type: ignore[operator]
    finally:
        autoreload.iter_all_python_module_files = original
