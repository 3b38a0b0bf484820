"""DjangoKit's task runner: `nox -l` lists the sessions, `nox -s ci` runs what CI runs."""

from __future__ import annotations

import os
import pathlib
import shutil

import nox

ROOT = pathlib.Path(__file__).parent
PACKAGES = ("settings", "core", "ssr", "cli")
# In-repo dependencies of each distribution (mirrors their pyproject.toml files).
LOCAL_DEPS = {
    "settings": (),
    "core": ("settings",),
    "ssr": ("core", "settings"),
    "cli": ("core", "settings"),
}
TEST_DEPS = ("pytest>=8", "pytest-django>=4.9", "hypothesis>=6.100")
# Test-only extras per package: core's tests check their PostgreSQL guard with the driver,
# ssr's render cache is tested against Redis.
# Sibling distributions a package works with but does not require (its tests cover both).
OPTIONAL_LOCAL = {"cli": ("ssr",)}
EXTRA_TEST_DEPS = {
    "core": ("psycopg[binary]>=3.1",),
    "ssr": ("redis>=5",),
    "cli": ("ruff",),  # lints what `dk add` writes
}
# Oldest supported Python with Django 5.2 LTS; Django 6 needs Python >= 3.12.
OLDEST_PYTHON = "3.11"
DJANGO_MATRIX = [(OLDEST_PYTHON, "5.2"), ("3.12", "6"), ("3.13", "6")]
DJANGO_IDS = [f"{python}-django{django}" for python, django in DJANGO_MATRIX]
RUNTIME = ROOT / "npm" / "runtime"
# The pytest runs of the sessions below, one per entry: tests/repo/test_collection.py checks
# that the runs `ci` makes collect every test file of every tests/ directory.
PYTEST_RUNS: dict[str, tuple[str, ...]] = {
    **{f"tests(package='{package}')": (f"packages/{package}/tests",) for package in PACKAGES},
    "django": ("packages/settings/tests", "packages/core/tests"),
    "postgres": ("packages/core/tests",),
    "repo": ("tests/repo",),
    "e2e": ("tests", "--ignore=tests/repo"),
}
# What `nox -s ci` runs, in order; a parametrized session is notified by its full name.
CI_SESSIONS = (
    "lint",
    "typecheck",
    "repo",
    *(f"tests(package='{package}')" for package in PACKAGES),
    # Not django(3.11-django5.2): tests(package='settings') and tests(package='core') run
    # those same tests on the oldest Python, where Django 5.2 LTS is the newest that installs.
    *(
        f"django({name})"
        for (python, _django), name in zip(DJANGO_MATRIX, DJANGO_IDS, strict=True)
        if python != OLDEST_PYTHON
    ),
    "postgres",
    "runtime",
    "build",
    "e2e",
)

nox.options.sessions = ["lint", "typecheck", "repo", "tests", "django", "runtime", "build", "e2e"]
nox.options.error_on_missing_interpreters = True
nox.options.reuse_existing_virtualenvs = True
# uv makes a session's virtualenv and installs into it in seconds where pip takes 20-30
# (13 sessions in `ci`); without uv on PATH, nox falls back to virtualenv and pip. uv only
# uses the machine's interpreters (pyenv's 3.12/3.13 for the matrix), never downloads one.
nox.options.default_venv_backend = "uv|virtualenv"
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def _install_local(session: nox.Session, *names: str, extra: tuple[str, ...] = ()) -> None:
    """Install local distributions in ONE install call, so PyPI's old org-djangokit-* never win."""
    wanted: list[str] = []
    for name in names:
        for dep in (*LOCAL_DEPS[name], name):
            if dep not in wanted:
                wanted.append(dep)
    session.install(*(str(ROOT / "packages" / n) for n in wanted), *extra)


def _pytest(session: nox.Session, *paths: str) -> None:
    session.run("pytest", *paths, *session.posargs)


@nox.session(python=OLDEST_PYTHON)
@nox.parametrize("package", PACKAGES)
def tests(session: nox.Session, package: str) -> None:
    """Run one distribution's tests with only it and its in-repo dependencies installed.

    On the oldest supported Python, so with Django 5.2 LTS (Django 6 needs Python 3.12)."""
    local = (package, *OPTIONAL_LOCAL.get(package, ()))
    _install_local(session, *local, extra=(*TEST_DEPS, *EXTRA_TEST_DEPS.get(package, ())))
    _pytest(session, *PYTEST_RUNS[f"tests(package='{package}')"])


@nox.session
@nox.parametrize(("python", "django"), DJANGO_MATRIX, ids=DJANGO_IDS)
def django(session: nox.Session, django: str) -> None:
    """Run the Django-facing tests against each supported Django release."""
    nxt = int(django.split(".")[0]) + 1
    spec = f"django>={django},<{nxt}" if "." not in django else f"django~={django}.0"
    _install_local(session, "core", extra=(*TEST_DEPS, spec, "psycopg[binary]>=3.1"))
    _pytest(session, *PYTEST_RUNS["django"])


@nox.session
def postgres(session: nox.Session) -> None:
    """Run core's tests against PostgreSQL (DATABASE_URL, default 127.0.0.1:5432/test)."""
    _install_local(session, "core", extra=(*TEST_DEPS, "psycopg[binary]>=3.1"))
    session.env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    _pytest(session, *PYTEST_RUNS["postgres"])


@nox.session
def repo(session: nox.Session) -> None:
    """Check repository invariants: one version, PEP 420, sorted __all__, every test collected."""
    # nox: the collection test reads this noxfile; core: tests/conftest.py takes its shared
    # test helpers (djangokit.core.testing).
    _install_local(session, "core", extra=("pytest>=8", "nox>=2024.4"))
    _pytest(session, *PYTEST_RUNS["repo"])


def _npm(session: nox.Session, *args: str) -> None:
    session.run("npm", *args, external=True)


@nox.session(python=False)
def runtime(session: nox.Session) -> None:
    """Install, test and build the @djangokit/runtime npm package."""
    session.chdir(RUNTIME)
    _npm(session, "ci", "--no-audit", "--no-fund")
    _npm(session, "test")
    _npm(session, "run", "build")


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check every Python file with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the Python packages (mypy --strict + django-stubs) and the runtime (tsc)."""
    # What the sources import beyond their requirements: whitenoise (the cli's [serve] extra),
    # pytest, pytest-django and Playwright (core's [testing] extra and its browser fixture).
    typing = ("mypy>=1.11", "django-stubs>=5.1", "whitenoise>=6.6", *TEST_DEPS, "playwright>=1.45")
    _install_local(session, *PACKAGES, extra=typing)
    # django-stubs imports the settings module, which needs a project: use core's test project.
    project = ROOT / "packages" / "core" / "tests" / "project"
    env = {
        "DJANGOKIT_PROJECT_ROOT": str(project),
        "DJANGOKIT_ENV": "test",
        "MYPYPATH": str(project / "src"),
    }
    session.run("mypy", *(f"packages/{p}/src" for p in PACKAGES), env=env)
    if shutil.which("npm"):
        session.chdir(RUNTIME)
        if not (RUNTIME / "node_modules").exists():
            _npm(session, "ci", "--no-audit", "--no-fund")
        _npm(session, "run", "typecheck")


@nox.session
def build(session: nox.Session) -> None:
    """Build wheels and sdists of the four distributions and the npm tarball into dist/."""
    session.install("build>=1.2")
    out = ROOT / "dist"
    shutil.rmtree(out, ignore_errors=True)
    for package in PACKAGES:
        session.run("python", "-m", "build", "--outdir", str(out), f"packages/{package}")
    session.chdir(RUNTIME)
    if not (RUNTIME / "node_modules").exists():
        _npm(session, "ci", "--no-audit", "--no-fund")
    _npm(session, "pack", "--pack-destination", str(out))
    session.chdir(ROOT)
    session.run("python", "scripts/check_dists.py", str(out))


@nox.session
def e2e(session: nox.Session) -> None:
    """Run the cross-package and browser tests in tests/ (Playwright driving Debian's Chromium)."""
    # gunicorn and whitenoise: `org-djangokit-cli[serve]`, for `dk serve` in tests/cli; the
    # PostgreSQL driver and Redis client for tests/cli/test_scale.py (Django's RedisCache).
    serve = ("gunicorn>=23", "whitenoise>=6.6")
    services = ("psycopg[binary]>=3.1", "redis>=5")
    extra = (*TEST_DEPS, *serve, *services, "playwright>=1.45")
    _install_local(session, *PACKAGES, extra=extra)
    _pytest(session, *PYTEST_RUNS["e2e"])


@nox.session(default=False)
def demo(session: nox.Session) -> None:
    """Set up the example microblog from nothing and serve it at http://127.0.0.1:8000 (SQLite)."""
    _install_local(session, "core", "ssr", "cli")
    example = ROOT / "examples" / "microblog"
    session.chdir(example)
    _npm(session, "install", "--no-audit", "--no-fund")
    env = {"DJANGOKIT_PROJECT_ROOT": str(example), "DJANGOKIT_ENV": "development"}
    session.run("dk", "migrate", "--noinput", env=env)
    session.run("dk", "dev", "--host", "127.0.0.1", "--port", "8000", env=env)


@nox.session(default=False)
def bump(session: nox.Session) -> None:
    """Move every package to one new version: `nox -s bump -- 0.2.0`."""
    if len(session.posargs) != 1:
        session.error("usage: nox -s bump -- NEW_VERSION")
    session.run("python", "scripts/bump_version.py", session.posargs[0])


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in bench/ (prints figures and ratios; not a test)."""
    _install_local(session, *PACKAGES, extra=("gunicorn>=22",))
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)


@nox.session(python=False, default=False)
def ci(session: nox.Session) -> None:
    """Everything CI runs, in order; services (PostgreSQL, Redis, Chromium) are mandatory here."""
    os.environ["DJANGOKIT_REQUIRE_SERVICES"] = "1"
    for name in CI_SESSIONS:
        session.notify(name)
