"""No annotation anywhere below ``_slug``: the directory name picks the slug converter."""

from django.http import HttpRequest


def get(request: HttpRequest, slug) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"author": slug}
