"""Small helpers for tests that need outside tools: skip or fail, and a free local port."""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest

__all__ = ["REQUIRE_SERVICES_VAR", "free_port", "unavailable"]

REQUIRE_SERVICES_VAR = "DJANGOKIT_REQUIRE_SERVICES"
"""Set to ``1`` (as CI does), a missing tool or service fails a test instead of skipping it."""


def unavailable(reason: str) -> NoReturn:
    """Skip the test for *reason*, or fail it when ``DJANGOKIT_REQUIRE_SERVICES=1``.

    ```python
    if shutil.which("node") is None:
        unavailable("this test needs Node.js")
    ```
    """
    if os.environ.get(REQUIRE_SERVICES_VAR) == "1":
        pytest.fail(f"{reason} ({REQUIRE_SERVICES_VAR}=1: not skipping)")
    pytest.skip(reason)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on at *host* right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
