"""Shared fixtures: the worked examples (copied from the domain notes) and helpers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "national-2022.csv"
EXPECTED = DATA / "national-2022-expected.csv"
AS_OF = "2025-06-30"


@pytest.fixture(scope="session")
def examples_path() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def examples_frame() -> pd.DataFrame:
    import zjtx

    return zjtx.read_roster(EXAMPLES).frame


@pytest.fixture(scope="session")
def expected() -> pd.DataFrame:
    return pd.read_csv(EXPECTED, dtype={"uscc": str}).set_index("uscc")


@pytest.fixture(scope="session")
def example_ids(expected: pd.DataFrame) -> dict[str, str]:
    """Example id (E1, E12a…) → uscc, read from the `why` column."""
    return {why.split(":")[0]: uscc for uscc, why in expected["why"].items()}
