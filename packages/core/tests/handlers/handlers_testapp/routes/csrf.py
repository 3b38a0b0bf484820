"""One method protected by CSRF, one exempt: the exemption is per handler."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from djangokit.core.decorators import csrf_exempt


def post(request: HttpRequest) -> Any:
    return {"ok": "post"}


@csrf_exempt
def put(request: HttpRequest) -> Any:
    return {"ok": "put"}
