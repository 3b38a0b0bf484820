from django.http import Http404, HttpRequest

from djangokit.core import Slug


def load(request: HttpRequest, slug: Slug) -> dict[str, str]:
    if slug == "hidden":  # a layout's Http404: the not-found page, as for a page's
        raise Http404("Hidden")
    return {"slug": slug}
