from typing import Any

from django.http import HttpRequest

from ...services import POSTS


def get(request: HttpRequest) -> dict[str, Any]:
    return {"posts": sorted(POSTS)}
