"""An annotation beats the directory name's default: ``_slug`` but ``str``."""

from django.http import HttpRequest


def get(request: HttpRequest, slug: str) -> dict[str, object]:
    return {"slug": slug}
