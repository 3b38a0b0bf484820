"""``[djangokit]`` tables read as their typed models, whatever a settings module holds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from djangokit.core._conf import option
from djangokit.settings import CacheSettings, SSRSettings


def test_a_plain_dict_settings_module_gets_typed_tables() -> None:
    with override_settings(DJANGOKIT={"package": "x", "cache": {"seconds": 5}}):
        cache = option("cache")
        assert isinstance(cache, CacheSettings)
        assert (cache.seconds, cache.private, cache.alias) == (5, True, "default")
        assert option("cache") is cache  # validated once
        assert option("package") == "x"
        assert option("ssr") is None  # not set: no table (SSR stays off, as before)


def test_a_model_with_a_table_replaced_by_a_dict(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DJANGOKIT = settings.DJANGOKIT.model_copy(update={"ssr": {"timeout": 2}})
    ssr = option("ssr")
    assert isinstance(ssr, SSRSettings) and ssr.timeout == 2.0 and ssr.backend == "pool"


def test_an_invalid_table_names_itself() -> None:
    with (
        override_settings(DJANGOKIT={"cache": {"seconds": -1}}),
        pytest.raises(ImproperlyConfigured, match=r"settings.DJANGOKIT\['cache'\] is not valid"),
    ):
        option("cache")
