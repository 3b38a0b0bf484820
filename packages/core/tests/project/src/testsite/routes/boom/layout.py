from django.http import HttpRequest


def load(request: HttpRequest) -> dict[str, object]:
    if request.GET.get("crash") == "layout":
        raise KeyError("layout data")
    return {"layout": "boom"}
