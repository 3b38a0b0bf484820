"""The layered value tree and the origin of each value."""

from __future__ import annotations

from djangokit.settings._provenance import DEFAULTS, Layers, Origin

A, B, C = Origin("a"), Origin("b"), Origin("c")


def test_tables_merge_and_scalars_replace() -> None:
    layers = Layers()
    layers.merge(("k",), {"ssr": {"workers": 1, "timeout": 2}}, A)
    layers.merge(("k",), {"ssr": {"workers": 3}}, B)
    assert layers.data == {"k": {"ssr": {"workers": 3, "timeout": 2}}}
    assert layers.origin(("k", "ssr", "workers")) == B
    assert layers.origin(("k", "ssr", "timeout")) == A
    layers.merge(("k", "ssr"), 5, C)
    assert layers.data == {"k": {"ssr": 5}}
    assert layers.origin(("k", "ssr", "workers")) == C
    layers.merge(("k", "ssr", "workers"), 7, A)
    assert layers.data == {"k": {"ssr": {"workers": 7}}}


def test_set_replaces_tables_whole() -> None:
    layers = Layers()
    layers.set(("django", "DATABASES"), {"default": {}, "other": {}}, A)
    layers.set(("django", "DATABASES"), {}, B)
    assert layers.data == {"django": {"DATABASES": {}}}


def test_empty_table_does_not_clear_a_merged_table() -> None:
    layers = Layers()
    layers.merge(("k",), {"ssr": {"workers": 1}}, A)
    layers.merge(("k",), {"ssr": {}}, B)
    assert layers.get(("k", "ssr")) == {"workers": 1}


def test_origin_of_unset_key() -> None:
    layers = Layers()
    assert layers.origin(("k", "x")) is DEFAULTS
    layers.merge(("k", "t"), {"a": 1}, A)
    layers.merge(("k", "t", "b"), 2, B)
    # A key nobody wrote is blamed on the latest write into its table...
    assert layers.origin(("k", "t", "missing")) == B
    # ...unless only exact origins are wanted.
    assert layers.origin(("k", "t", "missing"), nearby=False) is DEFAULTS
    assert not layers.has(("k", "t", "missing"))
    assert layers.has(("k", "t", "a"))
