from django.http import HttpRequest

from djangokit.core import Slug


def get(request: HttpRequest, slug: Slug) -> dict[str, object]:
    return {"post": slug, "comments": []}
