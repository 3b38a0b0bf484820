"""A real DjangoKit project, built once with real esbuild and React, rendered by real Node.

npm installs React, React Router and esbuild once (into the pytest cache, as core's build
tests do). Without Node or npm the tests skip, unless ``DJANGOKIT_REQUIRE_SERVICES=1`` (CI),
where they fail. Django is configured from the project in a temporary directory; each test
points ``BASE_DIR``, ``DJANGOKIT`` and ``ROOT_URLCONF`` at it again, so the suite also runs in
a process another suite configured.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from djangokit.core.testing import package_json

PACKAGE_JSON = package_json(
    react="^19", **{"react-dom": "^19", "react-router-dom": "^7"}, esbuild="^0.28"
)
PACKAGE = "ssrsite"
ROOT_ID = "djangokit-root"
ROOT_MARKUP = re.compile(
    r'<div id="djangokit-root">(.*?)</div>\s*<script type="application/json"', re.S
)
DATA_SCRIPT = re.compile(
    r'<script type="application/json" id="djangokit-data">(.*?)</script>', re.S
)

FILES = {
    "layout.tsx": """
        import { Outlet, useData } from "@djangokit/runtime";

        export default function RootLayout() {
          const data = useData<{ site: string }>();
          return (
            <div className="layout">
              <header>Welcome to {data?.site}</header>
              <Outlet />
            </div>
          );
        }
    """,
    "layout.py": """
        def load(request):
            return {"site": "SSR site"}
    """,
    "page.tsx": """
        import { useData } from "@djangokit/runtime";

        type Row = { id: number; name: string };

        export default function Rows() {
          const data = useData<{ rows: Row[] }>();
          return (
            <table>
              <tbody>
                {data?.rows.map((row) => (
                  <tr key={row.id}><td>{row.id}</td><td>{row.name}</td></tr>
                ))}
              </tbody>
            </table>
          );
        }

        export function meta() {
          return { title: "Rows page" };
        }
    """,
    "handlers.py": """
        def get(request):
            who = request.GET.get("who", "world")
            return {"rows": [{"id": i, "name": f"row {i} for {who}"} for i in range(20)]}
    """,
    "version/page.tsx": """
        export default function Version() {
          return <p className="version">bundle version 1</p>;
        }
    """,
    "loop/page.tsx": """
        export default function Loop() {
          for (;;) {} // never returns: the render must time out
        }
    """,
    "crash/page.tsx": """
        export default function Crash() {
          // The renderer dies in the middle of a render, as on an out-of-memory kill.
          (globalThis as any).process.kill((globalThis as any).process.pid, "SIGKILL");
          return <p>unreachable</p>;
        }
    """,
    "cached/page.tsx": """
        import { Form, useData } from "@djangokit/runtime";

        export default function Cached() {
          const data = useData<{ title: string }>();
          const g = globalThis as any;
          g.renders = (g.renders ?? 0) + 1;
          return (
            <Form method="post">
              <p>{`${data.title}, render ${g.renders}`}</p>
            </Form>
          );
        }
    """,
    "cached/handlers.py": """
        from djangokit.core.decorators import cache


        @cache(60)
        def get(request):
            return {"title": request.GET.get("title", "Cached")}


        def post(request):
            return {"title": "posted"}
    """,
    # The same page, its GET declared with @handler("get") rather than named `get`.
    "cached-handler/page.tsx": """
        import { useData } from "@djangokit/runtime";

        export default function CachedHandler() {
          const data = useData<{ title: string }>();
          const g = globalThis as any;
          g.handlerRenders = (g.handlerRenders ?? 0) + 1;
          return <p>{`${data.title}, render ${g.handlerRenders}`}</p>;
        }
    """,
    "cached-handler/handlers.py": """
        from djangokit.core import handler
        from djangokit.core.decorators import cache


        @handler("get")
        @cache(60)
        def show(request):
            return {"title": "Declared"}
    """,
    "leak/page.tsx": """
        export default function Leak() {
          const g = globalThis as any;
          g.leaked = g.leaked ?? [];
          g.leaked.push(Buffer.alloc(64 * 1024 * 1024, 1)); // 64 MiB resident per render
          return <p>{`leaked ${g.leaked.length}`}</p>;
        }
    """,
}

PROJECT_DIR = Path(tempfile.mkdtemp(prefix="djangokit-ssr-tests-")).resolve()


def _write(files: dict[str, str], base: Path) -> None:
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())


def _write_project() -> None:
    src = PROJECT_DIR / "src" / PACKAGE
    (src / "routes").mkdir(parents=True, exist_ok=True)
    (src / "__init__.py").write_text("")
    (PROJECT_DIR / "package.json").write_text('{"private": true, "type": "module"}\n')
    (PROJECT_DIR / "settings.toml").write_text(
        f'[django]\nTIME_ZONE = "UTC"\n\n[djangokit]\npackage = "{PACKAGE}"\n\n'
        "[djangokit.ssr]\nenabled = false\n"
    )
    _write(FILES, src / "routes")
    if str(PROJECT_DIR / "src") not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR / "src"))


def pytest_configure(config: pytest.Config) -> None:
    _write_project()
    from django.conf import settings

    if settings.configured:
        return
    from djangokit.settings import load

    django = load(PROJECT_DIR, env="test", environ={}).django
    settings.configure(**django)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(PROJECT_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def node_modules(npm_install: Callable[[str, str], Path]) -> Path:
    """A ``node_modules`` with :data:`PACKAGE_JSON`'s packages, installed once and cached
    (DjangoKit's ``npm_install`` fixture, as core's build tests do)."""
    return npm_install(PACKAGE_JSON, "djangokit-npm")


def build_project() -> None:
    from djangokit.core import discover_routes
    from djangokit.core.build import build

    tree = discover_routes(PROJECT_DIR / "src" / PACKAGE / "routes", PACKAGE)
    build(PROJECT_DIR, tree=tree, static_url="/static/", options={})


@pytest.fixture(scope="session")
def built(node_modules: Path) -> Path:
    """The project, built: its server bundle's path."""
    link = PROJECT_DIR / "node_modules"
    if not link.exists():
        link.symlink_to(node_modules, target_is_directory=True)
    build_project()
    bundle = PROJECT_DIR / ".djangokit" / "build" / "server" / "server.mjs"
    assert bundle.is_file()
    return bundle


@pytest.fixture(autouse=True)
def _project_settings(settings: Any) -> None:
    from djangokit.settings import load

    loaded = load(PROJECT_DIR, env="test", environ={})
    settings.BASE_DIR = PROJECT_DIR
    settings.DJANGOKIT = loaded.djangokit
    settings.ROOT_URLCONF = "djangokit.core.urls"


@pytest.fixture
def use_ssr(settings: Any) -> Callable[..., Any]:
    """``use_ssr(backend="pool", **options)``: turn SSR on for one test; the renderer."""
    from djangokit.core.ssr import get_renderer
    from djangokit.settings import SSRSettings

    def use(backend: str = "pool", **options: Any) -> Any:
        options.setdefault("enabled", True)
        ssr = SSRSettings(backend=backend, **options)
        settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"ssr": ssr})
        return get_renderer()

    return use


def root_markup(content: bytes) -> str:
    """What the document has inside ``#djangokit-root``."""
    match = ROOT_MARKUP.search(content.decode())
    assert match is not None, content
    return match.group(1)


def embedded_data(content: bytes) -> Any:
    (text,) = DATA_SCRIPT.findall(content.decode())
    return json.loads(text)


def node_render(bundle: Path, url: str, data: Any) -> dict[str, Any]:
    """Render with a fresh ``node`` importing the bundle directly: the reference markup."""
    script = (
        f"const {{ render }} = await import({json.dumps(bundle.as_uri())});\n"
        f"const page = await render({json.dumps(url)}, {json.dumps(data)});\n"
        "process.stdout.write(JSON.stringify(page));\n"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    rendered: dict[str, Any] = json.loads(result.stdout)
    return rendered


@pytest.fixture
def pages(built: Path) -> Iterator[Path]:
    """The built project's routes directory (restored after the test)."""
    routes = PROJECT_DIR / "src" / PACKAGE / "routes"
    yield routes
    changed = any(
        (routes / name).read_text() != textwrap.dedent(text).lstrip()
        for name, text in FILES.items()
    )
    if changed:
        _write(FILES, routes)
        build_project()
