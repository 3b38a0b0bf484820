from __future__ import annotations

from django.urls import path

from djangokit.core._dispatch import collect_extra_endpoints, collect_handlers
from handlers_testapp.routes import cached, csrf, errors, guarded, notes, returns
from handlers_testapp.views import route_view

urlpatterns = [
    path("notes", route_view(collect_handlers(notes))),
    path("notes/export", route_view(collect_extra_endpoints(notes)["export"])),
    path("returns/<str:form>", route_view(collect_handlers(returns))),
    path("errors/<str:kind>", route_view(collect_handlers(errors))),
    path("guarded", route_view(collect_handlers(guarded))),
    path("csrf", route_view(collect_handlers(csrf))),
    path("cached", route_view(collect_handlers(cached))),
]
