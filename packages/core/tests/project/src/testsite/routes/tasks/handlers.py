"""An API-only route backed by the project's models."""

from typing import Any

from django.http import HttpRequest

from ...models import Task


def get(request: HttpRequest) -> list[Task]:
    return list(Task.objects.order_by("id"))


def post(request: HttpRequest) -> tuple[int, Task]:
    data: Any = request.data  # type: ignore[attr-defined]
    return 201, Task.objects.create(title=data["title"], body=data.get("body", ""))
