"""Browser tests: the example microblog, built with real esbuild, served by a real Django
server in a subprocess, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.testing import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "microblog"

# Routes the tests add to their copy of the example: a page whose handler refuses entry, and
# an upload form (docs/forms.md#uploads) that stores a .txt file and shows its URL.
EXTRA_FILES = {
    "src/microblog/routes/uploads/handlers.py": (
        "from django import forms\n"
        "from django.core.files.storage import default_storage\n"
        "from django.core.validators import FileExtensionValidator\n"
        "from django.http import HttpResponse\n"
        "from django.shortcuts import redirect\n"
        "from django.utils.http import urlencode\n\n\n"
        "class UploadForm(forms.Form):\n"
        "    title = forms.CharField()\n"
        '    file = forms.FileField(validators=[FileExtensionValidator(["txt"])])\n\n\n'
        "def get(request):\n"
        '    return {"stored": request.GET.get("stored")}\n\n\n'
        "def post(request) -> UploadForm | HttpResponse:\n"
        "    form = UploadForm(request.data, request.FILES)\n"
        "    if not form.is_valid():\n"
        "        return form\n"
        '    upload = form.cleaned_data["file"]\n'
        '    name = default_storage.save(f"uploads/{upload.name}", upload)\n'
        '    return redirect("/uploads?" + urlencode({"stored": default_storage.url(name)}))\n'
    ),
    "src/microblog/routes/uploads/page.tsx": (
        'import { FieldErrors, Form, useData, useField } from "@djangokit/runtime";\n\n'
        "export default function Uploads() {\n"
        "  const { stored } = useData<{ stored: string | null }>();\n"
        "  return (\n"
        '    <Form method="post" encType="multipart/form-data">\n'
        '      {stored && <a href={stored} id="stored">{stored}</a>}\n'
        '      <input {...useField("title")} placeholder="Title" />\n'
        '      <FieldErrors name="title" />\n'
        '      <input {...useField("file")} type="file" aria-label="File" />\n'
        '      <FieldErrors name="file" />\n'
        "      <button>Upload</button>\n"
        "    </Form>\n"
        "  );\n"
        "}\n"
    ),
    "src/microblog/routes/boom/handlers.py": (
        "from django.core.exceptions import PermissionDenied\n\n\n"
        "def get(request):\n    raise PermissionDenied('No entry here')\n"
    ),
    "src/microblog/routes/boom/page.tsx": (
        "export default function Boom() {\n  return <p>unreachable</p>;\n}\n"
    ),
}


@pytest.fixture(scope="session")
def node_modules(npm_install: Callable[..., Path]) -> Path:
    """The example's npm dependencies at its lockfile's versions, installed once into
    pytest's cache and reused."""
    text, lock = ((EXAMPLE / name).read_text() for name in ("package.json", "package-lock.json"))
    return npm_install(text, "djangokit-e2e-npm", lock)


def _django(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=_env(project), capture_output=True, text=True
    )


def _env(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="djangokit.core.settings",
        DJANGOKIT_PROJECT_ROOT=str(project),
        DJANGOKIT_ENV="development",
        PYTHONUNBUFFERED="1",
    )
    return env


class Site:
    """The running example: its URL, its directory, and a way to read its database."""

    def __init__(self, url: str, project: Path) -> None:
        self.url = url
        self.project = project

    def get_json(self, path: str) -> Any:
        request = urllib.request.Request(self.url + path, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, node_modules: Path) -> Iterator[Site]:
    """Copy the example, build it, migrate it and serve it with `runserver` on 127.0.0.1."""
    project = tmp_path_factory.mktemp("e2e") / "microblog"
    shutil.copytree(
        EXAMPLE,
        project,
        ignore=shutil.ignore_patterns("node_modules", ".djangokit", "db.sqlite3", "__pycache__"),
    )
    for name, text in EXTRA_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)

    build = "import django; django.setup(); from djangokit.core.build import build; build()"
    built = _django(project, "-c", build)
    assert built.returncode == 0, built.stderr
    migrated = _django(project, "-m", "django", "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr

    port = free_port()
    log = (project / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=project,
        env=_env(project),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/api/posts", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"the server did not start:\n{(project / 'server.log').read_text()}"
                    )
                time.sleep(0.2)
        yield Site(url, project)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


class Console:
    """Console errors/warnings and uncaught exceptions a page produced."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        """Expect a problem containing `text` (e.g. the browser's log of a 404 response)."""
        self.allowed.append(text)

    def on_console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console.{message.type}: {message.text}")

    def on_error(self, error: Any) -> None:
        self.problems.append(f"pageerror: {error}")


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Any, site: Site, console: Console) -> Iterator[Any]:
    """A fresh browser context and page; fails the test on any console error or warning."""
    context = browser.new_context(base_url=site.url)
    # The example has no favicon; Chromium's request for one is not what these tests check.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_error)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    unexpected = [p for p in console.problems if not any(a in p for a in console.allowed)]
    assert not unexpected, "\n".join(unexpected)


@pytest.fixture
def no_js_page(browser: Any, site: Site) -> Iterator[Any]:
    """A page in a context with JavaScript disabled: only the server-rendered HTML works
    (skips without org-djangokit-ssr, which renders it)."""
    pytest.importorskip("djangokit.ssr")
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
