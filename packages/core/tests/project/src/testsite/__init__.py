"""A small DjangoKit project exercising every route convention."""
