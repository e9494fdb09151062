"""Fixtures of the report tests: a small synthetic roster and reports built from it once."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from zjtx.report import Report, build_report
from zjtx.sample import generate

AS_OF = "2025-06-30"
YEAR = 2025


def yunnan_installed() -> bool:
    """Whether the Yunnan plug-in is installed (``make`` installs every plug-in)."""
    return importlib.util.find_spec("zjtx_yunnan") is not None


@pytest.fixture(scope="session")
def small_roster() -> pd.DataFrame:
    return generate(500, seed=11)


@pytest.fixture(scope="session")
def national_report(small_roster: pd.DataFrame) -> Report:
    return build_report(small_roster, jurisdiction="national", year=YEAR, as_of=AS_OF)


@pytest.fixture(scope="session")
def yunnan_report(small_roster: pd.DataFrame) -> Report:
    if not yunnan_installed():
        pytest.skip("the Yunnan plug-in (plugins/zjtx-yunnan) is not installed")
    return build_report(small_roster, jurisdiction="yunnan", year=YEAR, as_of=AS_OF)
