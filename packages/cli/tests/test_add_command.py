"""`dk add`: route paths, model fields, and the files the commands write."""

from __future__ import annotations

import ast
import pathlib
from collections.abc import Callable

import pytest
from click.testing import Result

from djangokit.cli._add import split_route_path
from djangokit.cli._errors import InputError
from djangokit.cli._models import _add_import, _ensure_import, field_line, model_source

Run = Callable[..., Result]


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("/", ()),
        (".", ()),
        ("blog", ("blog",)),
        ("/blog/_slug/", ("blog", "_slug")),
        ("docs/__rest", ("docs", "__rest")),
        ("files/catchall", ("files", "catchall")),
        ("about-us", ("about-us",)),
    ],
)
def test_split_route_path(path: str, parts: tuple[str, ...]) -> None:
    assert split_route_path(path) == parts


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("../outside", "cannot be a route directory"),
        ("blog/.hidden", "cannot be a route directory"),
        ("+private", "cannot be a route directory"),
        ("components", "cannot be a route directory"),
        ("a b", "cannot be a route directory"),
        ("_1", "a dynamic segment is _name"),
        ("___x", "a dynamic segment is _name"),
        ("_", "a dynamic segment is _name"),
        ("_class", "cannot be a parameter name"),
        ("_request", "cannot be a parameter name"),
        ("_id/x/_id", "cannot be a parameter name"),
    ],
)
def test_bad_route_paths(path: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        split_route_path(path)


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        ("title:str", "models.CharField(max_length=200)"),
        ("title:str?", "models.CharField(max_length=200, blank=True)"),
        ("body:text?", "models.TextField(blank=True)"),
        ("count:int?", "models.IntegerField(null=True, blank=True)"),
        ("price:decimal", "models.DecimalField(max_digits=12, decimal_places=2)"),
        ("author:fk:auth.User", 'models.ForeignKey("auth.User", on_delete=models.CASCADE)'),
        (
            "post:fk:Post?",
            'models.ForeignKey("Post", on_delete=models.SET_NULL, null=True, blank=True)',
        ),
    ],
)
def test_field_line(spec: str, code: str) -> None:
    assert field_line(spec) == (spec.split(":")[0], code)


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        ("title", "write fields as name:type"),
        ("title:string", "unknown field type 'string'"),
        ("1x:int", "not a valid field name"),
        ("a__b:int", "not a valid field name"),
        ("id:int", "reserved"),
        ("author:fk:lower", "a foreign key names a model"),
    ],
)
def test_bad_fields(spec: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        field_line(spec)


def test_model_source_is_valid_python() -> None:
    source = model_source("BlogPost", [field_line("title:str"), field_line("n:int")])
    tree = ast.parse(source)
    assert isinstance(tree.body[0], ast.ClassDef) and tree.body[0].name == "BlogPost"
    assert '"""A blog post."""' in source
    assert "return self.title" in source


def test_imports_go_after_the_docstring_or_last_import() -> None:
    assert (
        _ensure_import('"""Doc."""\n\nx = 1\n', "import a") == '"""Doc."""\n\nimport a\n\nx = 1\n'
    )
    assert _ensure_import("import a\n\nx = 1\n", "import b") == "import a\nimport b\n\nx = 1\n"
    assert _ensure_import("import a\n", "import a") == "import a\n"
    assert _ensure_import("", "import a") == "import a\n"
    assert _add_import("from s.models import A\n", "s.models", "B") == "from s.models import A, B\n"


@pytest.fixture
def project(dk: Run, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    assert dk("new", "mysite", "--no-install").exit_code == 0
    monkeypatch.chdir(tmp_path / "mysite")
    return tmp_path / "mysite"


def test_add_route_files(dk: Run, project: pathlib.Path) -> None:
    routes = project / "src" / "mysite" / "routes"
    for kind, path in [
        ("page", "blog/_slug"),
        ("handler", "blog/_slug"),
        ("layout", "blog"),
        ("api", "api/tags/_id"),
    ]:
        result = dk("add", kind, path)
        assert result.exit_code == 0, result.output
    page = (routes / "blog" / "_slug" / "page.tsx").read_text()
    assert "export default function BlogSlugPage()" in page and "useParams()" in page
    handlers = (routes / "blog" / "_slug" / "handlers.py").read_text()
    assert "def get(request, slug):" in handlers
    assert "export default function BlogLayout()" in (routes / "blog" / "layout.tsx").read_text()
    api = (routes / "api" / "tags" / "_id" / "handlers.py").read_text()
    assert "def get(request, id):" in api and "def post(request, id):" in api
    assert "Created src/mysite/routes/api/tags/_id/handlers.py (/api/tags/<id>)." in result.output


def test_add_refuses_to_overwrite(dk: Run, project: pathlib.Path) -> None:
    page = project / "src" / "mysite" / "routes" / "page.tsx"
    before = page.read_text()
    result = dk("add", "page", "/")
    assert result.exit_code == 1
    assert result.output == (
        "Error: src/mysite/routes/page.tsx already exists; `dk add` does not overwrite files. "
        "Edit it, or remove it first.\n"
    )
    assert page.read_text() == before
    assert dk("add", "api", "api/notes").exit_code == 1


def test_add_model_appends_and_registers(dk: Run, project: pathlib.Path) -> None:
    result = dk("add", "model", "Tag", "name:slug", "note:fk:Note?")
    assert result.exit_code == 0, result.output
    assert "dk makemigrations" in result.output
    models = (project / "src" / "mysite" / "models" / "__init__.py").read_text()
    ast.parse(models)
    assert "class Tag(models.Model):" in models and "class Note(models.Model):" in models
    admin = (project / "src" / "mysite" / "admin.py").read_text()
    assert "from mysite.models import Note, Tag" in admin
    assert admin.endswith("admin.site.register(Note)\nadmin.site.register(Tag)\n")
    again = dk("add", "model", "Tag", "x:int")
    assert again.exit_code == 1 and "already defines Tag" in again.output


@pytest.mark.parametrize(
    "args",
    [
        ("add", "model", "tag", "x:int"),
        ("add", "model", "Tag", "x:nope"),
        ("add", "model", "Tag", "x:int", "x:str"),
        ("add", "page", "../x"),
    ],
)
def test_bad_input_is_one_line(dk: Run, project: pathlib.Path, args: tuple[str, ...]) -> None:
    result = dk(*args)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
