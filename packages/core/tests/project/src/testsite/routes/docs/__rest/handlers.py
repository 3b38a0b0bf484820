from django.http import HttpRequest


def get(request: HttpRequest, rest: str) -> dict[str, object]:
    return {"rest": rest}
