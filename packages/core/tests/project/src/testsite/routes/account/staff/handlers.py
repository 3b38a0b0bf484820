"""A page that needs a permission, not just a signed-in user."""

from django.http import HttpRequest

from djangokit.core.decorators import permission_required


@permission_required("auth.view_user")
def get(request: HttpRequest) -> dict[str, object]:
    return {"staff": True}
