from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from djangokit.core import Problem


def get(request: HttpRequest) -> dict[str, str]:
    return {"form": "new"}


def post(request: HttpRequest) -> HttpResponse | Problem | tuple[int, dict[str, Any]] | None:
    title = request.data.get("title", "")  # type: ignore[attr-defined]
    if not title:
        return 400, {"errors": {"title": ["This field is required."]}}
    if title == "taken":
        return Problem(409, detail="That title is taken.", field="title")
    if title == "draft":
        return None  # saved, nothing to say
    return redirect("/blog/hello")
