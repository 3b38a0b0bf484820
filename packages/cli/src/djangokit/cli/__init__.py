"""The `dk` command line (also installed as `djangokit`)."""

from djangokit.cli._main import main
from djangokit.cli._version import __version__

__all__ = ["__version__", "main"]
