from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ...data import ROWS


def get(request: HttpRequest) -> dict[str, Any]:
    return {"rows": ROWS}
