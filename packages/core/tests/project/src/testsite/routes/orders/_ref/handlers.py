"""Postponed annotations (strings at run time) still pick the converter."""

from __future__ import annotations

import uuid

from django.http import HttpRequest


def get(request: HttpRequest, ref: uuid.UUID) -> dict[str, object]:
    return {"ref": str(ref), "type": type(ref).__name__}


def put(request: HttpRequest, ref: uuid.UUID) -> dict[str, object]:
    return {"updated": str(ref)}
