from django.http import HttpRequest


def get(request: HttpRequest, id: int) -> dict[str, object]:
    return {"by": "id", "id": id}
