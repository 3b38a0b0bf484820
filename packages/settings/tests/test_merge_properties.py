"""Property-based tests of the merge order.

Layers, in order: settings.toml, settings.<env>.toml, settings.local.toml,
environment variables, load() keywords. For any subset of layers setting a key,
the last one present wins; absent everywhere, the default holds. [djangokit]
tables merge key by key across layers; a [django] setting is replaced whole.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djangokit.settings import load

FILES = ("settings.toml", "settings.development.toml", "settings.local.toml")
LAYERS = (*FILES, "environ", "override")

# `new_project` is a factory making a fresh directory per example.
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True), children, max_size=3),
    ),
    max_leaves=6,
)


def toml_value(value: Any) -> str:
    """A TOML literal for ``value`` (JSON's syntax is TOML's for these types)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def apply(project: Any, values: dict[str, Any], django_key: str | None, kit_key: str | None):
    """Write each layer's value for the key; return load()'s result."""
    files: dict[str, list[str]] = {name: [] for name in FILES}
    environ: dict[str, str] = {}
    overrides: dict[str, Any] = {}
    for layer, value in values.items():
        if value is None:
            continue
        if layer in FILES:
            if django_key:
                files[layer].append(f"[django]\n{django_key} = {toml_value(value)}")
            if kit_key:
                table, key = kit_key.split(".")
                files[layer].append(f"[djangokit.{table}]\n{key} = {toml_value(value)}")
        elif layer == "environ":
            if django_key:
                environ[f"DJANGO_{django_key}"] = json.dumps(value)
            if kit_key:
                environ["DJANGOKIT_" + kit_key.upper().replace(".", "__")] = str(value)
        else:
            if django_key:
                overrides[django_key] = value
            if kit_key:
                table, key = kit_key.split(".")
                overrides[table] = {key: value}
    for name, parts in files.items():
        if parts:
            project.write(name, "\n".join(parts))
    return load(project.root, environ=environ, **overrides)


def last_present(values: dict[str, Any], default: Any) -> Any:
    present = [values[layer] for layer in LAYERS if values.get(layer) is not None]
    return present[-1] if present else default


@SETTINGS
@given(values=st.fixed_dictionaries({layer: st.none() | json_values for layer in LAYERS}))
def test_last_layer_wins_for_django_settings(new_project, values: dict[str, Any]) -> None:
    loaded = apply(new_project(), values, "MY_SETTING", None)
    assert loaded.django.get("MY_SETTING") == last_present(values, None)


@SETTINGS
@given(
    values=st.fixed_dictionaries(
        {layer: st.none() | st.integers(min_value=1, max_value=512) for layer in LAYERS}
    )
)
def test_last_layer_wins_for_djangokit_options(new_project, values: dict[str, Any]) -> None:
    loaded = apply(new_project(), values, None, "ssr.workers")
    assert loaded.djangokit.ssr.workers == last_present(values, None)


@SETTINGS
@given(
    values=st.fixed_dictionaries(
        {layer: st.none() | st.integers(min_value=0, max_value=10**6) for layer in LAYERS}
    )
)
def test_last_layer_wins_for_both_tables_at_once(new_project, values: dict[str, Any]) -> None:
    loaded = apply(new_project(), values, "SESSION_COOKIE_AGE", "cache.seconds")
    assert loaded.djangokit.cache.seconds == last_present(values, 0)
    assert loaded.django.get("SESSION_COOKIE_AGE") == last_present(values, None)


OPTIONS = {
    "workers": st.integers(1, 64),
    "timeout": st.floats(0.5, 60, allow_nan=False),
    "max_renders": st.integers(1, 10**6),
    "max_memory_mb": st.integers(16, 4096),
    "backend": st.sampled_from(["pool", "subprocess"]),
}


@SETTINGS
@given(
    data=st.data(),
    owners=st.fixed_dictionaries({key: st.sampled_from(LAYERS) for key in OPTIONS}),
)
def test_djangokit_tables_merge_key_by_key(new_project, data: st.DataObject, owners) -> None:
    """Each [djangokit.ssr] key set in a different layer: all of them survive."""
    values = {key: data.draw(strategy, label=key) for key, strategy in OPTIONS.items()}
    project = new_project()
    files: dict[str, list[str]] = {}
    environ: dict[str, str] = {}
    ssr: dict[str, Any] = {}
    for key, layer in owners.items():
        if layer in FILES:
            files.setdefault(layer, []).append(f"{key} = {toml_value(values[key])}")
        elif layer == "environ":
            environ[f"DJANGOKIT_SSR__{key.upper()}"] = str(values[key])
        else:
            ssr[key] = values[key]
    for name, lines in files.items():
        project.write(name, "[djangokit.ssr]\n" + "\n".join(lines))
    loaded = load(project.root, environ=environ, **({"ssr": ssr} if ssr else {}))
    assert {key: getattr(loaded.djangokit.ssr, key) for key in OPTIONS} == values


@SETTINGS
@given(
    first=st.dictionaries(st.sampled_from(["default", "replica", "old"]), st.just(1), min_size=1),
    second=st.dictionaries(st.sampled_from(["default", "replica"]), st.just(2), min_size=1),
    layers=st.lists(st.sampled_from(LAYERS), min_size=2, max_size=2, unique=True).map(
        lambda pair: sorted(pair, key=LAYERS.index)
    ),
)
def test_django_settings_are_replaced_whole(new_project, first, second, layers) -> None:
    earlier, later = ({name: {"NAME": n} for name, n in table.items()} for table in (first, second))
    values = {layers[0]: earlier, layers[1]: later}
    loaded = apply(new_project(), values, "MY_TABLE", None)
    assert loaded.django["MY_TABLE"] == later
