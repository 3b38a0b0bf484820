from django.http import HttpRequest

from djangokit.core import Slug


def load(request: HttpRequest, slug: Slug) -> dict[str, str]:
    return {"slug": slug}
