"""@cache on GET: public here, private on the second route."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from djangokit.core.decorators import cache


@cache(60)
def get(request: HttpRequest) -> Any:
    return {"cached": True}
