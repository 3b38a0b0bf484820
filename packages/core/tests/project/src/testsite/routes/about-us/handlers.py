"""``about-us`` is no Python identifier, yet this module imports (and imports relatively)."""

from django.http import HttpRequest

from .team import TEAM


def get(request: HttpRequest) -> dict[str, object]:
    return {"team": TEAM}
