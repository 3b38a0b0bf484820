from django.http import HttpRequest


def get(request: HttpRequest, name: str) -> dict[str, object]:
    return {"by": "name", "name": name}
