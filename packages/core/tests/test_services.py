"""The PostgreSQL guard of tests/conftest.py: skip without the server, fail when CI needs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("psycopg", reason="the guard's PostgreSQL checks need the psycopg driver")

TESTS = Path(__file__).parent
UNREACHABLE = "postgres://postgres@127.0.0.1:9/test"  # the discard port: nothing listens


def run_db_tests(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "DJANGOKIT_REQUIRE_SERVICES"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            str(TESTS / "routes" / "test_urls.py"),
        ],
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=TESTS.parents[2],
        timeout=120,
    )


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="runs its own DATABASE_URL")
def test_unreachable_postgres_skips_the_database_tests() -> None:
    result = run_db_tests(DATABASE_URL=UNREACHABLE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" in result.stdout and "is unreachable" in result.stdout


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="runs its own DATABASE_URL")
def test_unreachable_postgres_fails_when_services_are_required() -> None:
    result = run_db_tests(DATABASE_URL=UNREACHABLE, DJANGOKIT_REQUIRE_SERVICES="1")
    assert result.returncode != 0
    assert "DJANGOKIT_REQUIRE_SERVICES=1" in result.stdout + result.stderr
