"""Strings that would break out of a <script> element if the route data were not escaped."""

from django.http import HttpRequest

PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "upper": "</SCRIPT><img src=x onerror=alert(1)>",
    "comment": "<!--<script>",
    "separators": "a\u2028b\u2029c",
    "entity": "&lt;b&gt; & <b>",
}


def get(request: HttpRequest) -> dict[str, object]:
    return {"payloads": PAYLOADS, "echo": request.GET.get("q", "")}
