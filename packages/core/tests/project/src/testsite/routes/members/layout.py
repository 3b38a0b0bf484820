"""A layout that sends anonymous visitors away before any page below it loads."""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect


def load(request: HttpRequest) -> dict[str, object] | HttpResponseRedirect:
    if not request.user.is_authenticated:
        return redirect("/login")
    return {"member": request.user.get_username()}
