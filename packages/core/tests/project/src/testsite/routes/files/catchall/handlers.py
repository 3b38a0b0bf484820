"""The original DjangoKit's ``catchall`` directory: the parameter is ``path``."""

from django.http import HttpRequest


def get(request: HttpRequest, path: str) -> dict[str, object]:
    return {"path": path}
