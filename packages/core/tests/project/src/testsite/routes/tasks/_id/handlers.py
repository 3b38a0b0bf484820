"""``_id`` without an annotation is an ``int`` segment."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ....models import Task


def get(request: HttpRequest, id) -> Task:  # type: ignore[no-untyped-def]
    return get_object_or_404(Task, pk=id)


def delete(request: HttpRequest, id: int) -> None:
    get_object_or_404(Task, pk=id).delete()
