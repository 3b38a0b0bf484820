"""Helpers beside the routes: a directory with no route files is not a route."""


def shout(text: str) -> str:
    return text.upper()
