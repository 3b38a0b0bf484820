from django.http import HttpRequest

from djangokit.core.decorators import cache


@cache(60)
def get(request: HttpRequest) -> dict[str, object]:
    return {"cached": True}
