"""``Params`` in ``+types.ts`` names the keys the runtime's ``useParams()`` really gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.typescript import TYPES_FILE, declarations_for

from .conftest import Project, route_data

PAGE = """
    import { useParams } from "@djangokit/runtime";

    export default function Page() {
      return <p>{Object.keys(useParams()).sort().join(" ")}</p>;
    }
"""


def handlers(param: str) -> str:
    return f"""
        def get(request, {param}: str) -> dict[str, str]:
            return {{"{param}": {param}}}
    """


FILES = {
    "blog/_slug/handlers.py": handlers("slug"),
    "blog/_slug/page.tsx": PAGE,
    "docs/__rest/handlers.py": handlers("rest"),
    "docs/__rest/page.tsx": PAGE,
    "files/catchall/handlers.py": handlers("path"),
    "files/catchall/page.tsx": PAGE,
    "shop/_shop/__rest/handlers.py": """
        def get(request, shop: str, rest: str) -> dict[str, str]:
            return {"shop": shop}
    """,
    "shop/_shop/__rest/page.tsx": PAGE,
}


@pytest.fixture(scope="module")
def project(make_project: Any, node_modules: Path) -> Project:
    result: Project = make_project(FILES, node_modules)
    result.build()
    return result


def declared_params(project: Project, route: str) -> list[str]:
    text = declarations_for(project.tree())[project.routes / route / TYPES_FILE]
    body = re.search(r"export interface Params \{\n(.*?)\}", text, re.S)
    assert body, text
    keys = re.findall(r'^  ("[^"]+"|\w+): string;$', body.group(1), re.M)
    return sorted(key.strip('"') for key in keys)


@pytest.mark.parametrize(
    ("route", "url", "server_params"),
    [
        ("blog/_slug", "/blog/hello", {"slug": "hello"}),
        ("docs/__rest", "/docs/a/b", {"rest": "a/b"}),
        ("files/catchall", "/files/x/y.txt", {"path": "x/y.txt"}),
        ("shop/_shop/__rest", "/shop/acme/a/b", {"shop": "acme", "rest": "a/b"}),
    ],
)
def test_params_are_what_use_params_gives(
    project: Project, route: str, url: str, server_params: dict[str, str]
) -> None:
    data = route_data(url, [f"page:{route}"], params=server_params)
    data["routes"] = {f"page:{route}": {}}
    html = project.render(url, data)["html"]
    given = re.fullmatch(r"<p>(.*)</p>", html)
    assert given, html
    assert declared_params(project, route) == given.group(1).split()
