from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def get(request: HttpRequest) -> dict[str, str]:
    return {"form": "new"}


def post(request: HttpRequest) -> HttpResponse | tuple[int, dict[str, Any]]:
    title = request.data.get("title", "")  # type: ignore[attr-defined]
    if not title:
        return 400, {"errors": {"title": ["This field is required."]}}
    return redirect("/blog/hello")
