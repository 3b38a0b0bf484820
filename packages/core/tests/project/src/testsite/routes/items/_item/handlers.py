from django.http import HttpRequest


def get(request: HttpRequest, item: int) -> dict[str, object]:
    return {"item": item, "type": type(item).__name__}
