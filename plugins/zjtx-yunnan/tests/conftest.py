"""Fixtures of the Yunnan plug-in's tests.

The facade is built from the plug-in module itself (``entry_points=False``), so these tests pass
whether or not the package is installed and whatever other plug-ins are; the test of the installed
entry point is skipped when it is absent. Data and helpers live in ``yunnan_testdata``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from zjtx.plugins import PluginFacade

import zjtx_yunnan.plugin
from yunnan_testdata import example_frame


@pytest.fixture(scope="session")
def examples() -> pd.DataFrame:
    return example_frame()


@pytest.fixture(scope="session")
def yunnan() -> PluginFacade:
    """The national plug-in and this one, nothing else."""
    return PluginFacade.create(plugins=[("yunnan", zjtx_yunnan.plugin)], entry_points=False)


@pytest.fixture(scope="session")
def national() -> PluginFacade:
    """The national plug-in alone."""
    return PluginFacade.create(entry_points=False)


@pytest.fixture(scope="session")
def example_ids(examples: pd.DataFrame) -> dict[str, str]:
    """Example id (E1, E12a…) → uscc, from the names (云南示例E9…)."""
    out = {}
    for uscc, name in examples.groupby("uscc", sort=False)["name"].first().items():
        tag = str(name).removeprefix("云南示例")
        out[tag[: len(tag) - len(tag.lstrip("E0123456789abcd"))]] = uscc
    return out
