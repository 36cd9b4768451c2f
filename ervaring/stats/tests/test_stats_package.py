"""`ervaring.stats` loads its submodules on first use, and gives the same objects."""

import importlib

import pytest

import ervaring.stats
from ervaring.stats.tests.loading import modules_loaded_by

SUBMODULES = (
    "design",
    "differences",
    "margin",
    "proportions",
    "representativeness",
    "summaries",
    "suppression",
    "weighting",
)


def test_every_public_name_is_the_object_its_submodule_defines():
    defined = {}
    for name in SUBMODULES:
        module = importlib.import_module(f"ervaring.stats.{name}")
        for public in ervaring.stats.__all__:
            if getattr(module, public, None) is not None and public in vars(module):
                defined.setdefault(public, getattr(module, public))
    assert set(defined) == set(ervaring.stats.__all__)
    for public, value in defined.items():
        assert getattr(ervaring.stats, public) is value
    from ervaring.stats import rake, summarise_agree

    assert (rake, summarise_agree) == (defined["rake"], defined["summarise_agree"])


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_statistic"):
        ervaring.stats.no_such_statistic  # noqa: B018


def test_a_light_submodule_loads_neither_pandas_nor_scipy():
    loaded = modules_loaded_by(
        "from ervaring.stats.codes import TOTAL_LABEL\n"
        "from ervaring.stats.suppression import DEFAULT_MIN_N\n"
    )
    assert "ervaring" in loaded and loaded & {"pandas", "scipy"} == set()
