from django.http import HttpRequest


def load(request: HttpRequest) -> dict[str, str]:
    return {"site": "Test site"}
