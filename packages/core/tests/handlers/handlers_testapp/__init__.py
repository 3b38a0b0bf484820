"""A throwaway Django app for the handler-layer tests: models, handler modules, URLs."""
