"""A microblog: the DjangoKit example app."""
