"""The version shared by every DjangoKit package (bumped by ``nox -s bump``)."""

__version__ = "0.1.0"
