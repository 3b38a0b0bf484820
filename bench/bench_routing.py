"""What finding a route costs as a project grows, next to Django's own pattern scan.

Generates a project with ``--routes`` static routes (``/page-<i>``) and as many dynamic ones
(``/items-<i>/<id>``), and times resolving the last static one, the first one and the last
dynamic one through DjangoKit's resolver, against the same URL patterns scanned one by one
as ``include()`` does. One process, best of ``--repeats`` runs; prints microseconds per
resolve and the ratio to the scan.

    python bench/bench_routing.py [--routes 100] [--resolves 20000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def make_project(root: Path, routes: int) -> Path:
    """A package ``routingbench`` whose routes/ holds *routes* static and dynamic routes."""
    routes_dir = root / "routingbench" / "routes"
    routes_dir.mkdir(parents=True)
    (root / "routingbench" / "__init__.py").write_text("")
    for i in range(routes):
        static = routes_dir / f"page-{i}"
        static.mkdir()
        (static / "handlers.py").write_text("def get(request):\n    return {}\n")
        dynamic = routes_dir / f"items-{i}" / "_id"
        dynamic.mkdir(parents=True)
        (dynamic / "handlers.py").write_text("def get(request, id: int):\n    return {}\n")
    return routes_dir


def best_of(resolve: Callable[[str], object], path: str, n: int, repeats: int) -> float:
    """Microseconds per call of ``resolve(path)``, best of *repeats* runs of *n*."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()  # CPU time: other load on the machine does not count
        for _ in range(n):
            resolve(path)
        best = min(best, time.process_time() - started)
    return best / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=100, help="static (and dynamic) routes")
    parser.add_argument("--resolves", type=int, default=20000, help="resolves per run")
    parser.add_argument("--repeats", type=int, default=7, help="runs; the best one counts")
    args = parser.parse_args()

    import django
    from django.conf import settings

    settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], INSTALLED_APPS=[])
    django.setup()
    from django.urls import URLResolver

    from djangokit.core import get_urlpatterns
    from djangokit.core._discovery import discover_routes

    with tempfile.TemporaryDirectory() as tmp:
        routes_dir = make_project(Path(tmp), args.routes)
        sys.path.insert(0, tmp)
        (resolver,) = get_urlpatterns(discover_routes(routes_dir, "routingbench"))
    assert isinstance(resolver, URLResolver)

    def scan(path: str) -> object:
        return URLResolver.resolve(resolver, path)  # Django's own loop over the patterns

    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}: ", end="")
    print(f"{args.routes} static + {args.routes} dynamic routes, ", end="")
    print(f"{args.resolves} resolves x {args.repeats} runs, best run (CPU time)")
    for label, path in [
        ("first static route", "page-0"),
        ("last static route", f"page-{args.routes - 1}"),
        ("last dynamic route", f"items-{args.routes - 1}/7"),
    ]:
        assert resolver.resolve(path).func is scan(path).func  # type: ignore[attr-defined]
        ours = best_of(resolver.resolve, path, args.resolves, args.repeats)
        django_scan = best_of(scan, path, args.resolves, args.repeats)
        print(
            f"  {label:<20} /{path:<16} djangokit {ours:7.2f} us   Django's scan "
            f"{django_scan:7.2f} us   ratio {ours / django_scan:5.2f}"
        )


if __name__ == "__main__":
    main()
