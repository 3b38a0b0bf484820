"""`dk types` then `dk check` on a form page: the page type-checks against the runtime's real
types, and a misspelled field name fails the check (docs/forms.md#types-dk-types)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from djangokit.cli._templates import render_file

# What `dk check` asks for (its hint): TypeScript and React's types, beside dk new's packages.
TYPES = {"typescript": "^7.0.2", "@types/react": "^19.3.3", "@types/react-dom": "^19.3.0"}

HANDLERS = """\
from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect


class NoteForm(forms.Form):
    title = forms.CharField(max_length=80)
    body = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput)


def post(request) -> NoteForm | HttpResponse:
    form = NoteForm(request.data)
    if not form.is_valid():
        return form
    return redirect(".")
"""

PAGE = """\
import { FieldErrors, Form, useActionData, useField } from "@djangokit/runtime";

import type { ActionData } from "./+types";

export default function Notes() {
  const action = useActionData<ActionData>();
  const first: string | undefined = action?.errors.title?.[0]?.message;
  const typed: string | undefined = action?.values.body;
  return (
    <Form method="post" title={first ?? typed}>
      <FieldErrors<ActionData> name="__all__" />
      <input {...useField<ActionData>("%(field)s")} />
      <FieldErrors<ActionData> name="title" />
      <input {...useField<ActionData>("secret")} type="password" />
    </Form>
  );
}
"""


@pytest.fixture(scope="module")
def typed_node_modules(npm_install: Callable[[str, str], Path]) -> Path:
    package = json.loads(render_file("new/package.json", {"npm_name": "djangokit-cli-types"}))
    package["devDependencies"] = TYPES
    return npm_install(json.dumps(package, indent=2), "djangokit-cli-npm-types")


def test_dk_check_refuses_a_misspelled_form_field(
    tmp_path: Path,
    typed_node_modules: Path,
    run: Callable[..., str],
    run_dk: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    run("new", "formsite", "--no-install", cwd=tmp_path)
    project = tmp_path / "formsite"
    (project / "node_modules").symlink_to(typed_node_modules, target_is_directory=True)
    notes = project / "src" / "formsite" / "routes" / "notes"
    notes.mkdir()
    (notes / "handlers.py").write_text(HANDLERS)
    (notes / "page.tsx").write_text(PAGE % {"field": "title"})
    assert run("types", cwd=project).splitlines() == ["Wrote src/formsite/routes/notes/+types.ts"]

    out = run("check", cwd=project)
    assert "types: no problems." in out, out

    (notes / "page.tsx").write_text(PAGE % {"field": "titel"})
    failed = run_dk("check", cwd=project)
    assert failed.returncode != 0
    assert "notes/page.tsx" in failed.stderr and '"titel"' in failed.stderr, failed.stderr
    assert "types: tsc found errors." in failed.stderr
