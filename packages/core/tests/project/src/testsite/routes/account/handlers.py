"""A page for signed-in users only: guards on the page's data and on its form."""

from django.http import HttpRequest

from djangokit.core.decorators import login_required


@login_required
def get(request: HttpRequest) -> dict[str, object]:
    return {"name": request.user.get_username()}


@login_required
def post(request: HttpRequest) -> dict[str, object]:
    return {"saved": True}
