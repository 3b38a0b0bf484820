from django.http import HttpRequest


def get(request: HttpRequest) -> dict[str, bool]:
    return {"home": True}
