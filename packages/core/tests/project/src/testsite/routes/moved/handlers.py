from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect


def get(request: HttpRequest) -> HttpResponseRedirect:
    return redirect("/blog")
