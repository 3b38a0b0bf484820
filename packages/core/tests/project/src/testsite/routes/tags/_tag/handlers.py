from django.http import HttpRequest


def get(request: HttpRequest, tag) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"tag": tag}
