"""`dk add`: route paths, model fields, and the files the commands write."""

from __future__ import annotations

import ast
import json
import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Callable

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from djangokit.cli._add import split_route_path
from djangokit.cli._crud import plural, route_name
from djangokit.cli._errors import InputError
from djangokit.cli._fields import FIELD_TYPES, field_line, parse_field
from djangokit.cli._imports import add_import, ensure_import
from djangokit.cli._manage import dk_hints
from djangokit.cli._models import model_source
from djangokit.core.typescript import GENERATED_HEADER

Run = Callable[..., Result]
# The repository's rule set: no line lengths (file paths in messages vary), and RUF012,
# which Django's class attributes (a migration's operations) do not follow.
RUFF_OPTIONS = (
    "--select",
    "E,F,W,I,UP,B,SIM,RUF,DJ",
    "--ignore",
    "E501,RUF012",
    "--target-version",
    "py311",
)
ChildDk = Callable[..., "subprocess.CompletedProcess[str]"]


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
        # Options: a maximum length, digits and places; defaults; ? then =.
        ("title:str:80", "models.CharField(max_length=80)"),
        ("votes:int=0", "models.IntegerField(default=0)"),
        ("votes:int=-3", "models.IntegerField(default=-3)"),
        ("score:float=.5", "models.FloatField(default=0.5)"),
        (
            "price:decimal:8,2=9.90",
            'models.DecimalField(max_digits=8, decimal_places=2, default=decimal.Decimal("9.90"))',
        ),
        ("done:bool=true", "models.BooleanField(default=True)"),
        ("done:bool?", "models.BooleanField(null=True, blank=True)"),
        (
            "title:str:80?=Untitled",
            'models.CharField(max_length=80, blank=True, default="Untitled")',
        ),
        ('quote:text="Why?"', 'models.TextField(default="\\"Why?\\"")'),
        ("slug:slug:50", "models.SlugField(max_length=50, unique=True)"),
        ("email:email:254", "models.EmailField(max_length=254)"),
        ("published:datetime=now", "models.DateTimeField(default=timezone.now)"),
        ("due:date?=today", "models.DateField(null=True, blank=True, default=datetime.date.today)"),
    ],
)
def test_field_line(spec: str, code: str) -> None:
    assert field_line(spec) == (spec.split(":")[0], code)


def test_field_spec_types_and_imports() -> None:
    published = parse_field("published:datetime?=now")
    assert published.python_type == "datetime.datetime | None"
    assert published.imports == ["from django.utils import timezone"]
    assert published.type_imports == ["import datetime"]
    assert parse_field("due:date=today").imports == ["import datetime"]
    assert parse_field("price:decimal=1").imports == ["import decimal"]
    assert parse_field("title:str?").python_type == "str"  # blank, never null
    author = parse_field("author:fk:auth.User")
    assert (author.key, author.python_type, author.target) == ("author_id", "int", "auth.User")
    assert parse_field("title:str:80").max_length == 80
    assert parse_field("votes:int=0").default == "0"


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        ("title", "write fields as name:type"),
        ("title:string", "unknown field type 'string'"),
        ("1x:int", "not a valid field name"),
        ("a__b:int", "not a valid field name"),
        ("id:int", "reserved"),
        ("author:fk:lower", "a foreign key names a model"),
        ("author:fk", "a foreign key names a model"),
        ("author:fk:auth.User=1", "a foreign key takes no default"),
        ("votes:int=many", "'many' is not an int default: use a whole number"),
        ("votes:int=0?", "write the \\? of an optional field before the ="),
        ("score:float=x", "'x' is not a float default"),
        ("price:decimal=abc", "'abc' is not a decimal default"),
        ("done:bool=maybe", "'maybe' is not a bool default: use true or false"),
        ("published:datetime=yesterday", "'yesterday' is not a datetime default: use now"),
        ("extra:json={}", "a json field takes no default"),
        ("title:str:0", "'0' is not a maximum length"),
        ("title:str:long", "'long' is not a maximum length"),
        ("price:decimal:2,5", "'2,5' is not digits,places"),
        ("votes:int:5", "an int field takes no :5 option"),
        ("votes:int?x", "the \\? last but for a default"),
        ("votes:int??", "the \\? last but for a default"),
    ],
)
def test_bad_fields(spec: str, why: str) -> None:
    with pytest.raises(InputError, match=why) as raised:
        field_line(spec)
    # Which field, what is wrong, and how to write it.
    message = str(raised.value)
    assert message.startswith(f"field {spec!r}: ") and "For example: " in message
    example = parse_field(message.rpartition("For example: ")[2].split(" ")[0])  # it is right
    if "field name" not in message and "reserved" not in message:
        assert example.name == spec.split(":")[0]  # and for this field


def test_plural_route_names() -> None:
    assert [plural(w) for w in ("question", "category", "box", "day", "match")] == [
        "questions",
        "categories",
        "boxes",
        "days",
        "matches",
    ]
    assert route_name("BlogPost") == "blog_posts"


def test_model_source_is_valid_python() -> None:
    source = model_source("BlogPost", [parse_field("title:str"), parse_field("n:int")])
    tree = ast.parse(source)
    assert [node.name for node in tree.body if isinstance(node, ast.ClassDef)] == [
        "BlogPostData",
        "BlogPost",
    ]
    assert '"""A blog post."""' in source
    assert "return self.title" in source


def test_model_source_serializes_every_field() -> None:
    specs = ("title:str", "author:fk:auth.User", "n:int?", "api_token:str", "pin_code:int")
    fields = [parse_field(spec) for spec in specs]
    namespace: dict[str, object] = {"BlogPostData": dict}
    data, body = ast.parse(model_source("BlogPost", fields)).body
    assert isinstance(body, ast.ClassDef)
    serialize = next(
        f for f in body.body if isinstance(f, ast.FunctionDef) and f.name == "serialize"
    )
    exec(compile(ast.Module([serialize], []), "<model>", "exec"), namespace)
    instance = type("Row", (), {"pk": 1, "title": "Hi", "author_id": 2, "n": None})()
    assert namespace["serialize"](instance) == {  # type: ignore[operator]
        "id": 1,
        "title": "Hi",
        "author_id": 2,
        "n": None,
    }  # not api_token nor pin_code: fields named like secrets stay out of the page data
    assert isinstance(data, ast.ClassDef) and data.name == "BlogPostData"
    assert ast.unparse(data).splitlines()[2:] == [
        "    id: int",
        "    title: str",
        "    author_id: int",
        "    n: int | None",
    ]


def test_imports_go_after_the_docstring_or_last_import() -> None:
    assert ensure_import('"""Doc."""\n\nx = 1\n', "import a") == '"""Doc."""\n\nimport a\n\nx = 1\n'
    assert ensure_import("import a\n\nx = 1\n", "import b") == "import a\nimport b\n\nx = 1\n"
    assert ensure_import("import a\n", "import a") == "import a\n"
    assert ensure_import("", "import a") == "import a\n"
    assert add_import("from s.models import A\n", "s.models", "B") == "from s.models import A, B\n"


def test_imports_go_in_isort_sections_and_order() -> None:
    source = "import datetime\nfrom typing import TypedDict\n\nfrom django.db import models\n"
    source = ensure_import(source, "import uuid", "mysite")
    source = add_import(source, "django.utils", "timezone", "mysite")
    source = ensure_import(source, "import decimal", "mysite")
    source = add_import(source, "mysite.models", "Note", "mysite")
    source = add_import(source, "mysite.models", "NoteData", "mysite")
    source = add_import(source, "mysite.models", "Answer", "mysite")
    source = add_import(source, "typing", "Any", "mysite")
    assert source == (
        "import datetime\nimport decimal\nimport uuid\nfrom typing import Any, TypedDict\n\n"
        "from django.db import models\nfrom django.utils import timezone\n\n"
        "from mysite.models import Answer, Note, NoteData\n"
    )
    # Before a later section when the file has no import of this one.
    assert ensure_import("from django import forms\n", "import re") == (
        "import re\n\nfrom django import forms\n"
    )


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
    assert "useData" not in page  # no handlers.py beside it yet
    handlers = (routes / "blog" / "_slug" / "handlers.py").read_text()
    assert "class BlogSlugData(TypedDict):\n    message: str\n    slug: str\n" in handlers
    assert "def get(request, slug) -> BlogSlugData:" in handlers
    assert "export default function BlogLayout()" in (routes / "blog" / "layout.tsx").read_text()
    api = (routes / "api" / "tags" / "_id" / "handlers.py").read_text()
    assert "def get(request, id) -> ApiTagsIdList:" in api
    assert "def post(request, id) -> tuple[int, ApiTagsIdReceived]:" in api
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


# Every kind of parameter: named like a converter (<int:id>, <uuid:uuid>, <slug:slug>), any
# other name, a catch-all, and one named like the template's own data key.
TYPED_ROUTES = [
    ("handler", "about"),
    ("handler", "blog/_slug"),
    ("handler", "docs/__rest"),
    ("handler", "say/_message"),
    ("api", "api/tags/_id"),
    ("api", "api/things/_uuid/_name"),
]


@pytest.fixture
def typed_project(dk: Run, project: pathlib.Path) -> pathlib.Path:
    """The project with a handler or API of every parameter kind, and `dk types` run."""
    for kind, path in TYPED_ROUTES:
        result = dk("add", kind, path)
        assert result.exit_code == 0, result.output
        assert "`dk dev` writes +types.ts beside it" in result.output
    return project


def test_dk_types_writes_the_added_handlers_types(
    typed_project: pathlib.Path, child_dk: ChildDk
) -> None:
    result = child_dk(typed_project, "types")
    assert result.returncode == 0, result.stderr
    routes = typed_project / "src" / "mysite" / "routes"
    # Only the added routes: the files `dk new` wrote are already up to date.
    assert result.stdout == "".join(
        f"Wrote src/mysite/routes/{path}/+types.ts\n" for path in sorted(p for _, p in TYPED_ROUTES)
    )
    assert (routes / "about" / "+types.ts").read_text() == GENERATED_HEADER + (
        "\nexport type PageData = AboutData;\n\n"
        "export interface AboutData {\n  message: string;\n}\n"
    )
    assert (routes / "blog" / "_slug" / "+types.ts").read_text() == GENERATED_HEADER + (
        "\nexport type PageData = BlogSlugData;\n\n"
        "/** The URL parameters, as strings (what `useParams()` gives). */\n"
        "export interface Params {\n  slug: string;\n}\n\n"
        "export interface BlogSlugData {\n  message: string;\n  slug: string;\n}\n"
    )
    rest = (routes / "docs" / "__rest" / "+types.ts").read_text()
    assert "export interface DocsRestData {\n  message: string;\n  rest: string;\n}" in rest
    say = (routes / "say" / "_message" / "+types.ts").read_text()
    assert "export interface SayMessageData {\n  message: string;\n}" in say
    tags = (routes / "api" / "tags" / "_id" / "+types.ts").read_text()
    assert "export type PageData = ApiTagsIdList;" in tags
    assert "export type ActionData = ApiTagsIdReceived;" in tags
    assert "export interface ApiTagsIdList {\n  items: string[];\n  id: number;\n}" in tags
    assert "export interface ApiTagsIdReceived {\n  received: unknown;\n}" in tags
    things = (routes / "api" / "things" / "_uuid" / "_name" / "+types.ts").read_text()
    assert (
        "export interface ApiThingsUuidNameList {\n"
        "  items: string[];\n  uuid: string;\n  name: string;\n}"
    ) in things
    assert "unknown /*" not in "".join(p.read_text() for p in routes.rglob("+types.ts"))
    # The scaffold's API is typed too: its notes, through Note.serialize()'s NoteData.
    notes = (routes / "api" / "notes" / "+types.ts").read_text()
    assert "export type PageData = NoteData[];" in notes
    checked = child_dk(typed_project, "types", "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    routed = child_dk(typed_project, "routes")
    assert routed.returncode == 0, routed.stderr
    # The param types in the data are what the default converters give.
    assert "/api/tags/<int:id>" in routed.stdout
    assert "/api/things/<uuid:uuid>/<str:name>" in routed.stdout
    assert "/blog/<slug:slug>" in routed.stdout


def test_added_handlers_compile(typed_project: pathlib.Path) -> None:
    routes = typed_project / "src" / "mysite" / "routes"
    files = sorted(routes.rglob("handlers.py"))
    assert len(files) == len(TYPED_ROUTES) + 2  # and the scaffold's home and api/notes
    for file in files:
        compile(file.read_text(), str(file), "exec")


def test_added_handlers_are_ruff_clean(typed_project: pathlib.Path) -> None:
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run(
        [ruff, "check", "--isolated", "--no-cache", *RUFF_OPTIONS, "src", "tests"],
        cwd=typed_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_page_beside_a_handler_shows_its_data(dk: Run, project: pathlib.Path) -> None:
    routes = project / "src" / "mysite" / "routes"
    assert dk("add", "handler", "blog/_slug").exit_code == 0
    result = dk("add", "page", "blog/_slug")
    assert result.exit_code == 0, result.output
    assert "Run `dk types` to write its +types.ts, then type the data" in result.output
    page = (routes / "blog" / "_slug" / "page.tsx").read_text()
    # No +types.ts yet: untyped, so that the page builds and type-checks as it is.
    assert page.startswith('import { useData, useParams } from "@djangokit/runtime";\n\n')
    assert "+types" not in page and "  const data = useData();\n" in page
    assert "<pre>{JSON.stringify(data, null, 2)}</pre>" in page


def test_a_page_beside_generated_types_uses_them(
    dk: Run, project: pathlib.Path, child_dk: ChildDk
) -> None:
    routes = project / "src" / "mysite" / "routes"
    assert dk("add", "handler", "about").exit_code == 0
    assert child_dk(project, "types").returncode == 0
    result = dk("add", "page", "about")
    assert result.exit_code == 0, result.output
    assert "dk types" not in result.output
    page = (routes / "about" / "page.tsx").read_text()
    assert page.startswith(
        'import { useData } from "@djangokit/runtime";\n'
        'import type { PageData } from "./+types";\n\n'
    )
    assert "  const data = useData<PageData>();\n" in page


def test_add_model_migrate_makes_and_applies_the_migration(
    project: pathlib.Path, child_dk: ChildDk
) -> None:
    assert child_dk(project, "migrate").returncode == 0
    added = child_dk(project, "add", "model", "Tag", "name:str", "--migrate")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "0002_tag.py" in added.stdout
    assert "Applying mysite.0002_tag... OK" in added.stdout
    count = "from mysite.models import Tag; print('tags:', Tag.objects.count())"
    shell = child_dk(project, "shell", "-c", count)
    assert shell.stdout.strip().endswith("tags: 0"), shell.stdout + shell.stderr


def test_djangos_advice_names_dk_commands(project: pathlib.Path, child_dk: ChildDk) -> None:
    assert child_dk(project, "migrate").returncode == 0
    assert child_dk(project, "add", "model", "Tag", "name:str").returncode == 0
    migrated = child_dk(project, "migrate")  # the model has no migration yet
    assert migrated.returncode == 0, migrated.stderr
    assert "Run 'dk makemigrations' to make new migrations" in migrated.stdout
    assert "re-run 'dk migrate' to apply them" in migrated.stdout
    assert "manage.py" not in migrated.stdout + migrated.stderr


def test_dk_hints() -> None:
    assert dk_hints("Run 'python manage.py migrate' to apply them.") == (
        "Run 'dk migrate' to apply them."
    )
    assert dk_hints("try 'python manage.py makemigrations --merge'") == (
        "try 'dk makemigrations --merge'"
    )
    assert dk_hints("Re-run 'manage.py sqlmigrate x'") == "Re-run 'dk manage sqlmigrate x'"


def test_routes_lists_error_not_found_and_document_files(
    project: pathlib.Path, child_dk: ChildDk
) -> None:
    routes = project / "src" / "mysite" / "routes"
    (routes / "document.html").write_text("<!doctype html>{{ head }}{{ body }}")
    (routes / "docs").mkdir()
    (routes / "docs" / "error.tsx").write_text((routes / "error.tsx").read_text())
    listed = child_dk(project, "routes", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["url"]: row for row in json.loads(listed.stdout)}
    assert rows["/"]["files"] == [
        "page.tsx",
        "handlers.py",
        "layout.tsx",
        "error.tsx",
        "not-found.tsx",
        "document.html",
    ]
    # A directory with only an error boundary: listed, answering nothing itself.
    assert rows["/docs"] | {"params": {}} == {
        "url": "/docs",
        "id": "docs",
        "kind": "layout",
        "files": ["docs/error.tsx"],
        "methods": [],
        "params": {},
    }
    table = child_dk(project, "routes").stdout.splitlines()
    assert table[1].split()[2:8] == [
        "page.tsx",
        "handlers.py",
        "layout.tsx",
        "error.tsx",
        "not-found.tsx",
        "document.html",
    ]
    assert table[-1].split() == ["/docs", "docs", "docs/error.tsx", "-", "-"]


def test_add_model_pages_writes_a_form_and_typed_crud_routes(
    project: pathlib.Path, child_dk: ChildDk
) -> None:
    specs = ("title:str:80", "votes:int=0", "done:bool", "body:text?", "api_token:str")
    added = child_dk(project, "add", "model", "BlogPost", *specs, "--pages")
    assert added.returncode == 0, added.stdout + added.stderr
    package = project / "src" / "mysite"
    routes = package / "routes" / "blog_posts"
    forms = (package / "forms.py").read_text()
    assert "class BlogPostForm(forms.ModelForm):" in forms
    assert 'fields = ("title", "votes", "done", "body", "api_token")' in forms
    for directory in ("", "new", "_id", "_id/edit", "_id/delete"):
        for name in ("handlers.py", "page.tsx", "+types.ts"):
            assert (routes / directory / name).is_file(), f"{directory}/{name}"
    assert "Paginator(" in (routes / "handlers.py").read_text()
    new = (routes / "new" / "handlers.py").read_text()
    assert "def post(request) -> BlogPostForm | HttpResponse:" in new
    # dk types ran: the form's fields are the action data's keys; the token is not page data.
    edit_types = (routes / "_id" / "edit" / "+types.ts").read_text()
    assert '"title" | "votes" | "done" | "body" | "api_token" | "__all__"' in edit_types
    assert "api_token" not in (routes / "_id" / "+types.ts").read_text()
    new_page = (routes / "new" / "page.tsx").read_text()
    assert 'useField<ActionData>("votes", { initial: "0" })' in new_page
    assert '<FieldErrors<ActionData> name="title" />' in new_page
    # Another model's pages go beside them; one whose routes exist writes nothing.
    again = child_dk(project, "add", "model", "Other", "x:int", "--pages")
    assert again.returncode == 0, again.stderr
    (package / "routes" / "widgets").mkdir()
    (package / "routes" / "widgets" / "page.tsx").write_text("export default () => null;\n")
    before = (package / "models" / "__init__.py").read_text()
    clash = child_dk(project, "add", "model", "Widget", "x:int", "--pages")
    assert clash.returncode == 1
    assert "src/mysite/routes/widgets/page.tsx already exists" in clash.stderr
    assert (package / "models" / "__init__.py").read_text() == before


def test_added_model_and_pages_are_ruff_clean(project: pathlib.Path, child_dk: ChildDk) -> None:
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    specs = (
        "title:str:80?=Untitled",
        "price:decimal:8,2=0",
        "due:date?=today",
        "published:datetime=now",
        "key:uuid",  # a secret-looking name: not in serialize(), so no `import uuid`
        "author:fk:auth.User",
        "flag:bool?",
        "extra:json",
    )
    added = child_dk(project, "add", "model", "Entry", *specs, "--pages")
    assert added.returncode == 0, added.stdout + added.stderr
    result = subprocess.run(
        [ruff, "check", "--isolated", "--no-cache", *RUFF_OPTIONS, "src"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    compile((project / "src/mysite/models/__init__.py").read_text(), "models", "exec")
    # Its optional title may be blank: the links say which entry it is then.
    listing = (project / "src/mysite/routes/entries/page.tsx").read_text()
    assert "<Link to={String(entry.id)}>{entry.title || `Entry ${entry.id}`}</Link>" in listing


def test_add_model_help_shows_the_syntax_and_an_example_on_one_line(dk: Run) -> None:
    result = dk("add", "model", "--help")
    assert result.exit_code == 0
    assert "A field is name:type[:option][?][=default]." in result.output
    example = "dk add model Post title:str:120 body:text? votes:int=0 author:fk:auth.User --pages"
    assert f"      {example}\n" in result.output


def test_pages_of_models_named_like_their_own_variables(
    project: pathlib.Path, child_dk: ChildDk
) -> None:
    # `form`, `page`, `request` are the handlers' own names: such a model is `form_obj`.
    added = child_dk(project, "add", "model", "Form", "title:str", "--pages")
    assert added.returncode == 0, added.stdout + added.stderr
    edit = (project / "src/mysite/routes/forms/_id/edit/handlers.py").read_text()
    assert "form_obj = get_object_or_404(Form, pk=id)" in edit
    assert "form = FormForm(request.data, instance=form_obj)" in edit
    for handlers in (project / "src/mysite/routes/forms").rglob("handlers.py"):
        compile(handlers.read_text(), str(handlers), "exec")
    # A model named like a class the handlers use is refused before anything is written.
    refused = child_dk(project, "add", "model", "Page", "title:str", "--pages")
    assert refused.returncode == 2
    assert "a model named Page clashes with a name its pages use" in refused.stderr
    assert "class Page(" not in (project / "src/mysite/models/__init__.py").read_text()


_SPEC_PARTS = st.tuples(
    st.sampled_from(["votes", "x", "1x", "id", "", "a__b"]),
    st.sampled_from([*FIELD_TYPES, "fk", "", "nope"]).map(lambda k: f":{k}" if k else ""),
    st.sampled_from(["", ":80", ":0", ":8,2", ":auth.User", ":Post", ":x"]),
    st.sampled_from(["", "?", "??"]),
    st.sampled_from(["", "=0", "=now", "=today", "=true", "=1.5", "=x", "=", "=0?"]),
    st.text(alphabet=":?=,.x0", max_size=3),
).map("".join)


@given(st.one_of(_SPEC_PARTS, st.text(max_size=12)))
def test_any_spec_is_a_field_or_one_input_error(spec: str) -> None:
    try:
        field = parse_field(spec)
    except InputError as error:
        assert str(error).startswith(f"field {spec!r}: ") and "For example: " in str(error)
    else:
        # What it writes is a Python expression of a Django model field.
        tree = ast.parse(field.code, mode="eval")
        assert isinstance(tree.body, ast.Call)
        assert ast.unparse(tree.body.func).startswith("models.")
