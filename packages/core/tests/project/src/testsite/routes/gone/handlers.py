"""A page that answers with a status of its own and data to show with it."""

from django.http import HttpRequest


def get(request: HttpRequest) -> tuple[int, dict[str, object]]:
    return 410, {"reason": "This page was removed."}
