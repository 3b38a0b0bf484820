from django.http import HttpRequest


def get(request: HttpRequest, uuid) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"uuid": str(uuid), "type": type(uuid).__name__}
