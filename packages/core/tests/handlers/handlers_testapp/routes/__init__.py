"""Handler modules written the way a project's `routes/**/handlers.py` are."""
