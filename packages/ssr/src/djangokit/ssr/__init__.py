"""Server-side rendering for DjangoKit through persistent Node renderers.

The renderer pool lands with its own issue; today this distribution only reserves the
`djangokit.ssr` name and pins the core it will plug into.
"""

from djangokit.ssr._version import __version__

__all__ = ["__version__"]
