"""declarations_for() and sync_declarations(): a +types.ts beside each route's files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from djangokit.core import discover_routes
from djangokit.core.typescript import (
    GENERATED_HEADER,
    TYPES_FILE,
    AnnotationError,
    DeclarationError,
    declarations_for,
    sync_declarations,
)

from .conftest import Discover

BLOG = {
    "layout.py": """
        def load(request) -> dict[str, str]:
            return {"site": "blog"}
    """,
    "blog/_slug/handlers.py": """
        from __future__ import annotations

        import datetime
        from typing import NotRequired, TypedDict

        from django.http import HttpResponse
        from django.shortcuts import redirect


        class Comment(TypedDict):
            author: str
            replies: list[Comment]


        class PageData(TypedDict):
            title: str
            published: datetime.datetime | None
            comments: list[Comment]
            summary: NotRequired[str]


        class Errors(TypedDict):
            errors: dict[str, list[str]]


        def get(request, slug: str) -> PageData:
            return {"title": slug, "published": None, "comments": []}


        def post(request, slug: str) -> tuple[int, Errors] | HttpResponse:
            return redirect(".")
    """,
    "blog/_slug/page.tsx": "export default function Post() { return null; }\n",
    "notes/_id/handlers.py": """
        def get(request, id: int) -> list[int]:
            return [id]


        def post(request, id: int):
            return None
    """,
    "plain/handlers.py": """
        def get(request):
            return {}
    """,
    "moved/handlers.py": """
        from django.http import HttpResponseRedirect


        def get(request) -> HttpResponseRedirect:
            return HttpResponseRedirect("/")
    """,
}


def test_one_file_per_route_with_annotated_data(make_routes: Discover) -> None:
    tree = make_routes(BLOG)
    files = declarations_for(tree)
    routes = tree.routes_dir
    assert sorted(p.relative_to(routes).as_posix() for p in files) == [
        TYPES_FILE,
        f"blog/_slug/{TYPES_FILE}",
        f"notes/_id/{TYPES_FILE}",
    ]
    assert files[routes / TYPES_FILE] == GENERATED_HEADER + (
        "\nexport type LayoutData = Record<string, string>;\n"
    )
    assert files[routes / "notes" / "_id" / TYPES_FILE] == GENERATED_HEADER + (
        "\nexport type PageData = number[];\n\n"
        "/** The URL parameters, as strings (what `useParams()` gives). */\n"
        "export interface Params {\n  id: string;\n}\n"
    )


def test_page_action_params_and_nested_interfaces(make_routes: Discover) -> None:
    tree = make_routes(BLOG)
    text = declarations_for(tree)[tree.routes_dir / "blog" / "_slug" / TYPES_FILE]
    assert text == GENERATED_HEADER + (
        "\n"
        "export type ActionData = Errors;\n"
        "\n"
        "/** The URL parameters, as strings (what `useParams()` gives). */\n"
        "export interface Params {\n  slug: string;\n}\n"
        "\n"
        "export interface PageData {\n"
        "  title: string;\n"
        "  published: string | null;\n"
        "  comments: Comment[];\n"
        "  summary?: string;\n"
        "}\n"
        "\n"
        "export interface Comment {\n  author: string;\n  replies: Comment[];\n}\n"
        "\n"
        "export interface Errors {\n  errors: Record<string, string[]>;\n}\n"
    )


def test_an_unresolvable_annotation_names_the_function_and_file(make_routes: Discover) -> None:
    tree = make_routes(
        {
            "items/handlers.py": """
                from __future__ import annotations


                def get(request) -> Missing:
                    return {}
            """
        }
    )
    with pytest.raises(AnnotationError) as info:
        declarations_for(tree)
    message = str(info.value)
    assert message.startswith("get() in ")
    assert "items/handlers.py: its annotations cannot be resolved" in message
    assert "name 'Missing' is not defined" in message
    assert "\n" not in message


def test_sync_writes_only_changes_and_removes_stale_files(make_routes: Discover) -> None:
    tree = make_routes(BLOG)
    routes = tree.routes_dir
    stale = routes / "plain" / TYPES_FILE
    stale.write_text(GENERATED_HEADER + "export type PageData = string;\n")
    own = routes / "moved" / TYPES_FILE
    own.write_text("// written by hand\nexport type X = 1;\n")

    checked = sync_declarations(tree, check=True)
    assert checked.changed
    assert len(checked.written) == 3 and checked.removed == [stale]
    assert not (routes / TYPES_FILE).exists() and stale.exists()

    first = sync_declarations(tree)
    assert first.written == checked.written and first.removed == [stale]
    assert not stale.exists() and own.exists()
    assert (routes / TYPES_FILE).read_text().startswith(GENERATED_HEADER)

    again = sync_declarations(tree, check=True)
    assert not again.changed and len(again.unchanged) == 3


def test_a_hand_written_types_file_is_not_overwritten(make_routes: Discover) -> None:
    tree = make_routes(BLOG)
    own = tree.routes_dir / "notes" / "_id" / TYPES_FILE
    own.write_text("export type PageData = number[];\n")
    with pytest.raises(DeclarationError, match=r"notes/_id/\+types\.ts was not written by"):
        sync_declarations(tree)
    assert own.read_text() == "export type PageData = number[];\n"


def test_an_unresolvable_field_names_the_class(make_routes: Discover) -> None:
    tree = make_routes(
        {
            "items/handlers.py": """
                from __future__ import annotations

                from typing import TypedDict


                class Item(TypedDict):
                    owner: Ownr


                def get(request) -> list[Item]:
                    return []
            """
        }
    )
    with pytest.raises(AnnotationError, match=r"\.Item cannot be resolved .*'Ownr'"):
        declarations_for(tree)


def test_models_use_their_serialize_annotation(make_routes: Discover) -> None:
    tree = make_routes(
        {
            "tasks/handlers.py": """
                from typing import TypedDict

                from django.db.models import QuerySet

                from testsite.models import Task


                def get(request) -> list[Task]:
                    return list(Task.objects.all())


                def post(request) -> QuerySet[Task]:
                    return Task.objects.all()
            """
        }
    )
    text = declarations_for(tree)[tree.routes_dir / "tasks" / TYPES_FILE]
    assert "export type PageData = Record<string, unknown>[];" in text
    assert "export type ActionData = unknown[];" in text


def test_types_files_are_not_routes(make_routes: Discover) -> None:
    tree = make_routes(BLOG)
    sync_declarations(tree)
    assert discover_routes(tree.routes_dir, tree.package).to_dict() == tree.to_dict()


def test_tsc_accepts_the_declarations_and_a_page_using_them(
    make_routes: Discover, tsc: list[str], tmp_path: Path
) -> None:
    tree = make_routes(BLOG)
    sync_declarations(tree)
    slug = tree.routes_dir / "blog" / "_slug"
    (slug / "page.tsx").unlink()
    runtime = (
        "declare function useData<T>(): T;\ndeclare function useActionData<T>(): T | undefined;\n"
    )
    (slug / "page.ts").write_text(
        'import type { ActionData, PageData, Params } from "./+types";\n'
        + runtime
        + "const data = useData<PageData>();\n"
        "const action = useActionData<ActionData>();\n"
        "const params: Params = { slug: 'hello' };\n"
        "export const title: string = data.title + params.slug;\n"
        "export const replies: number = data.comments[0].replies.length;\n"
        "export const when: string | undefined = data.published ?? data.summary;\n"
        "export const errors: string[] | undefined = action?.errors.text;\n"
    )
    wrong = tree.routes_dir / "notes" / "_id" / "page.ts"
    wrong.write_text(
        'import type { PageData } from "./+types";\nexport const bad: string[] = [] as PageData;\n'
    )
    config = tmp_path / "tsconfig.json"
    config.write_text(
        '{"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2022",'
        ' "module": "ESNext", "moduleResolution": "Bundler", "noUncheckedIndexedAccess": false},'
        f' "include": ["{tree.routes_dir.as_posix()}/**/*.ts"]}}\n'
    )

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*tsc, "-p", str(config)], capture_output=True, text=True, check=False, timeout=120
        )

    result = check()
    assert result.returncode != 0  # the page that misuses its data is caught ...
    assert "notes/_id/page.ts" in result.stdout
    assert "blog/_slug" not in result.stdout, result.stdout  # ... the correct one passes
    wrong.unlink()
    result = check()
    assert result.returncode == 0, result.stdout + result.stderr


TASK_FORM = {
    "tasks/handlers.py": """
        from django import forms
        from django.http import HttpResponse
        from django.shortcuts import redirect

        from testsite.models import Task


        class TaskForm(forms.ModelForm):
            class Meta:
                model = Task
                fields = ("title", "body")


        def post(request) -> TaskForm | HttpResponse:
            form = TaskForm(request.data)
            if not form.is_valid():
                return form
            form.save()
            return redirect(".")
    """,
}

USES_THE_FORM = (
    'import type { ActionData } from "./+types";\n'
    "declare function useActionData<T>(): T | undefined;\n"
    "const action = useActionData<ActionData>();\n"
    "export const message: string | undefined = action?.errors.title?.[0]?.message;\n"
    "export const general: string | undefined = action?.errors.__all__?.[0]?.code;\n"
    "export const typed: string | undefined = action?.values.body;\n"
)


def test_a_form_handler_types_its_errors_and_values_by_field_name(
    make_routes: Discover, tsc: list[str], tmp_path: Path
) -> None:
    tree = make_routes(TASK_FORM)
    sync_declarations(tree)
    tasks = tree.routes_dir / "tasks"
    text = (tasks / TYPES_FILE).read_text()
    assert "export type ActionData = TaskForm;" in text
    assert (
        'errors: Partial<Record<"title" | "body" | "__all__", FieldError[]>>;\n'
        '  values: Partial<Record<"title" | "body", string>>;'
    ) in text
    page = tasks / "page.ts"
    config = tmp_path / "tsconfig.json"
    config.write_text(
        '{"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2022",'
        ' "module": "ESNext", "moduleResolution": "Bundler"},'
        f' "include": ["{tasks.as_posix()}/*.ts"]}}\n'
    )

    def check(source: str) -> subprocess.CompletedProcess[str]:
        page.write_text(source)
        return subprocess.run(
            [*tsc, "-p", str(config)], capture_output=True, text=True, check=False, timeout=120
        )

    result = check(USES_THE_FORM)
    assert result.returncode == 0, result.stdout + result.stderr
    misspelled = check(USES_THE_FORM + "export const oops = action?.errors.titel;\n")
    assert misspelled.returncode != 0
    assert "Property 'titel' does not exist" in misspelled.stdout, misspelled.stdout
