"""The ssr distribution installs beside the exact core it was released with."""

from importlib.metadata import requires, version

import djangokit.ssr


def test_version_matches_installed_metadata() -> None:
    assert djangokit.ssr.__version__ == version("org-djangokit-ssr")


def test_pins_the_core_of_the_same_version() -> None:
    assert f"org-djangokit-core=={djangokit.ssr.__version__}" in (
        requires("org-djangokit-ssr") or []
    )
    assert version("org-djangokit-core") == djangokit.ssr.__version__
