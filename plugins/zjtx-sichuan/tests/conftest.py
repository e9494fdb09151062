"""Fixtures of the Sichuan plug-in's tests.

The facade is built from the plug-in module itself (``entry_points=False``), so these tests pass
whether or not the package is installed and whatever other plug-ins are; the test of the installed
entry point is skipped when it is absent. Data and helpers live in ``sichuan_testdata``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from zjtx.plugins import PluginFacade

import zjtx_sichuan.plugin
from sichuan_testdata import FEATURED, example_frame, relocate


@pytest.fixture(scope="session")
def examples() -> pd.DataFrame:
    return example_frame()


@pytest.fixture(scope="session")
def sichuan_examples(examples: pd.DataFrame) -> pd.DataFrame:
    """The examples registered in Chengdu, every featured column set to 否."""
    out = relocate(examples)
    for name in FEATURED:
        out[name] = False
    return out


@pytest.fixture(scope="session")
def sichuan() -> PluginFacade:
    return PluginFacade.create(plugins=[("sichuan", zjtx_sichuan.plugin)], entry_points=False)


@pytest.fixture(scope="session")
def national() -> PluginFacade:
    return PluginFacade.create(entry_points=False)


@pytest.fixture(scope="session")
def e9(examples: pd.DataFrame) -> str:
    """The USCC of example E9 (SRDI score 57 nationally)."""
    names = examples.groupby("uscc", sort=False)["name"].first()
    return names[names.str.startswith("云南示例E9")].index[0]
