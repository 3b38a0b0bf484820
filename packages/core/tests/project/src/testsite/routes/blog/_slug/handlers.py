"""``get`` leaves ``slug`` unannotated; the others say ``Slug``, as the name's default does."""

from django.http import Http404, HttpRequest, HttpResponse

from djangokit.core import Slug, handler

from ....services import POSTS


def get(request, slug):  # type: ignore[no-untyped-def]
    try:
        return {"post": POSTS[slug]}
    except KeyError:
        raise Http404(slug) from None


@handler("get", path="export")
def export(request: HttpRequest, slug: Slug) -> HttpResponse:
    return HttpResponse(f"title\n{POSTS[slug]['title']}\n", content_type="text/csv")
